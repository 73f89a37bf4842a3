/**
 * Keeps a `FacetIndex` at the version of `dataset_search` a search reads (migrations 008, 009), and
 * counts a search's facets with it: the filters still run in PostgreSQL (they return the matching
 * rows' `seq`, 4 bytes each), the counting runs here.
 */
import type pg from 'pg';
import { FacetIndex, type IndexedRow, type ResolvedFilters } from './facet-index.js';
import type { FacetCounts } from './search-facets.js';
import { filterClauses, Params, type SearchFilters, type SearchStatus } from './search-filters.js';
import { inQuietSnapshot, withClient } from './search-version.js';

const ROW_COLUMNS = `seq, cluster_id::text AS cluster, source_id::text AS source, is_primary AS primary, status,
  publisher, publisher_label, (least(quality, 99) / 25 * 25)::text AS quality,
  themes, theme_labels, keywords, keyword_labels, formats, format_labels, licenses, license_labels, languages,
  ARRAY(SELECT lower(substring(l FROM '[^/#]+$')) FROM unnest(languages) WITH ORDINALITY u(l, n) ORDER BY n) AS language_labels,
  quality AS score, (extract(epoch FROM modified) * 1000000)::float8 AS modified_micros,
  CASE WHEN bbox IS NOT NULL THEN ARRAY[(bbox[1])[0], (bbox[1])[1], (bbox[0])[0], (bbox[0])[1]] END AS bbox,
  row_version::text`;

interface RowRecord {
  seq: number;
  cluster: string;
  source: string;
  primary: boolean;
  status: string;
  publisher: string | null;
  publisher_label: string | null;
  quality: string;
  themes: string[];
  theme_labels: string[];
  keywords: string[];
  keyword_labels: string[];
  formats: string[];
  format_labels: string[];
  licenses: string[];
  license_labels: string[];
  languages: Array<string | null>;
  language_labels: Array<string | null>;
  score: number;
  modified_micros: number;
  bbox: [number, number, number, number] | null;
  row_version: string;
}

function indexedRow(r: RowRecord): IndexedRow {
  return {
    seq: r.seq,
    cluster: r.cluster,
    source: r.source,
    primary: r.primary,
    status: r.status,
    publisher: r.publisher,
    publisherLabel: r.publisher_label,
    quality: r.quality,
    score: r.score,
    modifiedMicros: r.modified_micros,
    bbox: r.bbox,
    lists: {
      theme: { values: r.themes, labels: r.theme_labels },
      keyword: { values: r.keywords, labels: r.keyword_labels },
      format: { values: r.formats, labels: r.format_labels },
      license: { values: r.licenses, labels: r.license_labels },
      language: { values: r.languages, labels: r.language_labels },
    },
  };
}

/**
 * Another read over the rows matching a search's filters, in the scan that finds them: `columns`
 * (over `dataset_search ds`) are kept with each row of `m`, `select` is a scalar query over `m`.
 * Its parameters are added to `params` after the filters'.
 */
