/**
 * Keeps a `FacetIndex` at the version of `dataset_search` a search reads (migrations 008, 009), and
 * counts a search's facets with it. The filters are applied here, full text included when the
 * index reproduces the query (text-index.ts), with its rank and page; a query it cannot reproduce
 * is matched in PostgreSQL (which returns the matching rows' `seq`, 4 bytes each, and the page).
 */
import { getHeapStatistics } from 'node:v8';
import type pg from 'pg';
import { FacetIndex, type IndexedRow, type ResolvedFilters } from './facet-index.js';
import type { FacetCounts } from './search-facets.js';
import { filterClauses, Params, type SearchFilters, type SearchSort, type SearchStatus } from './search-filters.js';
import { inQuietSnapshot, withClient } from './search-version.js';
import { float4Text } from './ts-rank.js';
import { parseTsquery, parseTsvector, operandsOf, type ParsedQuery, type QueryNode } from './ts-text.js';
import { MAX_QUERY_OPERANDS } from './text-index.js';

// One JSON array per row: node-pg parses text arrays slowly (7.6 s for 100,000 rows under load,
// against 2.1 s for this).
const ROW_JSON = `json_build_array(seq, cluster_id, source_id, is_primary, status, publisher, publisher_label,
  (least(quality, 99) / 25 * 25)::text, themes, theme_labels, keywords, keyword_labels, formats, format_labels,
  licenses, license_labels, languages,
  ARRAY(SELECT lower(substring(l FROM '[^/#]+$')) FROM unnest(languages) WITH ORDINALITY u(l, n) ORDER BY n),
  quality, (extract(epoch FROM modified) * 1000000)::bigint,
  CASE WHEN bbox IS NOT NULL THEN ARRAY[(bbox[1])[0], (bbox[1])[1], (bbox[0])[0], (bbox[0])[1]] END,
  row_version::text, id)::text`;

type Texts = Array<string | null>;
type RowTuple = [
  seq: number,
  cluster: string,
  source: string,
  primary: boolean,
  status: string,
  publisher: string | null,
  publisherLabel: string | null,
  quality: string,
  themes: Texts,
  themeLabels: Texts,
  keywords: Texts,
  keywordLabels: Texts,
  formats: Texts,
  formatLabels: Texts,
  licenses: Texts,
  licenseLabels: Texts,
  languages: Texts,
  languageLabels: Texts,
  score: number,
  modifiedMicros: number,
  bbox: [number, number, number, number] | null,
  rowVersion: string,
  id: string,
];

/** A row as the index reads it: `ROW_JSON`, and `document` as text (kept out of the JSON: no escaping to undo). */
const ROW_COLUMNS = `${ROW_JSON} AS r, document::text AS d`;
type RowRead = { r: string; d: string };

/** A row read, with the `row_version` it was written at. */
function readRow({ r: json, d }: RowRead): { row: IndexedRow; rowVersion: string } {
  const r = JSON.parse(json) as RowTuple;
  return { row: indexedRow(r, d), rowVersion: r[21] };
}

function indexedRow(r: RowTuple, documentText: string): IndexedRow {
  const list = (values: Texts | null, labels: Texts | null) => ({ values: values ?? [], labels: labels ?? [] });
  return {
    seq: r[0],
    id: r[22],
    document: parseTsvector(documentText),
    cluster: r[1],
    source: r[2],
    primary: r[3],
    status: r[4],
    publisher: r[5],
    publisherLabel: r[6],
    quality: r[7],
    lists: {
      theme: list(r[8], r[9]),
      keyword: list(r[10], r[11]),
      format: list(r[12], r[13]),
      license: list(r[14], r[15]),
      language: list(r[16], r[17]),
    },
    score: r[18],
    modifiedMicros: r[19],
    bbox: r[20],
  };
}

/**
 * Another read over the rows matching a search's filters, in the scan that finds them: `columns`
 * (over `dataset_search ds`) are kept with each row of `m`, `select` is a scalar query over `m`.
 * Its parameters are added to `params` after the filters'.
 */
export type Along = (params: Params) => { columns: string; select: string };

/** A search's page as the index serves it: `limit` rows from `offset`, after `cursor` (its key as text, as in cursors). */
export interface PageRequest {
  sort: SearchSort;
  cursor: { key: string; id: string } | null;
  offset: number;
  limit: number;
}

/** A page: each row's id and its sort key as text (what cursors carry). */
export type PageRows = Array<[id: string, sortKey: string]>;

