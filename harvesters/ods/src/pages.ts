import { SourceConfigError, type Cursor, type Http, type Page, type SourceSpec } from '@moisson/core';
import { checkFilters, portalRoot, resolveConfig, type OdsConfig } from './config.js';
import { isObject, num, str } from './json.js';
import { v1Pages } from './pages-v1.js';
import { v2Pages, type ListingContext } from './pages-v2.js';
import type { OdsCursor, OdsDataset } from './types.js';

/** A stored cursor, checked: a cursor from another harvester or version fails now. */
export function readCursor(cursor: Cursor | null): OdsCursor | null {
  if (cursor === null || cursor === undefined) return null;
  if (isObject(cursor)) {
    const api = cursor['api'];
    const offset = num(cursor['offset']);
    const start = num(cursor['start']);
    const after = str(cursor['after']);
    const seen = num(cursor['seen']);
    const last = str(cursor['last']);
    if (api === 'v2.1' && after !== undefined && seen !== undefined) return { api, after, seen };
    if (api === 'v2.1' && offset !== undefined && offset >= 0) return last ? { api, offset, last } : { api, offset };
    if (api === 'v1' && start !== undefined && start >= 0) return { api, start };
  }
  throw new SourceConfigError(`not an ODS cursor: ${JSON.stringify(cursor)}`, 'cursor');
}

/** The catalogue of an ODS portal, from the cursor on, through the API the config names. */
export async function* odsPages(source: SourceSpec<Partial<OdsConfig>>, cursor: Cursor | null, http: Http): AsyncGenerator<Page<OdsDataset>> {
  const config = resolveConfig(source.config);
  checkFilters(source.filters);
  const ctx: ListingContext = { portal: portalRoot(source.url), source: source as SourceSpec<unknown>, config, http };
  const resume = readCursor(cursor);
  if (resume?.api === 'v1' || (!resume && config.apiVersion === 'v1')) {
    if (config.apiVersion === 'v2.1') throw new SourceConfigError('the cursor is for API v1 but the source is set to v2.1', 'apiVersion');
    yield* v1Pages(ctx, resume?.api === 'v1' ? resume : { api: 'v1', start: 0 });
    return;
  }
  if (resume && config.apiVersion === 'v1') throw new SourceConfigError('the cursor is for API v2.1 but the source is set to v1', 'apiVersion');
  const fallback = !resume && config.apiVersion === 'auto' ? () => v1Pages(ctx, { api: 'v1', start: 0 }) : undefined;
  yield* v2Pages(ctx, resume ?? { api: 'v2.1', offset: 0 }, fallback);
}
