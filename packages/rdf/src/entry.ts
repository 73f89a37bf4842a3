import { canonicalCatalogUrl, type Dataset, type ProvenanceHop } from '@moisson/core';
import { isHttpIri } from './graph.js';

/** What the RDF output needs to know about one stored dataset. */
export interface CatalogEntry {
  /** Our id for it (the stored id; the remote id when there is no store, as in `moisson harvest`). */
  id: string;
  dataset: Dataset;
  /**
   * Its harvest chain, producer first: `completeChain()`'s output (ending with the source hop
   * and moisson's), or just the upstream hops + the source hop.
   */
  chain: ProvenanceHop[];
  /** When moisson first saw it (ISO 8601). */
  firstSeen: string;
  /** When its description last changed here (ISO 8601). */
  lastChanged: string;
  /** `created` | `updated` | `deleted`, or the store's `active` | `archived`. */
  status: string;
  source: { id: string; name: string; url: string; protocol: string };
}

export interface RdfOptions {
  /** moisson's public base URL; every IRI it mints starts with it. */
  publicUrl: string;
  /** Title of moisson's own catalogue. */
  catalogTitle?: string;
}

export function baseOf(options: RdfOptions): string {
  return options.publicUrl.replace(/\/+$/, '');
}

const segment = (id: string) => encodeURIComponent(id);

export const catalogIri = (options: RdfOptions) => `${baseOf(options)}/catalog`;
export const recordIri = (options: RdfOptions, id: string) => `${baseOf(options)}/records/${segment(id)}`;
export const localDatasetIri = (options: RdfOptions, id: string) => `${baseOf(options)}/datasets/${segment(id)}`;
export const sourceCatalogIri = (options: RdfOptions, sourceId: string) => `${baseOf(options)}/sources/${segment(sourceId)}`;

/** The dataset's own http(s) IRI when it has one (other catalogues know it by that), else ours. */
export function preferredDatasetIri(entry: CatalogEntry, options: RdfOptions): string {
  const uri = entry.dataset.uri;
  return isHttpIri(uri) ? new URL(uri.trim()).href : localDatasetIri(options, entry.id);
}

/** The hops before moisson, producer first (moisson's own hop is the record we write ourselves). */
export function upstreamOf(entry: CatalogEntry): ProvenanceHop[] {
  const hops = entry.chain.slice();
  if (hops[hops.length - 1]?.role === 'moisson') hops.pop();
  return hops;
}

/** Which upstream hop is the source moisson harvested: marked `source`, else the last one when its URL is the source's. */
export function sourceHopIndex(hops: readonly ProvenanceHop[], source: CatalogEntry['source']): number {
  const marked = hops.findIndex((h) => h.role === 'source');
  if (marked >= 0) return marked;
  const last = hops[hops.length - 1];
  if (last && (!last.catalog.url || canonicalCatalogUrl(last.catalog.url) === canonicalCatalogUrl(source.url))) return hops.length - 1;
  return -1;
}

/** `adms:status` of our record: the ADMS change type. */
export function changeType(entry: CatalogEntry): 'created' | 'updated' | 'deleted' | undefined {
  switch (entry.status) {
    case 'created':
    case 'updated':
    case 'deleted':
      return entry.status;
    case 'archived':
      return 'deleted';
    case 'active':
      return entry.firstSeen === entry.lastChanged ? 'created' : 'updated';
    default:
      return undefined;
  }
}
