import type { Cursor, Dataset, Filter, JsonValue, ProvenanceHop } from '@moisson/core';
import type { SealedCredentials } from './secret-box.js';

export interface SourceRow {
  id: string;
  name: string;
  url: string;
  protocol: string;
  filters: Filter[];
  config: Record<string, JsonValue>;
  schedule: string | null;
  enabled: boolean;
  /** Sealed (see `SecretBox`): only the worker opens them; the API says only which kind is set. */
  credentials: SealedCredentials | null;
  createdAt: string;
  updatedAt: string;
}

export type NewSource = Pick<SourceRow, 'name' | 'url' | 'protocol'> &
  Partial<Pick<SourceRow, 'filters' | 'config' | 'schedule' | 'enabled' | 'credentials'>>;

export type SourcePatch = Partial<Omit<SourceRow, 'id' | 'createdAt' | 'updatedAt'>>;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  archived: number;
  failed: number;
}

export interface JobRow {
  id: string;
  sourceId: string;
  status: JobStatus;
  trigger: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cursor: Cursor | null;
  pages: number;
  attempts: number;
  counts: JobCounts;
  complete: boolean;
  archivable: boolean;
  total: number | null;
  error: string | null;
  /** Decided when the job first starts; null before. */
  mode: RunMode | null;
  /** Incremental runs only ask for records modified at or after this instant. */
  modifiedSince: string | null;
  /** HTTP requests sent and body bytes read by this run, all attempts together. */
  requests: number;
  bytes: number;
  /** Pages replayed from their validators: answered 304 Not Modified, or fetched with the body digest stored for them. */
  notModified: number;
}

export type RunMode = 'full' | 'incremental';

export interface ItemError {
  remoteId?: string;
  remoteUrl?: string;
  pageUrl?: string;
  code: string;
  message: string;
}

/** A normalised record ready to be written: what the runner hands to `commitPage`. */
export interface DatasetWrite {
  remoteId: string;
  remoteUrl?: string;
  remoteModified?: string;
  uri?: string;
  identifiers: string[];
  title: string;
  data: Dataset;
  /** `data` as JSON already (the worker serialises it once for the hash); serialised here when absent. */
  dataJson?: string;
  chain: ProvenanceHop[];
  rawOriginal: string;
  rawMediaType: string;
  hash: string;
  /** Cross-source identity keys (`identityKeys` in core). */
  matchKeys?: string[];
  /** The record came back to us through another catalogue. */
  loop?: boolean;
  /**
   * Digest of everything the row was built from (the record as sent, the source's settings,
   * moisson's code): a later record with the same digest is skipped as unchanged (migration 010).
   */
  inputHash?: string;
}

export interface DatasetRow {
  id: string;
  sourceId: string;
  remoteId: string;
  remoteUrl: string | null;
  remoteModified: string | null;
  uri: string | null;
  identifiers: string[];
  title: string;
  data: Dataset;
  chain: ProvenanceHop[];
  hash: string;
  status: 'active' | 'archived';
  firstSeen: string;
  lastSeen: string;
  lastChanged: string;
  archivedAt: string | null;
  archiveReason: string | null;
  source: { id: string; name: string; url: string; protocol: string };
}

export interface RawOriginal {
  mediaType: string | null;
  body: string | null;
}