const LOAD_BATCH = 10_000;
/**
 * A refresh reads the rows changed since the last one in one query; past this many (a large harvest
 * with no search meanwhile) it loads the whole index again in batches instead: read at once,
 * a million changed rows' text would not fit the heap.
 */
const DELTA_LIMIT = 50_000;
/**
 * The share of V8's heap limit the process may be using once the index is loaded: above it the
 * index is dropped and searches run in SQL (slower, never out of memory). A 1,000,000-dataset
 * catalogue needs ~500-750 MB of heap, more than a process run with --max-old-space-size=1024 can spare.
 */
export const DEFAULT_HEAP_SHARE = 0.6;

/** The source facet's labels: every source's name by id, as one JSON value. */
const SOURCES = `(SELECT coalesce(json_agg(json_build_array(id, name)), '[]') FROM sources)`;

const maxOf = (a: string, b: string) => (BigInt(a) > BigInt(b) ? a : b);

export class FacetIndexSync {
  private index = new FacetIndex();
  /** The `dataset_search` version the index holds, null before the first load. */
  private version: string | null = null;
  /** The highest `row_version` applied: the next refresh reads past it. */
  private applied = '0';
  private refreshing: Promise<void> | null = null;
  /** Off when the database orders text otherwise than by code point (the counts' tie order would differ). */
  private usable: boolean | undefined;
  /** Full-text queries by `q`, as `moisson_tsquery` parses them. */
  private readonly queries = new Map<string, ParsedQuery>();

  constructor(
    private readonly pool: pg.Pool,
    /** See `DEFAULT_HEAP_SHARE`. */
    private readonly heapShare = DEFAULT_HEAP_SHARE,
  ) {}

  /** Whether the heap is past its share: checked after each batch of a whole load, and after a refresh. */
  private overBudget(): boolean {
    const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
    return used > this.heapShare * limit;
  }

  /** Gives the index up for this process's life: searches count, match and rank in SQL. */
  private giveUp(rows: number): void {
    this.usable = false;
    this.index = new FacetIndex();
    this.version = null;
    const { heap_size_limit: limit } = getHeapStatistics();
    process.emitWarning(
      `the in-memory search index was dropped at ${rows} rows: the heap passed ${Math.round(this.heapShare * 100)}% of its ` +
        `${Math.round(limit / 2 ** 20)} MB limit. Searches still work, from PostgreSQL (slower); give the process more heap ` +
        `(node --max-old-space-size) or set MOISSON_SEARCH_FACET_INDEX=0 to skip the attempt.`,
      { code: 'MOISSON_SEARCH_INDEX_DROPPED' },
    );
  }

  /**
   * The facet counts of a search at the version of `dataset_search` they were counted at, or
   * undefined when the index cannot vouch for them (a writer is committing): count in SQL then.
   * With `page`, the search's page too, as `along`: ids and sort keys in order. A full-text query
   * the index reproduces (text-index.ts) is matched, ranked and paged here; any other is matched in
   * SQL, in one scan with the page (`sqlPage` gives its SQL, which needs `q`).
   */
  async count(
    filters: SearchFilters,
    status: SearchStatus,
    facetSize: number,
    page?: { memory: PageRequest; sqlPage: Along },
  ): Promise<{ version: string; counts: FacetCounts; along?: PageRows; path: 'memory' | 'sql' } | undefined> {
    if (this.usable === false) return undefined;
    if (this.version === null) {
      // The first load reads every row (seconds at 100,000): searches count in SQL meanwhile.
      void this.refresh().catch(() => undefined);
      return undefined;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const read = await this.readMatching(filters, page);
      if (read === undefined) return undefined;
      if (read === 'behind') {
        // A refresh that fails leaves the index where it was: this search counts in SQL.
        if (!(await this.refresh().then(() => true, () => false))) return undefined;
        continue;
      }
      // Another search may have moved the index while this one read: count only at the same version.
      if (read.version !== this.version) continue;
      if (read.text) {
        const { slots, ranks } = read.text.matched;
        const counts = this.index.count({ slots }, status, facetSize, read.sourceNames);
        if (!page) return { version: read.version, counts, path: 'memory' };
        const { sort, offset, limit } = page.memory;
        const rows = this.index.page({ slots, ranks: sort === 'relevance' ? ranks : null }, status, read.text.after, offset, limit);
        const keys = sort === 'relevance' ? rows.map((r) => float4Text(r.key)) : await timestampTexts(this.pool, rows.map((r) => r.key));
        return { version: read.version, counts, along: rows.map((r, i) => [r.id, keys[i] as string]), path: 'memory' };
      }
      const matching = read.matching ?? (read.resolved ? { slots: this.index.select(read.resolved) } : null);
      return { version: read.version, counts: this.index.count(matching, status, facetSize, read.sourceNames), along: read.along as PageRows | undefined, path: 'sql' };
    }
    return undefined;
  }

