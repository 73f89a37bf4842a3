import { MoissonError, type Detection, type Http, type JsonValue } from '@moisson/core';
import { callAction } from './envelope.js';
import { isObject, str } from './json.js';
import { actionBase, actionUrl, siteRoot } from './site.js';

/** Where to look for the Action API: the base the URL names, else `/api/3/action`, then `/api/action`. */
function candidateBases(url: URL): string[] {
  const site = siteRoot(url);
  return [...new Set([actionBase(url), `${site}/api/3/action`, `${site}/api/action`])];
}

async function tryAction(http: Http, base: string, action: string, params: Record<string, string | number> = {}): Promise<unknown> {
  try {
    return (await callAction(http, actionUrl(base, action, params), action)).result;
  } catch (error) {
    // Any failure (refusal, HTML, network) only means "not here": detection answers null, never throws.
    if (error instanceof MoissonError) return undefined;
    throw error;
  }
}

/**
 * Is this a CKAN site? `status_show` (CKAN ≥ 2.0: `ckan_version`, `site_title`) first; DKAN
 * and locked-down sites lack it, so a `package_search?rows=0` answer is the fallback.
 */
export async function detectCkan(url: URL, http: Http): Promise<Detection | null> {
  for (const base of candidateBases(url)) {
    const status = await tryAction(http, base, 'status_show');
    if (isObject(status) && (str(status['ckan_version']) || str(status['site_title']))) {
      const details: Record<string, JsonValue> = {};
      const version = str(status['ckan_version']);
      if (version) details['ckanVersion'] = version;
      const extensions = status['extensions'];
      if (Array.isArray(extensions)) details['extensions'] = extensions.filter((e): e is string => typeof e === 'string');
      const title = str(status['site_title']);
      return { protocol: 'ckan', confidence: version ? 1 : 0.9, url: base, ...(title ? { title } : {}), details };
    }
    const search = await tryAction(http, base, 'package_search', { rows: 0 });
    if ((isObject(search) && typeof search['count'] === 'number') || Array.isArray(search)) {
      const count = isObject(search) ? (search['count'] as number) : undefined;
      return { protocol: 'ckan', confidence: 0.8, url: base, details: count !== undefined ? { count } : {} };
    }
  }
  return null;
}
