import type { Quad } from 'n3';
import { describeDataset } from './dataset.js';
import { localDatasetIri, preferredDatasetIri, type CatalogEntry, type RdfOptions } from './entry.js';
import { GraphBuilder, namedNode, type Subject } from './graph.js';
import { writeProvenance } from './provenance.js';

export interface WrittenEntry {
  dataset: Subject;
  /** Whether the dataset was written as a `dcat:DataService` (listed by `dcat:service`, not `dcat:dataset`). */
  isService: boolean;
  record: Subject;
}

/**
 * Writes one entry (dataset + catalogue records) into `g`. Two entries of one document that
 * carry the same upstream IRI (the same dataset reached through two sources) would merge into
 * one node with two titles and two publishers: the second gets our own IRI instead, and keeps
 * the upstream one among its identifiers.
 */
export function writeEntry(g: GraphBuilder, entry: CatalogEntry, options: RdfOptions): WrittenEntry {
  const preferred = preferredDatasetIri(entry, options);
  const subject = g.claim(preferred) ? preferred : localDatasetIri(options, entry.id);
  if (subject !== preferred) g.claim(subject);
  const dataset = namedNode(subject);
  const isService = describeDataset(g, dataset, entry.dataset);
  const record = writeProvenance(g, entry, dataset, options);
  return { dataset, record, isService };
}

/** The DCAT-AP 3 quads of one dataset and its provenance chain. */
export function datasetToQuads(entry: CatalogEntry, options: RdfOptions): Quad[] {
  const g = new GraphBuilder();
  writeEntry(g, entry, options);
  return g.quads;
}