export type Along = (params: Params) => { columns: string; select: string };

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

  constructor(private readonly pool: pg.Pool) {}

  /**
   * The facet counts of a search at the version of `dataset_search` they were counted at, or
   * undefined when the index cannot vouch for them (a writer is committing): count in SQL then.
   * `along`, when the search has filters, reads one more value over the matching rows in the same
   * scan and snapshot (the search's page): its value is `along`, else undefined.
   */
  async count(
    filters: SearchFilters,
    status: SearchStatus,
    facetSize: number,
    along?: Along,
  ): Promise<{ version: string; counts: FacetCounts; along?: unknown } | undefined> {
    if (this.usable === false) return undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const read = await this.readMatching(filters, along);
      if (read === undefined) return undefined;
      if (read === 'behind') {
        await this.refresh();
        continue;
      }
      // Another search may have moved the index while this one read: count only at the same version.
      if (read.version !== this.version) continue;
      const matching = read.matching ?? (read.resolved ? { slots: this.index.select(read.resolved) } : null);
      return { version: read.version, counts: this.index.count(matching, status, facetSize, read.sourceNames), along: read.along };
    }
    return undefined;
  }

  /** Brings the index to the current version (one refresh at a time; callers share it). */
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
        let whole = this.version === null;
        let removed: Array<{ seq: number; row_version: string }> = [];
        if (!whole) {
          removed = (await db.query<{ seq: number; row_version: string }>(
            `SELECT seq, row_version::text FROM dataset_search_removed WHERE row_version > $1::bigint`,
            [this.applied],
          )).rows;
          whole = removed.some((r) => r.seq === -1); // a TRUNCATE
        }
        const { rows } = await db.query<RowRecord>(`SELECT ${ROW_COLUMNS} FROM dataset_search WHERE row_version > $1::bigint`, [whole ? '0' : this.applied]);
        return { whole, removed, rows };
      }),
    );
    if (read === undefined || read.value === null) return; // a writer is committing: the next search tries again
    const { whole, removed, rows } = read.value;
    if (whole) {
      this.index = new FacetIndex();
      this.applied = '0';
    }
    for (const r of removed) this.index.remove(r.seq);
    for (const r of rows) this.index.put(indexedRow(r));
    // Every number drawn before the snapshot was committed (so read now) or is void; every number
    // drawn after it is higher than all of these: the next refresh reads past the highest seen.
    for (const r of [...removed, ...rows]) this.applied = maxOf(this.applied, r.row_version);
    this.version = read.version;
  }

  /** In one snapshot at the index's version: the seqs matching `filters` (null: no filter), the source names, and `along`. */
  private async readMatching(
    filters: SearchFilters,
    along: Along | undefined,
  ): Promise<
    | { version: string; matching: { seqs: Int32Array } | null; resolved: ResolvedFilters | null; sourceNames: Map<string, string>; along?: unknown }
    | 'behind'
    | undefined
  > {
    const read = await withClient(this.pool, (client) =>
      inQuietSnapshot(client, async (db, version) => {
        if (version !== this.version) return 'behind' as const;
        const params = new Params();
        const where = filterClauses(filters, params);
        let matching: { seqs: Buffer; along?: unknown } | null = null;
        let resolved: ResolvedFilters | null = null;
        // Without full text, the filters are cheaper to apply here than to scan for (`q` needs the table's tsvectors).
        if (where.length > 0 && !filters.q?.trim() && !along) resolved = await resolve(db, filters);
        else if (where.length > 0) {
          const extra = along?.(params);
          // The matching rows are kept once for both reads; 100,000 of them take ~10 MB.
          if (extra) await db.query(`SET LOCAL work_mem = '64MB'`);
          const { rows } = await db.query<{ seqs: Buffer; along?: unknown }>(
            `WITH m AS MATERIALIZED (
               SELECT ds.seq${extra ? `, ${extra.columns}` : ''} FROM dataset_search ds
               WHERE (ds.is_primary OR ds.status = 'archived') AND ${where.join(' AND ')})
             SELECT (SELECT coalesce(string_agg(int4send(m.seq), ''::bytea), ''::bytea) FROM m) AS seqs${extra ? `, (${extra.select}) AS along` : ''}`,
            params.values,
          );
          matching = rows[0] ?? null;
        }
        const sources = await db.query<{ id: string; name: string }>('SELECT id::text, name FROM sources');
        return {
          matching: matching ? { seqs: seqsOf(matching.seqs) } : null,
          resolved,
          along: matching?.along,
          sourceNames: new Map(sources.rows.map((s) => [s.id, s.name])),
        };
      }),
    );
    if (read === undefined) return undefined;
    if (read.value === 'behind') return 'behind';
    return { version: read.version, ...read.value };
  }
}

/** `filters` but `q` as the database compares them (the same casts and folds as search-filters.ts). */
async function resolve(db: pg.PoolClient, filters: SearchFilters): Promise<ResolvedFilters> {
  const resolved: ResolvedFilters = { lists: {} };
  const { rows } = await db.query<{ since: number | null; quality_min: number | null; keywords: string[] | null; sources: string[] | null }>(
    `SELECT (extract(epoch FROM $1::timestamptz) * 1000000)::float8 AS since, $2::int AS quality_min,
       (SELECT array_agg(lower(moisson_unaccent(trim(k)))) FROM unnest($3::text[]) k) AS keywords, $4::uuid[]::text[] AS sources`,
    [
      filters.modifiedSince || null,
      filters.qualityMin ?? null,
      filters.keyword?.length ? filters.keyword : null,
      filters.source?.length ? filters.source : null,
    ],
  );
  const row = rows[0];
  if (filters.modifiedSince) resolved.modifiedSinceMicros = row?.since ?? NaN;
  if (filters.qualityMin !== undefined) resolved.qualityMin = row?.quality_min ?? NaN;
  if (filters.keyword?.length) resolved.lists.keyword = new Set(row?.keywords ?? []);
  if (filters.source?.length) resolved.source = new Set(row?.sources ?? []);
  if (filters.publisher?.length) resolved.publisher = new Set(filters.publisher);
  if (filters.theme?.length) resolved.lists.theme = new Set(filters.theme);
  if (filters.format?.length) resolved.lists.format = new Set(filters.format);
  if (filters.license?.length) resolved.lists.license = new Set(filters.license);
  if (filters.language?.length) resolved.lists.language = new Set(filters.language);
  if (filters.bbox) {
    const [w, s, e, n] = filters.bbox;
    resolved.bbox = [Math.min(w, e), Math.min(s, n), Math.max(w, e), Math.max(s, n)];
  }
  return resolved;
}

/** Big-endian int4s, as `int4send` writes them. */
function seqsOf(bytes: Buffer | undefined): Int32Array {
  if (!bytes) return new Int32Array(0);
  const seqs = new Int32Array(bytes.length / 4);
  for (let i = 0; i < seqs.length; i++) seqs[i] = bytes.readInt32BE(i * 4);
  return seqs;
}
