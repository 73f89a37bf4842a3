import type { JsonObject } from './json.js';

/**
 * A CKAN package as `package_search` / `package_show` return it. Kept as a JSON object and
 * narrowed field by field in `normalise`: CKAN schemas differ per site (scheming, DKAN, extras).
 */
export type CkanPackage = JsonObject;