  /**
   * How the index evaluates `q` (cached: `moisson_tsquery` is immutable), or why it cannot: a
   * prefix, weights, an empty query, too many operands, a phrase over more than lexemes, or a
   * relevance order over a top-level AND or phrase (`calc_rank_and`, which needs positions).
   */
  private async textPlan(q: string, sort: SearchSort | undefined, db: pg.PoolClient): Promise<QueryNode | undefined> {
    let parsed = this.queries.get(q);
    if (parsed === undefined) {
      const { rows } = await db.query<{ query: string }>(`SELECT moisson_tsquery($1)::text AS query`, [q]);
      parsed = parseTsquery(rows[0]?.query ?? '');
      if (this.queries.size >= 1000) this.queries.clear();
      this.queries.set(q, parsed);
    }
    if (parsed.kind !== 'supported') return undefined;
    if (sort === 'title') return undefined;
    const distinct = new Set(operandsOf(parsed.root)).size;
    if (distinct > MAX_QUERY_OPERANDS) return undefined;
    if (sort === 'relevance' && (parsed.root.op === 'and' || parsed.root.op === 'phrase') && distinct > 1) return undefined;
    return parsed.root;
  }

  /** `matched` without its `maybe` rows that do not match (phrases: PostgreSQL checks them, by seq, in the same snapshot). */
  private async confirmed(
    db: pg.PoolClient,
    q: string,
    matched: { slots: Int32Array; ranks: Float32Array; maybe: Int32Array },
  ): Promise<{ slots: Int32Array; ranks: Float32Array }> {
    const { rows } = await db.query<{ seqs: Buffer }>(
      `SELECT coalesce(string_agg(int4send(seq), ''::bytea), ''::bytea) AS seqs FROM dataset_search
       WHERE seq = ANY($1::int[]) AND document @@ moisson_tsquery($2)`,
      [Array.from(matched.maybe, (slot) => this.index.seqOf(slot)), q],
    );
    const kept = new Set(Array.from(seqsOf(rows[0]?.seqs), (seq) => this.index.slotOf(seq)));
    const rejected = new Set(Array.from(matched.maybe).filter((slot) => !kept.has(slot)));
    const slots = new Int32Array(matched.slots.length - rejected.size);
    const ranks = new Float32Array(slots.length);
    let n = 0;
    matched.slots.forEach((slot, i) => {
      if (rejected.has(slot)) return;
      slots[n] = slot;
      ranks[n++] = matched.ranks[i] as number;
    });
    return { slots, ranks };
  }

