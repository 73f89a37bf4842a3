import { PageGuard, ProtocolError, type Http, type Page, type SourceSpec } from '@moisson/core';
import type { ResolvedOdsConfig } from './config.js';
import { isObject, num, parseJson } from './json.js';
import { andWhere, odsqlDate, odsqlString, v2FacetParams, withParams } from './query.js';
import { datasetIdOf } from './records.js';
import { toRecords } from './records.js';
import { explainFetchError, isOffsetCapError, readOdsError } from './remote-error.js';
import type { OdsCursor, OdsDataset } from './types.js';

export type V2Cursor = Extract<OdsCursor, { api: 'v2.1' }>;

export interface ListingContext {
  portal: string;
  source: SourceSpec<unknown>;
  config: ResolvedOdsConfig;
  http: Http;
}

export function v2DatasetsUrl(portal: string): string {
  return `${portal}/api/explore/v2.1/catalog/datasets`;
}

/** The ODSQL `where` for a page: the operator's clause, the incremental date, the keyset bound. */
export function v2Where(ctx: ListingContext, after?: string): string | undefined {
  const since = ctx.source.modifiedSince ? `metadata_processed >= ${odsqlDate(ctx.source.modifiedSince)}` : undefined;
  const keyset = after !== undefined ? `dataset_id > ${odsqlString(after)}` : undefined;
  return andWhere([ctx.config.where, since, keyset]);
}

/** The request for one page. Both modes order by dataset_id, so switching loses nothing. */
export function v2PageUrl(ctx: ListingContext, cursor: V2Cursor): string {
  const keyset = 'after' in cursor;
  return withParams(v2DatasetsUrl(ctx.portal), [
    ['limit', ctx.config.pageSize],
    ['offset', keyset ? undefined : cursor.offset],
    ['order_by', 'dataset_id'],
    ['include_app_metas', 'true'],
    ['where', v2Where(ctx, keyset ? cursor.after : undefined)],
    ...v2FacetParams(ctx.source.filters),
    ['lang', ctx.config.lang],
  ]);
}

/** A v2.1 listing body: `{total_count, results}`; an error envelope or anything else is a ProtocolError. */
export function readV2Body(body: string, url: string): { total: number; results: unknown[] } {
  const parsed = parseJson(body);
  const ods = readOdsError(parsed);
  if (ods && !(isObject(parsed) && Array.isArray(parsed['results']))) {
    throw new ProtocolError(`Opendatasoft answered an error${ods.code ? ` ${ods.code}` : ''}: ${ods.message} (${url})`, url);
  }
  if (!isObject(parsed)) throw new ProtocolError(`not a JSON object from the ODS v2.1 catalogue: ${url}`, url);
  const results = parsed['results'];
  const total = num(parsed['total_count']);
  if (!Array.isArray(results) || total === undefined) {
    throw new ProtocolError(`the ODS v2.1 catalogue answer has no total_count/results: ${url}`, url);
  }
  return { total, results };
}

/** Where to go after a page, or null at the end; switches to keyset before the offset cap. */
export function nextV2Cursor(cursor: V2Cursor, read: number, total: number, lastId: string | undefined, config: ResolvedOdsConfig): V2Cursor | null {
  const limit = config.pageSize;
  if ('after' in cursor) {
    if (read < limit || read >= total || !lastId) return null;
    return { api: 'v2.1', after: lastId, seen: cursor.seen + read };
  }
  const offset = cursor.offset + read;
  if (read < limit || offset >= total || !lastId) return null;
  if (offset + limit > config.offsetCap) return { api: 'v2.1', after: lastId, seen: offset };
  return { api: 'v2.1', offset, last: lastId };
}

/**
 * The Explore API v2.1 catalogue, page by page. `onNotFound` is called when the very first
 * request answers 404 (a portal without v2.1), so `auto` can fall back to v1.
 */
export async function* v2Pages(
  ctx: ListingContext,
  start: V2Cursor,
  onNotFound?: () => AsyncIterable<Page<OdsDataset>>,
): AsyncGenerator<Page<OdsDataset>> {
  const guard = new PageGuard(ctx.portal);
  let cursor: V2Cursor | null = start;
  let first = true;
  while (cursor) {
    const url = v2PageUrl(ctx, cursor);
    const verdict = guard.checkNext(url);
    if (!verdict.ok) throw new ProtocolError(`ODS v2.1 paging stopped: ${verdict.reason}`, url);
    let body: string;
    try {
      body = (await ctx.http.get(url, { accept: 'application/json' })).body;
    } catch (error) {
      if (first && onNotFound && isStatus(error, 404)) {
        yield* onNotFound();
        return;
      }
      // A portal with a lower cap than ours: continue by keyset from the last id we know.
      if (!('after' in cursor) && cursor.last && isOffsetCapError(error)) {
        cursor = { api: 'v2.1', after: cursor.last, seen: cursor.offset };
        continue;
      }
      throw explainFetchError(error, url);
    }
    first = false;
    const { total, results } = readV2Body(body, url);
    const { records, errors } = toRecords(results, url, body, 'results');
    guard.markFetched(url, results.length);
    const lastRecord = records.at(-1);
    const lastId = lastRecord ? datasetIdOf(lastRecord.raw) : undefined;
    // A portal that ignores the keyset bound would hand back pages already read.
    if ('after' in cursor && lastId !== undefined && lastId <= cursor.after) {
      throw new ProtocolError(`ODS ignored the keyset bound dataset_id > "${cursor.after}" (last id ${lastId}): ${url}`, url);
    }
    const next = nextV2Cursor(cursor, results.length, total, lastId, ctx.config);
    const seenBefore = 'after' in cursor ? cursor.seen : cursor.offset;
    const announced = 'after' in cursor ? cursor.seen + total : total;
    const page: Page<OdsDataset> = { url, records, next, total: announced };
    if (errors.length) page.errors = errors;
    if (!next && seenBefore + results.length < announced) {
      page.truncated = `ODS announced ${announced} datasets but the listing ended after ${seenBefore + results.length} (${url})`;
    }
    yield page;
    cursor = next;
  }
}

function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status;
}
