import type { Agent } from './model.js';

/**
 * One hop of a dataset's harvest chain: a catalogue that held a record describing it.
 *
 * A chain is ordered from the original producer (index 0) to moisson (last). Harvesters fill
 * the hops their protocol reveals *before* the source (CKAN `harvest_*` extras, DCAT
 * `dcat:CatalogRecord`/`dct:source`, ODS federation…); the runner appends the source hop and
 * moisson's own hop, so the original publisher, catalogue and identifier survive any number
 * of hops. In DCAT-AP each hop becomes a `dcat:CatalogRecord` linked by `dct:source`.
 */
export interface ProvenanceHop {
  /** The catalogue that held the record (`dcat:Catalog`). */
  catalog: {
    title?: string;
    /** Homepage or endpoint URL of the catalogue. */
    url?: string;
  };
  /** The record's id in that catalogue (`dct:identifier` of its `dcat:CatalogRecord`). */
  recordId?: string;
  /** Where the record can be read (API URL or human page). */
  recordUrl?: string;
  /** Who published the dataset according to that catalogue. */
  publisher?: Agent;
  /** When that catalogue harvested it (ISO 8601), when it says so. */
  harvestedAt?: string;
  /** When the record was last modified in that catalogue (ISO 8601). */
  modified?: string;
  /** How that catalogue exposed it or got it: `ckan`, `dcat`, `ods`, `csw`, `iso19139`, `eml`… */
  protocol?: string;
  /** Which hop this is, for readers: `origin` (the producer), `intermediate`, `source`, `moisson`. */
  role?: 'origin' | 'intermediate' | 'source' | 'moisson';
}

/** A normalised URL used to compare catalogue URLs across hops (loop detection, dedup). */
export function canonicalCatalogUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.host.toLowerCase()}${path}`;
  } catch {
    return url.trim().toLowerCase().replace(/\/+$/, '');
  }
}

/** Marks the first hop `origin` and the others `intermediate` unless they already have a role. */
export function withRoles(hops: readonly ProvenanceHop[]): ProvenanceHop[] {
  return hops.map((hop, index) => ({
    ...hop,
    role: hop.role ?? (index === 0 ? 'origin' : 'intermediate'),
  }));
}

/** What the runner and the API know about a stored record, to complete its chain. */
export interface StoredRecordInfo {
  source: { id: string; name: string; url: string; protocol: string };
  remoteId: string;
  remoteUrl?: string | null;
  remoteModified?: string | null;
  firstSeen: string;
  lastChanged: string;
  lastSeen: string;
}

/**
 * The whole chain of a stored dataset: the hops the source revealed (from the producer on),
 * then the source itself, then moisson. The source and moisson hops are derived when read, so
 * renaming a source never rewrites its datasets.
 */
export function completeChain(
  upstream: readonly ProvenanceHop[],
  record: StoredRecordInfo,
  moisson: { title: string; url: string; recordUrl?: string; recordId?: string },
): ProvenanceHop[] {
  const hops = withRoles(upstream);
  hops.push({
    role: 'source',
    catalog: { title: record.source.name, url: record.source.url },
    recordId: record.remoteId,
    recordUrl: record.remoteUrl ?? undefined,
    modified: record.remoteModified ?? undefined,
    protocol: record.source.protocol,
    harvestedAt: record.lastSeen,
  });
  hops.push({
    role: 'moisson',
    catalog: { title: moisson.title, url: moisson.url },
    recordId: moisson.recordId,
    recordUrl: moisson.recordUrl,
    harvestedAt: record.firstSeen,
    modified: record.lastChanged,
    protocol: 'moisson',
  });
  return hops;
}
