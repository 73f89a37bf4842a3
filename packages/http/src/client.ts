import { LimitExceeded, PageFetchError, type Http, type HttpRequestOptions, type HttpResponse, type HttpStreamResponse } from '@moisson/core';
import { AddressGuard } from './address-guard.js';
import { decodeBody } from './decode.js';
import { HostLimiter, sharedHostLimiter, sleep } from './host-limiter.js';

export interface HttpClientOptions {
  /** Per-request timeout in ms. @defaultValue 30000 */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. @defaultValue 50 MiB */
  maxBytes?: number;
  /** Redirects followed before giving up. @defaultValue 5 */
  maxRedirects?: number;
  /** Attempts for retryable failures (network, 408, 425, 429, 5xx). @defaultValue 4 */
  retries?: number;
  /** First backoff delay in ms; doubles each attempt, with jitter. @defaultValue 500 */
  backoffMs?: number;
  /** Longest wait honoured from a `Retry-After` header, in ms. @defaultValue 120000 */
  maxRetryAfterMs?: number;
  /** Requests at once to one host. @defaultValue 2 */
  hostConcurrency?: number;
  /** Minimum ms between two requests to one host. @defaultValue 0 */
  hostDelayMs?: number;
  /** Which private hosts may be fetched. @defaultValue none (only public addresses) */
  guard?: AddressGuard;
  userAgent?: string;
  /** Where per-host politeness is kept. @defaultValue the process-wide `sharedHostLimiter` */
  limiter?: HostLimiter;
}

export const DEFAULT_CONTACT_URL = 'https://github.com/moisson-harvester/moisson';
export const DEFAULT_USER_AGENT = userAgent(DEFAULT_CONTACT_URL);

/** `moisson/0.1 (metadata harvester; +<contact>)`: who we are and where to complain. */
export function userAgent(contactUrl: string | undefined = process.env.MOISSON_CONTACT_URL): string {
  return `moisson/0.1 (metadata harvester; +${contactUrl?.trim() || DEFAULT_CONTACT_URL})`;
}

/**
 * The answer with its bytes, and its text decoded when first read: a page recognised by the
 * digest of its bytes is dropped undecoded (decoding a 2.4 MB CSW page was a fifth of an
 * unchanged re-harvest's CPU).
 */
function decodedOnRead(raw: RawResponse, bytes: Uint8Array): HttpResponse {
  let text: string | undefined;
  return {
    url: raw.url,
    status: raw.status,
    headers: raw.headers,
    bytes,
    notModified: false,
    get body(): string {
      text ??= decodeBody(bytes, raw.headers['content-type']);
      return text;
    },
    set body(value: string) {
      text = value;
    },
  };
}

interface RawResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  response: Response;
}

/** The HTTP client harvesters fetch through (see `Http` in core for the contract). */
export class HttpClient implements Http {
  private readonly opts: Required<Omit<HttpClientOptions, 'guard' | 'limiter'>> & { guard: AddressGuard };
  private readonly limiter: HostLimiter;

