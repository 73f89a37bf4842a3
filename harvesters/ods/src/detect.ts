import type { Detection, Http } from '@moisson/core';
import { portalRoot } from './config.js';
import { isObject, num, parseJson } from './json.js';
import { v1SearchUrl } from './pages-v1.js';
import { v2DatasetsUrl } from './pages-v2.js';

/**
 * An ODS portal answers `/api/explore/v2.1/catalog/datasets?limit=0` with `{total_count, results}`;
 * an older one only `/api/datasets/1.0/search/?rows=0` with `{nhits, parameters, datasets}`.
 */
export async function detectOds(url: URL, http: Http): Promise<Detection | null> {
  let portal: string;
  try {
    portal = portalRoot(url);
  } catch {
    return null;
  }
  const v2 = await probe(http, `${v2DatasetsUrl(portal)}?limit=0`);
  if (isObject(v2) && Array.isArray(v2['results']) && num(v2['total_count']) !== undefined) {
    return { protocol: 'ods', confidence: 0.95, url: portal, details: { apiVersion: 'v2.1', datasets: num(v2['total_count']) as number } };
  }
  const v1 = await probe(http, `${v1SearchUrl(portal)}?rows=0`);
  if (isObject(v1) && Array.isArray(v1['datasets']) && num(v1['nhits']) !== undefined) {
    return { protocol: 'ods', confidence: 0.9, url: portal, details: { apiVersion: 'v1', datasets: num(v1['nhits']) as number } };
  }
  return null;
}

async function probe(http: Http, url: string): Promise<unknown> {
  try {
    const response = await http.get(url, { accept: 'application/json', maxBytes: 1024 * 1024 });
    return parseJson(response.body);
  } catch {
    return undefined;
  }
}
