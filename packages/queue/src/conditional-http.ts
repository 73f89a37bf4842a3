import type { Cursor, Http, HttpRequestOptions, HttpResponse, HttpStats, HttpStreamResponse } from '@moisson/core';
import type { PageValidator } from '@moisson/store';
import { BodyDigest, digestedBody, readAhead, replayed } from './body-digest.js';

/**
 * Thrown through the harvester when a page is known unchanged (a 304, or a body with the digest
 * stored for it): the runner replays it from the store.
 */
export class PageNotModified extends Error {
  constructor(
    readonly url: string,
    readonly by: '304' | 'body digest',
  ) {
    super(`${url} has not changed since the last run (${by === '304' ? '304' : 'same body digest'})`);
    this.name = 'PageNotModified';
  }
}

/** The most of a streamed body held in memory to compare its digest before the harvester reads it. */
export const MAX_BUFFERED_BODY_BYTES = 32 * 1024 * 1024;

export interface BodyDigestOptions {
  /** The run's settings digest (`settingsDigest`): the source's settings and moisson's code. */
  settings: Buffer;
  /**
   * Digest POST answers only. An incremental run's GETs carry the moving time in their URL, so no
   * stored page ever matches them (and each would be stored anew); a POST's page is known by its
   * URL and cursor alone. @defaultValue false
   */
  postsOnly?: boolean;
  /**
   * Whether GETs are looked up at all; false when an incremental run's source has no page the
   * remote validates itself (ETag, Last-Modified), so no stored page can serve them. @defaultValue true
   */
  lookUpGets?: boolean;
  /** @defaultValue MAX_BUFFERED_BODY_BYTES */
  maxBufferedBytes?: number;
}

/** What the page's own requests answered, as far as remembering the page goes. */
interface SeenGet {
  url: string;
  finalUrl: string;
  etag?: string;
  lastModified?: string;
  /** Set once the whole body went by, when the page is validated by its digest. */
  bodyDigest?: string;
}

/** The validators remembered with a page. */
export type PageValidators = Pick<PageValidator, 'url' | 'etag' | 'lastModified' | 'bodyDigest'>;

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
 * the page's URL that carried an `ETag` or `Last-Modified` or whose body was digested: a page assembled from several
 * requests (a listing plus per-record fetches) could change behind an unchanged listing.
 *
 * When the server sends neither `ETag` nor `Last-Modified` (and for every streamed body, since
 * streams are never sent conditionally), the page is remembered by a digest of its body instead
 * (`BodyDigest`, given `digests`): the next GET of that page is sent plainly, its body downloaded
 * and hashed, and an equal digest is handled like a 304. What that saves is parsing,
 * normalising and the per-record lookups. A streamed body is hashed as it passes; when a digest
 * is stored for the page, up to `maxBufferedBytes` of it are read ahead to compare first, then
 * handed to the harvester whole if they differ (or if the body is longer).
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
    /** Remember pages without `ETag`/`Last-Modified` by their body's digest; absent: never. */
    private readonly digests?: BodyDigestOptions,
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
    const known = ownValidators || this.digests?.lookUpGets === false ? undefined : await this.lookUp(url);
    const conditional = known !== undefined && (known.etag !== undefined || known.lastModified !== undefined);
    const response = await this.inner.get(url, conditional ? { ...options, etag: known.etag, lastModified: known.lastModified } : options);
    if (known && response.notModified) {
      this.pending = known;
      throw new PageNotModified(url, '304');
    }
    const seen: SeenGet = { url, finalUrl: response.url, etag: response.headers['etag'], lastModified: response.headers['last-modified'] };
    if (this.digests && !this.digests.postsOnly && !ownValidators && !seen.etag && !seen.lastModified && !response.notModified) {
      seen.bodyDigest = new BodyDigest(this.digests.settings, 'text', response.url, response.headers['content-type']).update(response.bytes ?? response.body).digest();
      this.replayIfSameDigest(url, known, seen.bodyDigest);
    }
    this.gets.push(seen);
    return response;
  }

  /**
   * A POST is never sent conditionally (CSW GetRecords by POST): its page is known by the digest
   * of what came back, looked up while the request goes out. What was asked is not hashed: it
   * follows from the settings and the cursor (the page's key), and from the time an incremental
   * run asks from, which moves every run. A server that ignores that constraint (as some CSW
   * servers do with `apiso:Modified`) answers the same pages every time, and they are then
   * recognised; equal bodies are the same records whatever the request was.
   */
  async post(url: string, body: string, contentType: string, options?: HttpRequestOptions): Promise<HttpResponse> {
    this.requests++;
    if (!this.digests) return this.inner.post(url, body, contentType, options);
    const [known, response] = await Promise.all([this.lookUp(url), this.inner.post(url, body, contentType, options)]);
    const seen: SeenGet = { url, finalUrl: response.url };
    seen.bodyDigest = new BodyDigest(this.digests.settings, 'post', response.url, response.headers['content-type']).update(response.bytes ?? response.body).digest();
    this.replayIfSameDigest(url, known, seen.bodyDigest);
    this.gets.push(seen);
    return response;
  }

  async stream(url: string, options?: HttpRequestOptions): Promise<HttpStreamResponse> {
    this.requests++;
    if (!this.digests || this.digests.postsOnly) return this.inner.stream(url, options);
    // No header depends on the stored page here, so it is looked up while the request goes out.
    const [known, response] = await Promise.all([this.lookUp(url), this.inner.stream(url, options)]);
    const seen: SeenGet = { url, finalUrl: response.url };
    this.gets.push(seen);
    const digest = new BodyDigest(this.digests.settings, 'stream', response.url, response.headers['content-type']);
    const body = response.body[Symbol.asyncIterator]();
    let head: Uint8Array[] = [];
    if (known?.bodyDigest) {
      const read = await readAhead(body, digest, this.digests.maxBufferedBytes ?? MAX_BUFFERED_BODY_BYTES);
      if (read.ended) {
        seen.bodyDigest = digest.digest();
        this.replayIfSameDigest(url, known, seen.bodyDigest);
        return { ...response, body: replayed(read.chunks) };
      }
      head = read.chunks;
    }
    return { ...response, body: digestedBody(head, body, digest, (value) => (seen.bodyDigest = value)) };
  }

  /** The page hashes as stored: it is replayed, as on a 304 (the runner takes it with `takeNotModified`). */
  private replayIfSameDigest(url: string, known: PageValidator | undefined, digest: string): void {
    if (known?.bodyDigest !== digest) return;
    this.pending = known;
    throw new PageNotModified(url, 'body digest');
  }

  private async lookUp(url: string): Promise<PageValidator | undefined> {
    return this.findValidator ? this.findValidator(url, this.cursorBefore) : undefined;
  }

  /** The stored page the remote said is unchanged since `beginPage`, if any (then forgotten). */
  takeNotModified(): PageValidator | undefined {
    const pending = this.pending;
    this.pending = undefined;
    return pending;
  }

  /** The validators to remember for the page just produced, when it can be replayed safely. */
  validatorsFor(pageUrl: string): PageValidators | undefined {
    const only = this.gets[0];
    if (this.requests !== 1 || !only) return undefined;
    if (only.url !== pageUrl && only.finalUrl !== pageUrl) return undefined;
    if (only.etag || only.lastModified) {
      return { url: only.url, ...(only.etag ? { etag: only.etag } : {}), ...(only.lastModified ? { lastModified: only.lastModified } : {}) };
    }
    return only.bodyDigest ? { url: only.url, bodyDigest: only.bodyDigest } : undefined;
  }
}
