import type { RemoteRecord } from '@moisson/core';
import { DatasetGrouper, parseDocument, type DcatRecord } from '@moisson/harvester-dcat';
import type { ListedRecord } from './response.js';
import { getRecordUrl } from './request.js';

/**
 * What `pages` hands to `normalise`: the OAI header, and the metadata ready for the sibling
 * normaliser that reads its format. RDF is parsed here (parsing is asynchronous, `normalise`
 * is not); XML metadata stays text and is parsed by `normalise`.
 */
export interface OaiRecord {
  /** The repository's base URL (for the record's GetRecord URL). */
  endpoint: string;
  metadataPrefix: string;
  identifier: string;
  datestamp?: string;
  sets: string[];
  deleted: boolean;
  metadata?: OaiMetadata;
}

export type OaiMetadata =
  /** Dublin Core (`oai_dc:dc`): read by the CSW Dublin Core normaliser. */
  | { format: 'dc'; xml: string }
  /** ISO 19139 (`gmd:MD_Metadata`, `gmi:MI_Metadata`): read by the CSW ISO normaliser. */
  | { format: 'iso'; xml: string }
  /** RDF/XML (`rdf:RDF`), grouped into DCAT records by the DCAT harvester. */
  | { format: 'dcat'; records: DcatRecord[] }
  /** RDF that did not parse: the record becomes an item error, the harvest goes on. */
  | { format: 'unreadable'; message: string }
  /** A format moisson does not read. */
  | { format: 'unknown'; element: string };

const DC_ROOTS = new Set(['dc', 'Record']);
const ISO_ROOTS = new Set(['MD_Metadata', 'MI_Metadata']);

/** Which reader a metadata element needs, by its root element (prefixes differ, local names do not). */
async function readMetadata(metadata: { name: string; xml: string }, baseIRI: string): Promise<OaiMetadata> {
  if (DC_ROOTS.has(metadata.name)) return { format: 'dc', xml: metadata.xml };
  if (ISO_ROOTS.has(metadata.name)) return { format: 'iso', xml: metadata.xml };
  if (metadata.name !== 'RDF') return { format: 'unknown', element: metadata.name };
  try {
    const triples = await parseDocument(metadata.xml, 'rdfxml', baseIRI);
    // One record's metadata is small: a window as large as the document groups it exactly.
    const grouper = new DatasetGrouper(Math.max(1_000, triples.length + 1));
    for (const t of triples) grouper.add(t);
    const records = grouper.finish().map((g): DcatRecord => ({ subject: g.subject, kind: g.kind, triples: g.triples }));
    return { format: 'dcat', records };
  } catch (error) {
    return { format: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
}

/** A listed record as the runner takes it: `original` is the `<record>` element as the repository sent it. */
export async function toRemoteRecord(listed: ListedRecord, endpoint: string, metadataPrefix: string): Promise<RemoteRecord<OaiRecord>> {
  const raw: OaiRecord = { endpoint, metadataPrefix, identifier: listed.identifier, sets: listed.sets, deleted: listed.deleted };
  if (listed.datestamp) raw.datestamp = listed.datestamp;
  if (listed.metadata && !listed.deleted) raw.metadata = await readMetadata(listed.metadata, getRecordUrl(endpoint, metadataPrefix, listed.identifier));
  return { remoteId: listed.identifier, raw, original: { mediaType: 'application/xml', body: listed.xml } };
}