  constructor(options: HttpClientOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
      maxRedirects: options.maxRedirects ?? 5,
      retries: options.retries ?? 4,
      backoffMs: options.backoffMs ?? 500,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      hostConcurrency: options.hostConcurrency ?? 2,
      hostDelayMs: options.hostDelayMs ?? 0,
      guard: options.guard ?? new AddressGuard(),
      userAgent: options.userAgent ?? userAgent(),
    };
    this.limiter = options.limiter ?? sharedHostLimiter;
  }

  /** Counters since this client was made: requests sent and body bytes read. */
  readonly stats = { requests: 0, bytes: 0, notModified: 0 };

  async get(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.text(url, { method: 'GET' }, options);
  }

  async post(url: string, body: string, contentType: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    return this.text(url, { method: 'POST', body, contentType }, options);
  }

  async stream(url: string, options: HttpRequestOptions = {}): Promise<HttpStreamResponse> {
    const raw = await this.withRetries(url, { method: 'GET' }, options);
    const maxBytes = options.maxBytes ?? this.opts.maxBytes;
    return { url: raw.url, status: raw.status, headers: raw.headers, body: this.limitedBody(raw, maxBytes) };
  }

  private async text(
    url: string,
    request: { method: string; body?: string; contentType?: string },
    options: HttpRequestOptions,
  ): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const raw = await this.withRetries(url, request, options);
      if (raw.status === 304) {
        this.stats.notModified++;
        await raw.response.body?.cancel();
        return { url: raw.url, status: 304, headers: raw.headers, body: '', notModified: true };
      }
      try {
        const chunks: Uint8Array[] = [];
        let total = 0;
        for await (const chunk of this.limitedBody(raw, options.maxBytes ?? this.opts.maxBytes)) {
          chunks.push(chunk);
          total += chunk.byteLength;
        }
        return decodedOnRead(raw, Buffer.concat(chunks, total));
      } catch (error) {
        if (error instanceof LimitExceeded) throw error;
        // The body broke off (reset, timeout while reading): as retryable as a failed request.
        const failure = toFetchError(error, raw.url, 'reading the answer of');
        if (attempt >= this.opts.retries) throw failure;
        await sleep(this.backoff(attempt));
      }
    }
  }

  private backoff(attempt: number): number {
    const base = this.opts.backoffMs * 2 ** (attempt - 1);
    return base / 2 + Math.random() * base;
  }

  private async *limitedBody(raw: RawResponse, maxBytes: number): AsyncIterable<Uint8Array> {
    const declared = Number(raw.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await raw.response.body?.cancel();
      throw new LimitExceeded(`response of ${declared} bytes is over the ${maxBytes}-byte limit`, raw.url, raw.status);
    }
    if (!raw.response.body) return;
    let seen = 0;
    const reader = raw.response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.byteLength;
        this.stats.bytes += value.byteLength;
        if (seen > maxBytes) {
          throw new LimitExceeded(`response is over the ${maxBytes}-byte limit`, raw.url, raw.status);
        }
        yield value;
      }
    } finally {
      reader.releaseLock();
      if (seen > maxBytes) await raw.response.body.cancel().catch(() => undefined);
    }
  }

  private async withRetries(
    url: string,
    request: { method: string; body?: string; contentType?: string },
    options: HttpRequestOptions,
  ): Promise<RawResponse> {
    let attempt = 0;
    for (;;) {
      try {
        const raw = await this.once(url, request, options);
        if (raw.status >= 400) {
          const body = await raw.response.text().catch(() => '');
          throw Object.assign(
            new PageFetchError(`${request.method} ${raw.url} answered HTTP ${raw.status}${body ? `: ${summarise(body)}` : ''}`, raw.url, raw.status, {
              body: body.slice(0, 4000),
            }),
            { retryAfterMs: retryAfter(raw.headers['retry-after']) },
          );
        }
        return raw;
      } catch (error) {
        const failure = toFetchError(error, url);
        attempt++;
        if (!failure.retryable || attempt >= this.opts.retries) throw failure;
        const hinted = (failure as { retryAfterMs?: number }).retryAfterMs;
        await sleep(Math.min(hinted ?? this.backoff(attempt), this.opts.maxRetryAfterMs));
      }
    }
  }

  private async once(
    url: string,
    request: { method: string; body?: string; contentType?: string },
    options: HttpRequestOptions,
  ): Promise<RawResponse> {
    let current = new URL(url);
    const origin = current.origin;
    for (let hop = 0; ; hop++) {
      await this.opts.guard.check(current).catch((cause: unknown) => {
        throw new LimitExceeded(`refused to fetch ${current.href}: ${(cause as Error).message}`, current.href, undefined, { cause });
      });
      const headers: Record<string, string> = {
        'user-agent': this.opts.userAgent,
        'accept-encoding': 'gzip, deflate, br',
        ...(options.accept ? { accept: options.accept } : {}),
        ...(options.etag ? { 'if-none-match': options.etag } : {}),
        ...(options.lastModified ? { 'if-modified-since': options.lastModified } : {}),
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
        ...options.headers,
        // Credentials never follow a redirect to another origin (nor a downgrade to http).
        ...(current.origin === origin ? options.credentialHeaders : {}),
      };
      const target = current;
      this.stats.requests++;
      const response = await this.limiter.run(
        target.host,
        () =>
          fetch(target, {
            method: request.method,
            headers,
            body: request.body,
            redirect: 'manual',
            signal: AbortSignal.timeout(options.timeoutMs ?? this.opts.timeoutMs),
          }),
        { concurrency: this.opts.hostConcurrency, minDelayMs: this.opts.hostDelayMs },
      );
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => (responseHeaders[key] = value));
      const location = responseHeaders.location;
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
        await response.body?.cancel();
        if (hop >= this.opts.maxRedirects) {
          throw new LimitExceeded(`more than ${this.opts.maxRedirects} redirects from ${url}`, current.href, response.status);
        }
        current = new URL(location, current);
        if (response.status === 303) request = { method: 'GET' };
        continue;
      }
      return { url: current.href, status: response.status, headers: responseHeaders, response };
    }
  }
}

function toFetchError(error: unknown, url: string, doing = 'could not reach'): PageFetchError {
  if (error instanceof PageFetchError) return error;
  const cause = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') {
    return new PageFetchError(`GET ${url} timed out`, url, undefined, { cause: error });
  }
  const detail = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? String(error);
  return new PageFetchError(`${doing} ${url} failed (${detail})`.replace(/^could not reach (.*) failed/, 'could not reach $1'), url, undefined, { cause: error });
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function summarise(body: string): string {
  const text = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