  /** Brings the index to the current version (one refresh at a time; callers share it). The first one loads every row. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const read = await withClient(this.pool, (client) =>
      inQuietSnapshot(client, async (db) => {
        if (this.usable === undefined) {
          const { rows } = await db.query<{ collation: string }>(`SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()`);
          this.usable = /^(C|POSIX|C\.UTF-?8)$/i.test(rows[0]?.collation ?? '');
        }
        if (!this.usable) return null;
        let removed: Array<{ seq: number; row_version: string }> = [];
        if (this.version !== null) {
          removed = (await db.query<{ seq: number; row_version: string }>(
            `SELECT seq, row_version::text FROM dataset_search_removed WHERE row_version > $1::bigint`,
            [this.applied],
          )).rows;
          if (!removed.some((r) => r.seq === -1) && removed.length <= DELTA_LIMIT) {
            const { rows } = await db.query<RowRead>(`SELECT ${ROW_COLUMNS} FROM dataset_search WHERE row_version > $1::bigint LIMIT ${DELTA_LIMIT + 1}`, [this.applied]);
            if (rows.length <= DELTA_LIMIT) return { kind: 'delta' as const, removed, rows: rows.map(readRow) };
          }
        }
        // The first load, or after a TRUNCATE: every row, into a new index, a batch at a time (the
        // rows' text would take ~30 times the index's memory at once).
        // The index being replaced goes first, or the heap would hold both.
        this.index = new FacetIndex();
        this.version = null;
        const index = new FacetIndex();
        let applied = '0';
        let loadedRows = 0;
        for (let after = -1; ; ) {
          const { rows } = await db.query<RowRead & { seq: number }>(
            `SELECT ${ROW_COLUMNS}, seq FROM dataset_search WHERE seq > $1 ORDER BY seq LIMIT ${LOAD_BATCH}`,
            [after],
          );
          for (const read of rows) {
            const { row, rowVersion } = readRow(read);
            index.put(row);
            applied = maxOf(applied, rowVersion);
          }
          loadedRows += rows.length;
          if (this.overBudget()) return { kind: 'too large' as const, rows: loadedRows };
          if (rows.length < LOAD_BATCH) break;
          after = (rows[rows.length - 1] as { seq: number }).seq;
        }
        for (const r of removed) applied = maxOf(applied, r.row_version);
        index.text.trim();
        return { kind: 'whole' as const, index, applied };
      }),
    );
    if (read === undefined || read.value === null) return; // a writer is committing: the next search tries again
    const loaded = read.value;
    if (loaded.kind === 'too large') return this.giveUp(loaded.rows);
    if (loaded.kind === 'whole') {
      this.index = loaded.index;
      this.applied = loaded.applied;
    } else {
      // Applied in one go, with no await in between: a count never sees half of a refresh.
      for (const r of loaded.removed) this.index.remove(r.seq);
      for (const r of loaded.rows) this.index.put(r.row);
      // Every number drawn before the snapshot was committed (so read now) or is void; every
      // number drawn after it is higher than all of these: the next refresh reads past the highest seen.
      for (const r of loaded.removed) this.applied = maxOf(this.applied, r.row_version);
      for (const r of loaded.rows) this.applied = maxOf(this.applied, r.rowVersion);
      if (this.overBudget()) return this.giveUp(this.index.size);
    }
    this.version = read.version;
  }

  /**
   * In one snapshot at the index's version: the source names, and the rows matching `filters`
   * (null: no filter) as slots to select (`resolved`, with `text` for a full-text query the index
   * evaluates) or as seqs matched in SQL (with the page, `along`).
   */
  private async readMatching(
    filters: SearchFilters,
    page: { memory: PageRequest; sqlPage: Along } | undefined,
  ): Promise<
    | {
        version: string;
        matching: { seqs: Int32Array } | null;
        resolved: ResolvedFilters | null;
        text?: { matched: { slots: Int32Array; ranks: Float32Array }; after: { key: number; id: string } | null };
        sourceNames: Map<string, string>;
        along?: unknown;
      }
    | 'behind'
    | undefined
  > {
    const read = await withClient(this.pool, (client) =>
      inQuietSnapshot(client, async (db, version) => {
        if (version !== this.version) return 'behind' as const;
        const params = new Params();
        const where = filterClauses(filters, params);
        const q = filters.q?.trim() ? filters.q : undefined;
        // One statement a search (each round trip counts under load): the source names travel with it.
        if (where.length === 0) {
          const { rows } = await db.query<{ sources: Array<[string, string]> }>(`SELECT ${SOURCES} AS sources`);
          return { matching: null, resolved: null, sourceNames: new Map(rows[0]?.sources ?? []) };
        }
        const root = q === undefined ? undefined : await this.textPlan(q, page?.memory.sort, db);
        // Without full text, or with full text the index evaluates, the filters are cheaper to apply
        // here than to scan for (only a `q` the index cannot evaluate needs the table's tsvectors).
        if (q === undefined ? !page : root !== undefined) {
          const { resolved, sources, after } = await resolve(db, filters, root ? page?.memory : undefined);
          if (q === undefined || root === undefined) return { matching: null, resolved, sourceNames: new Map(sources) };
          // Matched over the index as it is now: if a refresh moved it since the snapshot's version, count() reads again.
          const query = this.index.text.compile(root);
          const matched = this.index.text.match(this.index.select(resolved, this.index.text.candidates(query) ?? undefined), query);
          const text = { matched: matched.maybe.length > 0 ? await this.confirmed(db, q, matched) : matched, after };
          return { matching: null, resolved, text, sourceNames: new Map(sources) };
        }
        const extra = page?.sqlPage(params);
        const { rows } = await db.query<{ seqs: Buffer; along?: unknown; sources: Array<[string, string]> }>(
          `WITH m AS MATERIALIZED (
             SELECT ds.seq${extra ? `, ${extra.columns}` : ''} FROM dataset_search ds
             WHERE (ds.is_primary OR ds.status = 'archived') AND ${where.join(' AND ')})
           SELECT (SELECT coalesce(string_agg(int4send(m.seq), ''::bytea), ''::bytea) FROM m) AS seqs,
             ${SOURCES} AS sources${extra ? `, (${extra.select}) AS along` : ''}`,
          params.values,
        );
        return {
          matching: { seqs: seqsOf(rows[0]?.seqs) },
          resolved: null,
          along: rows[0]?.along,
          sourceNames: new Map(rows[0]?.sources ?? []),
        };
      }),
    );
    if (read === undefined) return undefined;
    if (read.value === 'behind') return 'behind';
    return { version: read.version, ...read.value };
  }
}

