import type { Cursor, Http, HttpRequestOptions, HttpResponse, HttpStats, HttpStreamResponse } from '@moisson/core';
import type { PageValidator } from '@moisson/store';

/** Thrown through the harvester when a page answered 304: the runner replays it from the store. */
export class PageNotModified extends Error {
  constructor(readonly url: string) {
    super(`${url} has not changed since the last run (304)`);
    this.name = 'PageNotModified';
  }
}

interface SeenGet {
  url: string;
  finalUrl: string;
  etag?: string;
  lastModified?: string;
}

/**
 * Conditional GET for every protocol, without harvesters doing anything: the runner hands
 * this wrapper to `pages()`. Before each page the runner says where the listing is
 * (`beginPage`); a GET to a URL that, from that same cursor, produced a clean page last time is
 * sent with that page's `If-None-Match` / `If-Modified-Since`. On 304 the wrapper throws
 * `PageNotModified` (whatever the harvester does with it, `takeNotModified` tells the runner),
 * and the runner accounts for the page from `page_validators`: the remote ids it held are marked
 * seen and the listing restarts from the cursor that followed it. The page is not parsed and no
 * dataset is written.
 *
 * A page is only remembered (`validatorsFor`) when it came from exactly one request, a GET to
 * the page's URL that carried an `ETag` or `Last-Modified`: a page assembled from several
 * requests (a listing plus per-record fetches) could change behind an unchanged listing.
 *
 * Validators are looked up one page at a time (`findValidator`), never all loaded: a source's
 * validators hold every remote id it listed, as large as the catalogue.
 */
export class ConditionalHttp implements Http {
  private cursorBefore = 'null';
  private gets: SeenGet[] = [];
  private requests = 0;
  private pending: PageValidator | undefined;

  constructor(
    private readonly inner: Http,
    /** The stored validator of a page, by URL and the cursor before it; absent: none is sent. */
    private readonly findValidator?: (url: string, cursorBefore: string) => Promise<PageValidator | undefined>,
  ) {}

  get stats(): HttpStats | undefined {
    return this.inner.stats;
  }

  /** The listing is at `cursor`: requests from now on belong to the page that follows it. */
  beginPage(cursor: Cursor | null): void {
    this.cursorBefore = JSON.stringify(cursor);
    this.gets = [];
    this.requests = 0;
    this.pending = undefined;
  }

  get currentCursorBefore(): string {
    return this.cursorBefore;
  }

  async get(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    this.requests++;
    const ownValidators = options.etag !== undefined || options.lastModified !== undefined;
    const known = ownValidators || !this.findValidator ? undefined : await this.findValidator(url, this.cursorBefore);
    const response = await this.inner.get(url, known ? { ...options, etag: known.etag, lastModified: known.lastModified } : options);
    if (known && response.notModified) {
      this.pending = known;
      throw new PageNotModified(url);
    }
    this.gets.push({ url, finalUrl: response.url, etag: response.headers['etag'], lastModified: response.headers['last-modified'] });
    return response;
  }

  async post(url: string, body: string, contentType: string, options?: HttpRequestOptions): Promise<HttpResponse> {
    this.requests++;
    return this.inner.post(url, body, contentType, options);
  }

  async stream(url: string, options?: HttpRequestOptions): Promise<HttpStreamResponse> {
    this.requests++;
    return this.inner.stream(url, options);
  }

  /** The stored page the remote said is unchanged since `beginPage`, if any (then forgotten). */
  takeNotModified(): PageValidator | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  /** The validators to remember for the page just produced, when it can be replayed safely. */
  validatorsFor(pageUrl: string): { url: string; etag?: string; lastModified?: string } | undefined {
    const only = this.gets[0];
    if (this.requests !== 1 || !only) return undefined;
    if (only.url !== pageUrl && only.finalUrl !== pageUrl) return undefined;
    if (!only.etag && !only.lastModified) return undefined;
    return { url: only.url, ...(only.etag ? { etag: only.etag } : {}), ...(only.lastModified ? { lastModified: only.lastModified } : {}) };
  }
}
