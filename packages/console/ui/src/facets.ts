/**
 * Facets as the public API may give them (`{publisher: [{value, count}]}` or
 * `[{name, values: [...]}]`, with `key`/`label`/`buckets` variants), narrowed to one shape.
 */
export interface FacetBucket {
  value: string;
  label: string;
  count: number;
}

export interface Facet {
  field: string;
  buckets: FacetBucket[];
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const firstString = (r: Record<string, unknown>, keys: string[]): string | undefined => {
  for (const key of keys) {
    const v = r[key];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};

function bucketsOf(value: unknown): FacetBucket[] {
  const list = Array.isArray(value) ? value : (record(value)?.buckets ?? record(value)?.values ?? record(value)?.items);
  if (!Array.isArray(list)) {
    // {"csv": 12, "json": 3}
    const counts = record(list) ?? record(value);
    if (!counts) return [];
    return Object.entries(counts)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([v, count]) => ({ value: v, label: v, count }));
  }
  const buckets: FacetBucket[] = [];
  for (const item of list) {
    const r = record(item);
    if (!r) continue;
    const v = firstString(r, ['value', 'key', 'id', 'uri', 'name']);
    const count = typeof r.count === 'number' ? r.count : typeof r.doc_count === 'number' ? r.doc_count : undefined;
    if (v === undefined || count === undefined) continue;
    buckets.push({ value: v, label: firstString(r, ['label', 'title', 'name']) ?? v, count });
  }
  return buckets;
}

export function narrowFacets(raw: unknown): Facet[] {
  if (Array.isArray(raw)) {
    return raw.flatMap((item) => {
      const r = record(item);
      const field = r && firstString(r, ['field', 'name', 'key', 'id']);
      return r && field ? [{ field, buckets: bucketsOf(r) }] : [];
    }).filter((f) => f.buckets.length > 0);
  }
  const r = record(raw);
  if (!r) return [];
  return Object.entries(r)
    .map(([field, value]) => ({ field, buckets: bucketsOf(value) }))
    .filter((f) => f.buckets.length > 0);
}
