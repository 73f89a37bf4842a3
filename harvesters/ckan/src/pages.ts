import { jsonArrayElementTexts, PageGuard, ProtocolError, RecentIds, SourceConfigError, type Cursor, type Http, type Page, type PageItemError, type RemoteRecord, type SourceSpec } from '@moisson/core';
import { buildFq, checkFilters, resolveConfig, type CkanConfig } from './config.js';
import { callAction } from './envelope.js';
import { isObject, str, type JsonObject } from './json.js';
import { actionBase, actionUrl } from './site.js';
import type { CkanPackage } from './types.js';

/** ckanext-harvest's order: stable while paging, so `start` means the same thing on every page. */
export const CKAN_SORT = 'id asc';

/**
 * Ids remembered to drop repeats: a page that only repeats the pages before it (`start`
 * ignored) and the few records a catalogue changing during the run shifts across a page
 * boundary are all recent, and a whole catalogue of this size is still checked exactly; a
 * larger one no longer costs memory in proportion to its size (1M ids are about 90 MB).
 */
export const CKAN_RECENT_IDS = 20_000;

interface SearchPage {
  packages: unknown[];
  /** Absent for DKAN, whose `package_search` answers a bare array. */
  count?: number;
}

/** `{count, results}` (CKAN) or a bare array (DKAN); anything else is a ProtocolError. */
export function readSearchResult(result: unknown, url: string): SearchPage {
  if (Array.isArray(result)) return { packages: result };
  if (isObject(result) && Array.isArray(result['results'])) {
    const count = result['count'];
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? { packages: result['results'], count } : { packages: result['results'] };
  }
  throw new ProtocolError(`package_search at ${url} answered a result with neither "results" nor a list of packages`, url);
}

export function readCursor(cursor: Cursor | null): number {
  if (cursor === null) return 0;
  const start = isObject(cursor) ? cursor['start'] : undefined;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) {
    throw new SourceConfigError(`not a CKAN cursor: ${JSON.stringify(cursor)}`, 'cursor');
  }
  return start;
}

/**
 * A package as a remote record. `text` is the package exactly as the page wrote it (see
 * `packageTexts`); without it the original is the package serialised again.
 */
export function toRemoteRecord(pkg: JsonObject, text?: string): RemoteRecord<CkanPackage> {
  const id = str(pkg['id']);
  const record: RemoteRecord<CkanPackage> = { raw: pkg, original: { mediaType: 'application/json', body: text ?? JSON.stringify(pkg) } };
  return id ? { ...record, remoteId: id } : record;
}

/**
 * Each package of a `package_search` answer as its text in the body, in order, or undefined
 * when they cannot be told apart. Serialising a parsed package again loses what JSON.parse
 * normalised: escapes, number forms, integers beyond 2^53 (rounded), repeated keys.
 */
export function packageTexts(body: string, result: unknown, count: number): string[] | undefined {
  const texts = jsonArrayElementTexts(body, Array.isArray(result) ? ['result'] : ['result', 'results']);
  return texts?.length === count ? texts : undefined;
}

/**
 * Reads `package_search` page by page, `rows`/`start` with a stable sort, filters in `fq`.
 *
 * Stops when `start` reaches `count` (or, without a count, on a short page); marks the listing `truncated` when a
 * page only repeats ids read lately (`CKAN_RECENT_IDS`: a server ignoring `start` or `sort`) or when the count
 * announced was never delivered.
 */
export async function* ckanPages(source: SourceSpec<CkanConfig>, cursor: Cursor | null, http: Http): AsyncIterable<Page<CkanPackage>> {
  const config = resolveConfig(source.config);
  checkFilters(source.filters);
  const base = actionBase(source.url);
  const fq = buildFq(source.filters, source.modifiedSince);
  const resumedAt = readCursor(cursor);
  let start = resumedAt;
  const guard = new PageGuard(base);
  const seen = new RecentIds(CKAN_RECENT_IDS);

  for (;;) {
    const url = actionUrl(base, 'package_search', { fq, rows: config.pageSize, start, sort: CKAN_SORT, include_private: 'false' });
    const verdict = guard.checkNext(url);
    if (!verdict.ok) throw new ProtocolError(verdict.reason, url);
    const { result, response } = await callAction(http, url, 'package_search');
    const { packages, count } = readSearchResult(result, url);
    const texts = packageTexts(response.body, result, packages.length);

    const records: RemoteRecord<CkanPackage>[] = [];
    const errors: PageItemError[] = [];
    let repeated = 0;
    packages.forEach((pkg, index) => {
      if (!isObject(pkg)) {
        errors.push({ message: `package_search result #${start + index} is not an object` });
        return;
      }
      const id = str(pkg['id']);
      if (id !== undefined && seen.has(id)) {
        repeated++;
        return;
      }
      if (id !== undefined) seen.add(id);
      records.push(toRemoteRecord(pkg, texts?.[index]));
    });
    guard.markFetched(url, packages.length - repeated);

    const page: Page<CkanPackage> = { url, records, next: null, ...(count !== undefined ? { total: count } : {}), ...(errors.length ? { errors } : {}) };
    if (packages.length > 0 && repeated === packages.length) {
      yield { ...page, truncated: `package_search at start=${start} only repeated ${repeated} datasets already read: the server ignores start or sort` };
      return;
    }
    const nextStart = start + packages.length;
    // With a count, a short page is not the end: sites that cap `rows` below what we asked
    // (`ckan.search.rows_max`) answer short pages all along.
    const last = packages.length === 0 || (count !== undefined ? nextStart >= count : packages.length < config.pageSize);
    if (last) {
      const total = guard.checkTotal(count === undefined ? undefined : count - resumedAt);
      yield total.ok ? page : { ...page, truncated: total.reason };
      return;
    }
    yield { ...page, next: { start: nextStart } };
    start = nextStart;
  }
}
