import { PageGuard, ProtocolError, type Page } from '@moisson/core';
import { isObject, num, parseJson } from './json.js';
import type { ListingContext } from './pages-v2.js';
import { v1FacetParams, withParams } from './query.js';
import { toRecords } from './records.js';
import { explainFetchError, readOdsError } from './remote-error.js';
import type { OdsCursor, OdsDataset } from './types.js';

export type V1Cursor = Extract<OdsCursor, { api: 'v1' }>;

export function v1SearchUrl(portal: string): string {
  return `${portal}/api/datasets/1.0/search/`;
}

/**
 * v1 has no ODSQL: the operator's `where` and the incremental date go in `q`, the v1 query
 * language (`field>=value`); the date is cut to the day, which can only widen the selection.
 */
export function v1Query(ctx: ListingContext): string | undefined {
  const since = ctx.source.modifiedSince ? `metadata_processed>=${ctx.source.modifiedSince.slice(0, 10)}` : undefined;
  const parts = [ctx.config.where, since].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
}

export function v1PageUrl(ctx: ListingContext, cursor: V1Cursor): string {
  return withParams(v1SearchUrl(ctx.portal), [
    ['rows', ctx.config.pageSize],
    ['start', cursor.start],
    ['interopmetas', 'true'],
    ['q', v1Query(ctx)],
    ...v1FacetParams(ctx.source.filters),
    ['lang', ctx.config.lang],
  ]);
}

/** A v1 search body: `{nhits, parameters, datasets}`. */
export function readV1Body(body: string, url: string): { total: number; datasets: unknown[] } {
  const parsed = parseJson(body);
  if (!isObject(parsed)) throw new ProtocolError(`not a JSON object from the ODS v1 search: ${url}`, url);
  const datasets = parsed['datasets'];
  const total = num(parsed['nhits']);
  if (!Array.isArray(datasets) || total === undefined) {
    const ods = readOdsError(parsed);
    if (ods) throw new ProtocolError(`Opendatasoft answered an error${ods.code ? ` ${ods.code}` : ''}: ${ods.message} (${url})`, url);
    throw new ProtocolError(`the ODS v1 search answer has no nhits/datasets: ${url}`, url);
  }
  return { total, datasets };
}

/** The Explore API v1 dataset search (old portals), page by page. */
export async function* v1Pages(ctx: ListingContext, start: V1Cursor): AsyncGenerator<Page<OdsDataset>> {
  const guard = new PageGuard(ctx.portal);
  let cursor: V1Cursor | null = start;
  while (cursor) {
    const url = v1PageUrl(ctx, cursor);
    const verdict = guard.checkNext(url);
    if (!verdict.ok) throw new ProtocolError(`ODS v1 paging stopped: ${verdict.reason}`, url);
    let body: string;
    try {
      body = (await ctx.http.get(url, { accept: 'application/json' })).body;
    } catch (error) {
      throw explainFetchError(error, url);
    }
    const { total, datasets } = readV1Body(body, url);
    const { records, errors } = toRecords(datasets, url, body, 'datasets');
    guard.markFetched(url, datasets.length);
    const read: number = cursor.start + datasets.length;
    const more: boolean = datasets.length >= ctx.config.pageSize && read < total;
    const next: V1Cursor | null = more ? { api: 'v1', start: read } : null;
    const page: Page<OdsDataset> = { url, records, next, total };
    if (errors.length) page.errors = errors;
    if (!next && read < total) page.truncated = `ODS announced ${total} datasets but the listing ended after ${read} (${url})`;
    yield page;
    cursor = next;
  }
}
