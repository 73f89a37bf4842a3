/** The public search's filters, as SQL over `dataset_search` (aliased `ds`) with numbered parameters. */

export type SearchStatus = 'active' | 'archived' | 'all';
export type SearchSort = 'relevance' | 'modified' | 'title';

export interface SearchFilters {
  /** Full-text query (websearch syntax: `"exact phrase"`, `-excluded`, `or`). */
  q?: string;
  /** Values within one filter are alternatives (OR); filters combine with AND. */
  source?: string[];
  publisher?: string[];
  theme?: string[];
  keyword?: string[];
  format?: string[];
  license?: string[];
  language?: string[];
  /** @defaultValue active */
  status?: SearchStatus;
  /** [west, south, east, north] in CRS84: datasets whose bbox intersects it. */
  bbox?: [number, number, number, number];
  /** Datasets modified at or after this instant (`dct:modified`, else the source's date, else our last change). */
  modifiedSince?: string;
  qualityMin?: number;
}

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * One item per cluster: the default list shows each cluster's primary. `archived` shows the
 * archived datasets themselves (an archived copy of a live dataset is not its primary).
 */
export function statusClause(status: SearchStatus): string {
  switch (status) {
    case 'active':
      return `ds.status = 'active' AND ds.is_primary`;
    case 'archived':
      return `ds.status = 'archived'`;
    case 'all':
      return 'ds.is_primary';
  }
}

/** Every condition but the status one (the status facet counts across statuses). */
export function filterClauses(filters: SearchFilters, params: Params): string[] {
  const where: string[] = [];
  if (filters.q?.trim()) where.push(`ds.document @@ moisson_tsquery(${params.add(filters.q)})`);
  if (filters.source?.length) {
    // A cluster is listed under every source that carries one of its members.
    const p = params.add(filters.source);
    where.push(`(ds.source_id = ANY(${p}::uuid[]) OR ds.cluster_id IN (SELECT cluster_id FROM dataset_search WHERE source_id = ANY(${p}::uuid[]) AND NOT is_primary))`);
  }
  if (filters.publisher?.length) where.push(`ds.publisher = ANY(${params.add(filters.publisher)}::text[])`);
  if (filters.theme?.length) where.push(`ds.themes && ${params.add(filters.theme)}::text[]`);
  if (filters.keyword?.length) {
    where.push(`ds.keywords && (SELECT array_agg(lower(moisson_unaccent(trim(k)))) FROM unnest(${params.add(filters.keyword)}::text[]) k)`);
  }
  if (filters.format?.length) where.push(`ds.formats && ${params.add(filters.format)}::text[]`);
  if (filters.license?.length) where.push(`ds.licenses && ${params.add(filters.license)}::text[]`);
  if (filters.language?.length) where.push(`ds.languages && ${params.add(filters.language)}::text[]`);
  if (filters.bbox) {
    const [w, s, e, n] = filters.bbox;
    where.push(`ds.bbox && box(point(${params.add(w)}::float8, ${params.add(s)}::float8), point(${params.add(e)}::float8, ${params.add(n)}::float8))`);
  }
  if (filters.modifiedSince) where.push(`ds.modified >= ${params.add(filters.modifiedSince)}::timestamptz`);
  if (filters.qualityMin !== undefined) where.push(`ds.quality >= ${params.add(filters.qualityMin)}::int`);
  return where;
}

/**
 * The sort over a row source exposing `id`, `title_key`, `modified` and `rank` under `alias`:
 * its ORDER BY, the key written into cursors (as text, so it round-trips exactly) and the
 * keyset condition that continues after a cursor.
 */
export interface SortPlan {
  key(alias: string): string;
  order(alias: string): string;
  after(alias: string, key: string, id: string, params: Params): string;
}

export function sortPlan(sort: SearchSort): SortPlan {
  if (sort === 'relevance') {
    return {
      key: (a) => `${a}.rank::text`,
      order: (a) => `${a}.rank DESC, ${a}.id`,
      after: (a, key, id, p) => {
        const k = p.add(key);
        return `(${a}.rank < ${k}::real OR (${a}.rank = ${k}::real AND ${a}.id > ${p.add(id)}::uuid))`;
      },
    };
  }
  if (sort === 'modified') {
    return {
      key: (a) => `${a}.modified::text`,
      order: (a) => `${a}.modified DESC, ${a}.id`,
      after: (a, key, id, p) => {
        const k = p.add(key);
        return `(${a}.modified < ${k}::timestamptz OR (${a}.modified = ${k}::timestamptz AND ${a}.id > ${p.add(id)}::uuid))`;
      },
    };
  }
  return {
    key: (a) => `${a}.title_key`,
    order: (a) => `${a}.title_key, ${a}.id`,
    after: (a, key, id, p) => `(${a}.title_key, ${a}.id) > (${p.add(key)}::text COLLATE "C", ${p.add(id)}::uuid)`,
  };
}

/** An opaque cursor: the sort it belongs to, the sort key and id of the last item served. */
export function encodeCursor(sort: SearchSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

export class BadCursor extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadCursor';
  }
}

export function decodeCursor(cursor: string, sort: SearchSort): { key: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new BadCursor('the cursor is not one this API returned');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string')) {
    throw new BadCursor('the cursor is not one this API returned');
  }
  const [cursorSort, key, id] = parsed as [string, string, string];
  if (cursorSort !== sort) throw new BadCursor(`the cursor belongs to sort=${cursorSort}, not sort=${sort}: keep the sort while paging`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new BadCursor('the cursor is not one this API returned');
  return { key, id };
}
