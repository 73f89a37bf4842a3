import type { Harvester } from '@moisson/core';
import { configSchema, filterSpecs, type CkanConfig } from './config.js';
import { detectCkan } from './detect.js';
import { normaliseCkanPackage } from './normalise.js';
import { ckanPages } from './pages.js';
import type { CkanPackage } from './types.js';

/** The CKAN Action API harvester (`package_search` paging, DCAT-AP mapping of ckanext-dcat). */
export const ckanHarvester: Harvester<CkanConfig, CkanPackage> = {
  id: 'ckan',
  displayName: 'CKAN',
  incremental: true,
  originalIsWholeInput: true,
  configSchema,
  filters: filterSpecs,
  detect: detectCkan,
  pages: ckanPages,
  normalise: normaliseCkanPackage,
};

export { configSchema, filterSpecs, buildFq, resolveConfig, checkFilters, type CkanConfig } from './config.js';
export { detectCkan } from './detect.js';
export { ckanPages, readSearchResult, CKAN_SORT } from './pages.js';
export { normaliseCkanPackage } from './normalise.js';
export { describeCkanError, parseJsonBody, unwrapResult } from './envelope.js';
export { siteRoot, actionBase } from './site.js';
export type { CkanPackage } from './types.js';
