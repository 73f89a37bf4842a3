import type { Detection, Http } from '@moisson/core';
import { isObject, num, parseJson } from '../json.js';
import { gbifApiRoot } from './config.js';

/** A GBIF registry (api.gbif.org, a UAT or a national mirror) answers the dataset search with `{count, results, endOfRecords}`. */
export async function detectGbif(url: URL, http: Http): Promise<Detection | null> {
  let api: string;
  try {
    api = gbifApiRoot(url);
  } catch {
    return null;
  }
  try {
    const response = await http.get(`${api}/v1/dataset/search?limit=0`, { accept: 'application/json', maxBytes: 1024 * 1024 });
    const body = parseJson(response.body);
    if (isObject(body) && Array.isArray(body['results']) && typeof body['endOfRecords'] === 'boolean' && num(body['count']) !== undefined) {
      return { protocol: 'gbif', confidence: 0.95, url: api, title: 'GBIF registry', details: { datasets: num(body['count']) as number } };
    }
  } catch {
    return null;
  }
  return null;
}
