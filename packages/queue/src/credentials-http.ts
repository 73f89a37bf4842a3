import type { Http, HttpRequestOptions, HttpResponse, HttpStats, HttpStreamResponse } from '@moisson/core';
import type { SourceCredentials } from '@moisson/store';

/** The request headers that present a source's credentials. */
export function credentialHeaders(credentials: SourceCredentials): Record<string, string> {
  if (credentials.type === 'basic') {
    return { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}` };
  }
  return { [credentials.name.toLowerCase()]: credentials.value };
}

/**
 * The runner's `Http` for a source with credentials: requests to the source's own origin
 * (scheme, host and port of its URL) carry them, requests anywhere else do not — a harvester
 * also fetches linked documents on other hosts. They go as `credentialHeaders`, which the client
 * drops when a redirect leaves that origin.
 */
export class CredentialedHttp implements Http {
  private readonly origin: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly inner: Http,
    sourceUrl: string,
    credentials: SourceCredentials,
  ) {
    this.origin = new URL(sourceUrl).origin;
    this.headers = credentialHeaders(credentials);
  }

  get stats(): HttpStats | undefined {
    return this.inner.stats;
  }

  private options(url: string, options: HttpRequestOptions = {}): HttpRequestOptions {
    let origin: string | undefined;
    try {
      origin = new URL(url).origin;
    } catch {
      return options; // the client reports the bad URL
    }
    return origin === this.origin ? { ...options, credentialHeaders: { ...options.credentialHeaders, ...this.headers } } : options;
  }

  get(url: string, options?: HttpRequestOptions): Promise<HttpResponse> {
    return this.inner.get(url, this.options(url, options));
  }

  post(url: string, body: string, contentType: string, options?: HttpRequestOptions): Promise<HttpResponse> {
    return this.inner.post(url, body, contentType, this.options(url, options));
  }

  stream(url: string, options?: HttpRequestOptions): Promise<HttpStreamResponse> {
    return this.inner.stream(url, this.options(url, options));
  }
}
