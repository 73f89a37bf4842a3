import { PageGuard, ProtocolError, filterValues, type Cursor, type Http, type Page, type RemoteRecord, type SourceSpec } from '@moisson/core';
import { mapLimited } from '../concurrency.js';
import { isObject, num, parseJson, str, type JsonObject } from '../json.js';
import { checkGbifFilters, GBIF_FILTER_KEYS, gbifApiRoot, resolveGbifConfig, type GbifConfig, type ResolvedGbifConfig } from './config.js';
import { explainGbifError, gbifErrorWords, isNotFound } from './remote-error.js';
import type { GbifCursor, GbifRecord } from './types.js';

export function datasetSearchUrl(api: string, filters: SourceSpec['filters'], limit: number, offset: number): string {
  const url = new URL(`${api}/v1/dataset/search`);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('offset', String(offset));
  // The registry ORs repeated values of one parameter and ANDs parameters.
  for (const key of GBIF_FILTER_KEYS) for (const value of filterValues(filters, key, 'include')) url.searchParams.append(key, value.trim());
  return url.href;
}

export function readCursor(cursor: Cursor | null): GbifCursor {
  if (cursor === null) return { offset: 0 };
  if (isObject(cursor) && typeof cursor['offset'] === 'number' && Number.isInteger(cursor['offset']) && cursor['offset'] >= 0) return { offset: cursor['offset'] };
  throw new ProtocolError(`not a GBIF cursor: ${JSON.stringify(cursor)}`);
}

/** A search answer: `{offset, limit, endOfRecords, count, results}`; anything else is a ProtocolError. */
export function readSearchBody(body: string, url: string): { results: unknown[]; endOfRecords: boolean; count?: number } {
  const parsed = parseJson(body);
  if (!isObject(parsed) || !Array.isArray(parsed['results'])) {
    const words = gbifErrorWords(body);
    throw new ProtocolError(`the GBIF dataset search did not answer {results: [...]}${words ? `: ${words}` : ''} (${url})`, url);
  }
  const count = num(parsed['count']);
  return { results: parsed['results'], endOfRecords: parsed['endOfRecords'] === true, ...(count !== undefined ? { count } : {}) };
}

/**
 * The registry's dataset search, page after page by `offset`, each dataset completed with its
 * EML document and endpoint list (fetched here so that `normalise` stays pure).
 */
export async function* gbifPages(source: SourceSpec<GbifConfig>, cursor: Cursor | null, http: Http): AsyncIterable<Page<GbifRecord>> {
  const config = resolveGbifConfig(source.config);
  checkGbifFilters(source.filters);
  const api = gbifApiRoot(source.url);
  let { offset } = readCursor(cursor);
  const guard = new PageGuard(datasetSearchUrl(api, source.filters, config.pageSize, offset));
  for (;;) {
    const url = datasetSearchUrl(api, source.filters, config.pageSize, offset);
    const verdict = guard.checkNext(url);
    if (!verdict.ok) {
      yield { url, records: [], next: null, truncated: verdict.reason };
      return;
    }
    let body: string;
    try {
      body = (await http.get(url, { accept: 'application/json' })).body;
    } catch (error) {
      throw explainGbifError(error, url, 'dataset search');
    }
    const page = readSearchBody(body, url);
    guard.markFetched(url, page.results.length);
    const datasets = page.results.filter(isObject);
    const records = await mapLimited(datasets, config.concurrency, (dataset) => completeDataset(api, dataset, config, http));
    const done = page.endOfRecords || page.results.length === 0 || (page.count !== undefined && offset + page.results.length >= page.count);
    offset += page.results.length;
    const total = page.count !== undefined ? { total: page.count } : {};
    if (done) {
      const check = guard.checkTotal(page.count);
      yield { url, records, next: null, ...total, ...(check.ok ? {} : { truncated: check.reason }) };
      return;
    }
    yield { url, records, next: { offset }, ...total };
  }
}

async function completeDataset(api: string, search: JsonObject, config: ResolvedGbifConfig, http: Http): Promise<RemoteRecord<GbifRecord>> {
  const key = str(search['key']);
  const eml = key && config.documents ? await fetchDocument(api, key, http) : null;
  const endpoints = Array.isArray(search['endpoints']) ? search['endpoints'].filter(isObject) : key ? await fetchEndpoints(api, key, http) : [];
  const raw: GbifRecord = { search, eml, endpoints };
  const original = eml !== null ? { mediaType: 'application/xml', body: eml } : { mediaType: 'application/json', body: JSON.stringify(search) };
  return { ...(key ? { remoteId: key } : {}), raw, original };
}

async function fetchDocument(api: string, key: string, http: Http): Promise<string | null> {
  const url = `${api}/v1/dataset/${encodeURIComponent(key)}/document`;
  try {
    const response = await http.get(url, { accept: 'application/xml, text/xml;q=0.9' });
    return response.body.trim() ? response.body : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw explainGbifError(error, url, 'dataset document');
  }
}

async function fetchEndpoints(api: string, key: string, http: Http): Promise<JsonObject[]> {
  const url = `${api}/v1/dataset/${encodeURIComponent(key)}/endpoint`;
  try {
    const parsed = parseJson((await http.get(url, { accept: 'application/json' })).body);
    if (!Array.isArray(parsed)) throw new ProtocolError(`the GBIF endpoint list is not a JSON array (${url})`, url);
    return parsed.filter(isObject);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw explainGbifError(error, url, 'endpoint list');
  }
}
