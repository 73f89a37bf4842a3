/**
 * Guards every paged protocol needs, in one place: a page seen before (a loop), a next link
 * to another host, a page with nothing on it, a total that lies.
 */
export type PageVerdict = { ok: true } | { ok: false; reason: string };

export class PageGuard {
  private readonly seen = new Set<string>();
  private readonly origin: string;
  private received = 0;

  /**
   * @param startUrl the first page: its host is the only host `next` links may point to.
   * @param maxPages a hard stop, so a remote that invents pages forever cannot keep us busy.
   */
  constructor(startUrl: string, private readonly maxPages = 1_000_000) {
    this.origin = new URL(startUrl).host.toLowerCase();
  }

  /** Call before fetching a page. Returns why not, when the page must not be fetched. */
  checkNext(url: string): PageVerdict {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, reason: `next page link is not a URL: ${url}` };
    }
    if (parsed.host.toLowerCase() !== this.origin) {
      return { ok: false, reason: `next page link points to another host (${parsed.host}, expected ${this.origin}): ${url}` };
    }
    if (this.seen.has(parsed.href)) {
      return { ok: false, reason: `next page link repeats a page already read: ${url}` };
    }
    if (this.seen.size >= this.maxPages) {
      return { ok: false, reason: `stopped after ${this.maxPages} pages` };
    }
    return { ok: true };
  }

  /** Record a fetched page and how many records it held. */
  markFetched(url: string, records: number): void {
    this.seen.add(new URL(url).href);
    this.received += records;
  }

  /** Records received so far. */
  get recordsReceived(): number {
    return this.received;
  }

  /**
   * Compare what the remote announced with what it gave, at the end of a listing.
   * A total larger than what was delivered means records were lost (or the total lies).
   */
  checkTotal(announced: number | undefined): PageVerdict {
    if (announced === undefined || announced <= this.received) return { ok: true };
    return { ok: false, reason: `the remote announced ${announced} records but the listing ended after ${this.received}` };
  }
}

/** Resolve a possibly relative next link against the page that carried it. */
export function resolveLink(link: string, base: string): string {
  return new URL(link, base).href;
}

/**
 * The ids a listing delivered lately, to drop a record a later page repeats (a catalogue that
 * shifted under offset paging, a server ignoring `start`) without holding every id of a
 * million-record listing: past `capacity`, the oldest id is forgotten.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    if (this.ids.size === this.capacity) this.ids.delete(this.ids.values().next().value as string);
    this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
