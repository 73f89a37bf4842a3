import type { Harvester } from '@moisson/core';
import { odsFilters, OdsConfigSchema, type OdsConfig } from './config.js';
import { detectOds } from './detect.js';
import { normaliseOds } from './normalise.js';
import { odsPages } from './pages.js';
import type { OdsDataset } from './types.js';

/** The Opendatasoft Explore API harvester (v2.1, with v1 for old portals). */
export const odsHarvester: Harvester<OdsConfig, OdsDataset> = {
  id: 'ods',
  displayName: 'Opendatasoft',
  incremental: true,
  originalIsWholeInput: true,
  configSchema: OdsConfigSchema,
  filters: odsFilters,
  detect: detectOds,
  pages: odsPages,
  normalise: normaliseOds,
};

export { OdsConfigSchema, odsFilters, portalRoot, resolveConfig, ODS_OFFSET_CAP, ODS_MAX_PAGE_SIZE, type OdsConfig } from './config.js';
export { detectOds } from './detect.js';
export { odsPages, readCursor } from './pages.js';
export { normaliseOds } from './normalise.js';
export { readOdsError } from './remote-error.js';
export type { OdsCursor, OdsDataset } from './types.js';
