import type { CatalogEntry, RdfOptions } from './entry.js';
import { toJsonLd, type JsonLdDocument } from './jsonld.js';
import { datasetToQuads } from './to-quads.js';

export type { CatalogEntry, RdfOptions } from './entry.js';
export { recordIri, localDatasetIri, sourceCatalogIri, catalogIri, preferredDatasetIri } from './entry.js';
export { datasetToQuads } from './to-quads.js';
export { catalogToQuads, type CatalogPage, type CatalogOptions, type PageInfo } from './catalog.js';
export { serialise } from './serialise.js';
export { negotiate, RDF_MEDIA_TYPES, type RdfMediaType, type OutputMediaType } from './negotiate.js';
export { toJsonLd, type JsonLdDocument, type JsonLdNode, type JsonLdValue } from './jsonld.js';
export { toRdfXml } from './rdfxml.js';
export { PREFIXES } from './vocab.js';

/**
 * One dataset as a JSON-LD document (for `moisson harvest --format jsonld`, where nothing is
 * stored: `entry.id` is then the remote id and `entry.chain` the upstream hops + the source hop).
 */
export function datasetToJsonLd(entry: CatalogEntry, options: RdfOptions): JsonLdDocument {
  return toJsonLd(datasetToQuads(entry, options));
}
