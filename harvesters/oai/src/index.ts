import type { Harvester } from '@moisson/core';
import { oaiConfigSchema, oaiFilters, type OaiConfig } from './config.js';
import { detectOai } from './detect.js';
import { normaliseOaiRecord } from './normalise.js';
import { oaiPages } from './pages.js';
import type { OaiRecord } from './records.js';

/** OAI-PMH 2.0 repositories (GeoNetwork, DSpace, pycsw, piveau…): oai_dc, DCAT-AP and ISO 19139 records. */
export const oaiHarvester: Harvester<Partial<OaiConfig>, OaiRecord> = {
  id: 'oai',
  displayName: 'OAI-PMH',
  incremental: true,
  originalIsWholeInput: true,
  configSchema: oaiConfigSchema,
  filters: oaiFilters,
  detect: detectOai,
  pages: oaiPages,
  normalise: normaliseOaiRecord,
};

export { oaiConfigSchema, oaiFilters, resolveConfig, choosePrefix, oaiDate, inSets, PREFERRED_PREFIXES, type OaiConfig, type ResolvedOaiConfig } from './config.js';
export { detectOai, identify, listMetadataFormats } from './detect.js';
export { requestOai } from './fetch.js';
export { normaliseOaiRecord } from './normalise.js';
export { oaiPages, type OaiCursor } from './pages.js';
export { toRemoteRecord, type OaiRecord, type OaiMetadata } from './records.js';
export { baseUrl, identifyUrl, listMetadataFormatsUrl, listRecordsUrl, resumeUrl, getRecordUrl } from './request.js';
export { readOaiResponse, describeOaiErrors, type OaiResponse, type OaiError, type ListedRecord, type IdentifyInfo, type MetadataFormat } from './response.js';
export { sliceElements } from '@moisson/harvester-csw';
export { XmlError } from './xml.js';
