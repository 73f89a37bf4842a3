import type { TObject } from '@sinclair/typebox';
import { SourceConfigError } from './errors.js';
import type { Http } from './http.js';
import type { Dataset } from './model.js';
import type { ProvenanceHop } from './provenance.js';

/** A JSON value: cursors are stored in PostgreSQL and in the BullMQ job. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Where to resume a listing. Opaque to everyone but the harvester that made it. */
export type Cursor = JsonValue;

/** A source filter, as the operator registers it (udata's shape). */
export interface Filter {
  key: string;
  value: string;
  type: 'include' | 'exclude';
}

/** A filter key a harvester understands, with words for the API and the console. */
export interface FilterSpec {
  key: string;
  label: string;
  description: string;
}

/** What a harvester is given about the source it reads. */
export interface SourceSpec<C = Record<string, unknown>> {
  /** moisson's source id, when the source is registered (absent for CLI runs and previews). */
  id?: string;
  name?: string;
  url: string;
  filters: Filter[];
  config: C;
  /**
   * Set for incremental runs: only records modified at or after this instant are needed
   * (CKAN `metadata_modified`, CSW `Modified`, ODS `modified`). Harvesters that cannot
   * filter by date ignore it.
   */
  modifiedSince?: string;
}

/** A raw record as read from the remote, before normalisation. */
export interface RemoteRecord<R> {
  /** The record id when the listing gives it cheaply (used to report an item error). */
  remoteId?: string;
  /** The parsed record handed to `normalise`. */
  raw: R;
  /** The record exactly as the remote sent it (or the smallest faithful extract), kept forever. */
  original: { mediaType: string; body: string };
}

/** A record-level problem met while reading a page (one unparsable record in a good page). */
export interface PageItemError {
  remoteId?: string;
  message: string;
}

/** One page of a listing. The runner commits it, then saves `next`. */
export interface Page<R> {
  /** The URL that produced this page (for errors and the report). */
  url: string;
  records: RemoteRecord<R>[];
  /** Where to resume after this page; `null` when this was the last page. */
  next: Cursor | null;
  /** How many records the remote says match in total, when it says so. */
  total?: number;
  errors?: PageItemError[];
  /**
   * Remote ids the source says were deleted (OAI-PMH `status="deleted"` headers). Their datasets
   * are archived at once, on incremental runs too: the source said so explicitly.
   */
  deleted?: string[];
  /**
   * Set when the harvester had to stop early for a reason that makes the listing incomplete
   * (a `next` link that loops, a total that lies…). The run then reports it and archives nothing.
   */
  truncated?: string;
}

/** What `detect` concluded about a URL. */
export interface Detection {
  protocol: string;
  /** 0..1: how sure the harvester is. */
  confidence: number;
  /** The endpoint to harvest, when it differs from the URL given (e.g. CKAN API root). */
  url?: string;
  title?: string;
  details?: Record<string, JsonValue>;
}

export interface NormaliseContext<C = Record<string, unknown>> {
  source: { url: string; id?: string; name?: string };
  config: C;
  filters: Filter[];
  /** When this run started (ISO 8601). */
  harvestedAt: string;
}

/** A record normalised to DCAT-AP, with what the source says about where it came from. */
export interface NormalisedRecord {
  /** Stable id of the record in the source (CKAN package id, ISO fileIdentifier, DCAT IRI…). */
  remoteId: string;
  /** Where a person or a program can read the record at the source. */
  remoteUrl?: string;
  /** When the source says the record changed (ISO 8601). */
  remoteModified?: string;
  dataset: Dataset;
  /**
   * The hops *before* the source, from the original producer onwards (empty when the source
   * is the producer). The runner appends the source hop and moisson's hop.
   */
  chain: ProvenanceHop[];
}

/**
 * A protocol harvester: three members and nothing else.
 *
 * - `detect` reads a URL and says whether it speaks this protocol.
 * - `pages` does the I/O and yields pages with a resumable cursor; it never writes anywhere.
 * - `normalise` is pure: one raw record in, one DCAT-AP record out; it throws `InvalidRecord`
 *   or `SkipRecord`.
 */
export interface Harvester<C = Record<string, unknown>, R = unknown> {
  /** Stable lowercase id: `ckan`, `dcat`, `ods`, `csw`… */
  readonly id: string;
  readonly displayName: string;
  /** JSON Schema (TypeBox) of the source `config`: validates the API input and documents it. */
  readonly configSchema: TObject;
  /** The filter keys this protocol understands. */
  readonly filters: readonly FilterSpec[];
  /**
   * True when `pages` honours `SourceSpec.modifiedSince` (CKAN `metadata_modified`, CSW
   * `Modified`, ODS `modified`). Only such harvesters get incremental runs: for the others an
   * incremental run would read everything anyway and could not archive what vanished.
   */
  readonly incremental?: boolean;
  /**
   * True when `normalise` reads nothing of a record that is not in its `original.body` (given the
   * source's settings): then a record whose original is byte for byte the one a stored dataset
   * was built from is skipped as unchanged, without normalising it again. False or absent when
   * `raw` carries more than the original (GBIF adds the search result and endpoints to the EML).
   */
  readonly originalIsWholeInput?: boolean;
  detect(url: URL, http: Http): Promise<Detection | null>;
  pages(source: SourceSpec<C>, cursor: Cursor | null, http: Http): AsyncIterable<Page<R>>;
  normalise(raw: R, ctx: NormaliseContext<C>): NormalisedRecord;
}

/** A harvester with its types erased, as registries hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHarvester = Harvester<any, any>;

/**
 * Refuses filter keys a protocol does not understand and empty values, naming the first one
 * (`protocol` is the name used in the message, e.g. `CKAN`).
 */
export function checkFilterKeys(filters: readonly Filter[], known: readonly string[], protocol: string): void {
  for (const filter of filters) {
    if (!known.includes(filter.key)) {
      throw new SourceConfigError(`unknown ${protocol} filter key "${filter.key}" (known: ${known.join(', ')})`, 'filters');
    }
    if (!filter.value.trim()) throw new SourceConfigError(`${protocol} filter "${filter.key}" has an empty value`, 'filters');
  }
}

/** A source URL as a `URL`, or a `SourceConfigError` saying why it cannot be one (not a URL, not http(s)). */
export function parseSourceUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch (cause) {
    throw new SourceConfigError(`not a URL: ${String(url)}`, 'url', { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SourceConfigError(`not an http(s) URL: ${parsed.href}`, 'url');
  return parsed;
}

/** Filters of one key and type, as values: a helper for translating filters into a protocol. */
export function filterValues(filters: readonly Filter[], key: string, type: Filter['type']): string[] {
  return filters.filter((f) => f.key === key && f.type === type).map((f) => f.value);
}