/** `filters` but `q` as the database compares them (the same casts and folds as search-filters.ts). */
async function resolve(
  db: pg.PoolClient,
  filters: SearchFilters,
  page?: PageRequest,
): Promise<{ resolved: ResolvedFilters; sources: Array<[string, string]>; after: { key: number; id: string } | null }> {
  const resolved: ResolvedFilters = { lists: {} };
  // A cursor's key is read as the SQL path casts it (search-filters.ts `sortPlan`): a rank as real, a date as timestamptz.
  const afterKey = page?.sort === 'modified' ? `(extract(epoch FROM $5::timestamptz) * 1000000)::float8` : `$5::real::float8`;
  const { rows } = await db.query<{
    since: number | null;
    quality_min: number | null;
    keywords: string[] | null;
    source_ids: string[] | null;
    sources: Array<[string, string]>;
    after_key: number | null;
    after_id: string | null;
  }>(
    `SELECT (extract(epoch FROM $1::timestamptz) * 1000000)::float8 AS since, $2::int AS quality_min,
       (SELECT array_agg(lower(moisson_unaccent(trim(k)))) FROM unnest($3::text[]) k) AS keywords, $4::uuid[]::text[] AS source_ids,
       ${SOURCES} AS sources, ${afterKey} AS after_key, $6::uuid::text AS after_id`,
    [
      filters.modifiedSince || null,
      filters.qualityMin ?? null,
      filters.keyword?.length ? filters.keyword : null,
      filters.source?.length ? filters.source : null,
      page?.cursor?.key ?? null,
      page?.cursor?.id ?? null,
    ],
  );
  const row = rows[0];
  const after = row && row.after_key !== null && row.after_id !== null ? { key: row.after_key, id: row.after_id } : null;
  if (filters.modifiedSince) resolved.modifiedSinceMicros = row?.since ?? NaN;
  if (filters.qualityMin !== undefined) resolved.qualityMin = row?.quality_min ?? NaN;
  if (filters.keyword?.length) resolved.lists.keyword = new Set(row?.keywords ?? []);
  if (filters.source?.length) resolved.source = new Set(row?.source_ids ?? []);
  if (filters.publisher?.length) resolved.publisher = new Set(filters.publisher);
  if (filters.theme?.length) resolved.lists.theme = new Set(filters.theme);
  if (filters.format?.length) resolved.lists.format = new Set(filters.format);
  if (filters.license?.length) resolved.lists.license = new Set(filters.license);
  if (filters.language?.length) resolved.lists.language = new Set(filters.language);
  if (filters.bbox) {
    const [w, s, e, n] = filters.bbox;
    resolved.bbox = [Math.min(w, e), Math.min(s, n), Math.max(w, e), Math.max(s, n)];
  }
  return { resolved, sources: row?.sources ?? [], after };
}

/** Big-endian int4s, as `int4send` writes them. */
function seqsOf(bytes: Buffer | undefined): Int32Array {
  if (!bytes) return new Int32Array(0);
  const seqs = new Int32Array(bytes.length / 4);
  for (let i = 0; i < seqs.length; i++) seqs[i] = bytes.readInt32BE(i * 4);
  return seqs;
}

/** Microseconds since the epoch as `timestamptz::text` gives them in this pool's sessions (the modified sort's cursor keys). */
async function timestampTexts(pool: pg.Pool, micros: number[]): Promise<string[]> {
  if (micros.length === 0) return [];
  const { rows } = await pool.query<{ texts: string[] }>(
    `SELECT array_agg((timestamptz 'epoch' + m * interval '1 microsecond')::text ORDER BY n) AS texts
     FROM unnest($1::float8[]) WITH ORDINALITY u(m, n)`,
    [micros],
  );
  return rows[0]?.texts ?? [];
}
