import type { Harvester } from '@moisson/core';
import { cswConfigSchema, cswFilters, type CswConfig } from './config.js';
import { detectCsw } from './detect.js';
import { normaliseCswRecord, type CswRecord } from './normalise.js';
import { cswPages } from './pages.js';

export const cswHarvester: Harvester<CswConfig, CswRecord> = {
  id: 'csw',
  displayName: 'OGC CSW',
  incremental: true,
  originalIsWholeInput: true,
  configSchema: cswConfigSchema,
  filters: cswFilters,
  detect: detectCsw,
  pages: cswPages,
  normalise: normaliseCswRecord,
};

export { cswConfigSchema, cswFilters, resolveConfig, ISO_SCHEMA, CSW_SCHEMA, type CswConfig, type ResolvedCswConfig } from './config.js';
export { capabilitiesUrl, detectCsw, readCapabilities } from './detect.js';
export { buildCondition, buildConstraint, filterCql, filterXml, type Condition, type Constraint } from './filter.js';
export { getRecordByIdUrl, normaliseCswRecord, type CswRecord } from './normalise.js';
export { normaliseIso } from './normalise-iso.js';
export { normaliseDc } from './normalise-dc.js';
export { cswPages, type CswCursor } from './pages.js';
export { nextCswStart, type CswPageInfo, type CswStep } from './paging.js';
export { getRecordsUrl, getRecordsXml } from './request.js';
export { readCswResponse, exceptionMessage, type CswResponse, type SlicedRecord } from './response.js';
export { localName, sliceElements } from './slice.js';
export { parseXml, UnsafeXml } from './xml.js';
