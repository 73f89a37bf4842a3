import { BadCursor, type SearchQuery } from '@moisson/store';
import { ApiError } from '../errors.js';
import type { DatasetListQuery } from '../schemas.js';

/** `west,south,east,north` in degrees, checked: a typo must not silently match nothing. */
export function parseBbox(value: string): [number, number, number, number] {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [w, s, e, n] = parts as [number, number, number, number];
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    throw new ApiError(400, 'validation_failed', `querystring/bbox must be four numbers west,south,east,north, got "${value}"`);
  }
  if (w < -180 || e > 180 || s < -90 || n > 90 || w > e || s > n) {
    throw new ApiError(400, 'validation_failed', `querystring/bbox "${value}" is not west,south,east,north in degrees with west <= east and south <= north`);
  }
  return [w, s, e, n];
}

/** The repository query for the API's query string. */
export function searchQuery(query: DatasetListQuery): SearchQuery {
  return {
    q: query.q,
    source: query.source,
    publisher: query.publisher,
    theme: query.theme,
    keyword: query.keyword,
    format: query.format,
    license: query.license,
    language: query.language,
    status: query.status ?? 'active',
    bbox: query.bbox === undefined ? undefined : parseBbox(query.bbox),
    modifiedSince: query.modified_since,
    qualityMin: query.quality_min,
    sort: query.sort,
    cursor: query.cursor,
    page: query.page,
    pageSize: query.pageSize,
    facetSize: query.facet_size,
  };
}

export function badCursor(error: unknown): never {
  if (error instanceof BadCursor) throw new ApiError(400, 'bad_cursor', error.message, { cause: error });
  throw error;
}
