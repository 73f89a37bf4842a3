/** A bounded cache of search results (facet counts, pages of ids), keyed by query and `dataset_search` version. */
import type { SearchFilters, SearchStatus } from './search-filters.js';

/**
 * The key of a filter set: two searches that must match the same datasets get the same key
 * (values within a filter are alternatives, so their order and repeats do not matter).
 */
export function filterSetKey(filters: SearchFilters, status: SearchStatus): string {
  const set = (values: string[] | undefined) => (values?.length ? [...new Set(values)].sort() : null);
  return JSON.stringify([
    status,
    filters.q?.trim() || null,
    set(filters.source),
    set(filters.publisher),
    set(filters.theme),
    set(filters.keyword),
    set(filters.format),
    set(filters.license),
    set(filters.language),
    filters.bbox ?? null,
    filters.modifiedSince ?? null,
    filters.qualityMin ?? null,
  ]);
}

interface Entry {
  /** The `dataset_search` version the value was read at; null when no version could be vouched for. */
  version: string | null;
  value: unknown;
  /** When the read started (ms since the epoch): the value holds every write committed before. */
  readAt: number;
}

/**
 * Values stored with the `dataset_search` version they were read at. `get` serves a value only at
 * that exact version; `stale` serves it whatever the version, when it was read recently enough.
 * Least recently used entries leave first once `capacity` is reached. Values are frozen: every
 * caller shares them, so one changing them fails loudly.
 */
export class SearchCache {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly capacity: number) {}

  get<T>(key: string, version: string): T | undefined {
    const entry = this.touch(key);
    return entry && entry.version === version ? (entry.value as T) : undefined;
  }

  /** The value of `key` if it was read less than `maxAgeMs` ago, whatever happened since. */
  stale<T>(key: string, maxAgeMs: number, now = Date.now()): T | undefined {
    const entry = this.touch(key);
    return entry && now - entry.readAt < maxAgeMs ? (entry.value as T) : undefined;
  }

  set<T>(key: string, version: string | null, value: T, readAt = Date.now()): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value: deepFreeze(value), readAt });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry); // most recently used last
    }
    return entry;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
