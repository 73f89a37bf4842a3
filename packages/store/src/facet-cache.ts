/** A bounded cache of facet counts, keyed by filter set and `dataset_search` version. */
import type { FacetCounts } from './search-facets.js';
import type { SearchFilters, SearchStatus } from './search-filters.js';

/**
 * The key of a filter set: two searches that must count the same get the same key (values
 * within a filter are alternatives, so their order and repeats do not matter).
 */
export function facetCacheKey(filters: SearchFilters, status: SearchStatus, facetSize: number): string {
  const set = (values: string[] | undefined) => (values?.length ? [...new Set(values)].sort() : null);
  return JSON.stringify([
    status,
    facetSize,
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
  version: string;
  counts: FacetCounts;
}

/** Least recently used entries leave first once `capacity` is reached. */
export class FacetCache {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly capacity: number) {}

  /** The counts stored for `key` at exactly `version`, else undefined (an older entry is dropped). */
  get(key: string, version: string): FacetCounts | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.counts;
  }

  set(key: string, version: string, counts: FacetCounts): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    // Every caller shares the stored counts: frozen, so a caller changing them fails loudly.
    for (const values of Object.values(counts.facets)) values.forEach((v) => Object.freeze(v));
    Object.values(counts.facets).forEach((values) => Object.freeze(values));
    this.entries.set(key, { version, counts: Object.freeze({ ...counts, facets: Object.freeze(counts.facets) }) });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
