/**
 * The HTTP contract harvesters fetch through. The implementation (timeouts, size limits,
 * retries with backoff, redirect and private-address guards, politeness) lives in
 * `@moisson/http`; harvesters only see this interface, so they stay testable and never
 * open a socket on their own.
 */
export interface HttpRequestOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** `Accept` header. */
  accept?: string;
  /** Conditional GET validators from a previous run. */
  etag?: string;
  lastModified?: string;
  /** Override the client's byte limit for this response. */
  maxBytes?: number;
  /** Override the client's timeout (ms) for this request. */
  timeoutMs?: number;
  /**
   * Headers that carry credentials (`Authorization`, an API key): sent to the origin of the URL
   * asked for only, and dropped as soon as a redirect leads to another origin.
   */
  credentialHeaders?: Record<string, string>;
}

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The decoded body ('' on 304). */
  body: string;
  /**
   * The body as it arrived, before decoding, when the client kept it: a page known by its digest
   * is recognised from these bytes, and its text is then never decoded (the client decodes `body`
   * on first read).
   */
  bytes?: Uint8Array;
  /** True when the server answered 304 to a conditional request. */
  notModified: boolean;
}

export interface HttpStreamResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The raw body; the byte limit is enforced while it is read. */
  body: AsyncIterable<Uint8Array>;
}

export interface HttpStats {
  requests: number;
  bytes: number;
  notModified: number;
}

/**
 * Non-2xx answers (other than 304) reject with a `PageFetchError` carrying the status and the
 * start of the body, after the client's retries for retryable ones (429, 5xx, network).
 */
export interface Http {
  /**
   * What this client has spent so far (requests sent, body bytes read, 304 answers), when it
   * counts: the runner reports it per job. Optional, so test doubles need not implement it.
   */
  readonly stats?: HttpStats;
  get(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  post(url: string, body: string, contentType: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  stream(url: string, options?: HttpRequestOptions): Promise<HttpStreamResponse>;
}
