import type { Harvester } from '@moisson/core';
import { dcatConfigSchema, dcatFilters, type DcatConfig } from './config.js';
import { detectDcat } from './detect.js';
import { normaliseDcat, type DcatRecord } from './normalise.js';
import { dcatPages } from './pages.js';

export type { DcatConfig, RdfSyntax } from './config.js';
export { dcatConfigSchema } from './config.js';
export type { DcatRecord } from './normalise.js';
export type { DcatCursor } from './pages.js';
export { nextHydraPage, type HydraPaging } from './hydra.js';
export { chooseSyntax, sniffSyntax } from './syntax.js';
export { parseTriples, parseDocument } from './parse.js';
export { DatasetGrouper, type GroupedRecord } from './group.js';
export { toRemoteRecord } from './pages.js';
export { ShippedContextLoader, shippedContext } from './contexts/index.js';
export type { Triple, Term } from './terms.js';

/** DCAT catalogues in any RDF syntax, Hydra-paged or as one dump (data.gouv.fr, data.europa.eu, ckanext-dcat, GeoNetwork, Opendatasoft). */
export const dcatHarvester: Harvester<DcatConfig, DcatRecord> = {
  id: 'dcat',
  displayName: 'DCAT (RDF)',
  configSchema: dcatConfigSchema,
  filters: dcatFilters,
  // `raw` is the record's grouped triples, and `original` is exactly them as N-Triples.
  originalIsWholeInput: true,
  detect: detectDcat,
  pages: dcatPages,
  normalise: normaliseDcat,
};
