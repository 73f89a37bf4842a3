import type pg from 'pg';
import { DATASET_COLUMNS } from './datasets.js';
import { isUuid } from './sources.js';
import {
  decodeCursor,
  encodeCursor,
  filterClauses,
  Params,
  sortPlan,
  statusClause,
  type SearchFilters,
  type SearchSort,
} from './search-filters.js';
import type { DatasetRow } from './types.js';

export { BadCursor, type SearchFilters, type SearchSort, type SearchStatus } from './search-filters.js';

export interface SearchQuery extends SearchFilters {
  /** @defaultValue relevance when `q` is given, else title */
  sort?: SearchSort;
  /** Continue after the item this cursor names (keyset paging: stable while harvests write). */
  cursor?: string;
  /** Offset paging, when no cursor is given. @defaultValue 1 */
  page?: number;
  /** @defaultValue 20 */
  pageSize?: number;
  /** Values per facet. @defaultValue 20 */
  facetSize?: number;
}

export interface Quality {
  score: number;
  criteria: Record<string, boolean>;
}

/** Another member of a dataset's cluster: the same dataset carried by another source (or record). */
export interface Origin {
  id: string;
  source: DatasetRow['source'];
  remoteId: string;
  remoteUrl: string | null;
  status: 'active' | 'archived';
  primary: boolean;
}

export interface SearchHit extends DatasetRow {
  clusterId: string;
  loop: boolean;
  quality: Quality;
  primary: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export const FACETS = ['source', 'publisher', 'theme', 'keyword', 'format', 'license', 'language', 'status', 'quality'] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchResult {
  total: number;
  items: SearchHit[];
  facets: Record<FacetName, FacetValue[]>;
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

const HIT_COLUMNS = `${DATASET_COLUMNS}, d.cluster_id AS "clusterId", d.loop,
  json_build_object('score', x.quality, 'criteria', x.quality_criteria) AS quality, x.is_primary AS primary`;

/** Facet values by count, one query over the filtered set; `unnest(values, labels)` keeps each value's label. */
const FACET_SQL = (where: string, size: string) => `
WITH f AS MATERIALIZED (
  SELECT ds.source_id, ds.cluster_id, ds.publisher, ds.publisher_label, ds.themes, ds.theme_labels, ds.keywords,
         ds.keyword_labels, ds.formats, ds.format_labels, ds.licenses, ds.license_labels, ds.languages, ds.quality
  FROM dataset_search ds WHERE ${where}
),
counts AS (
  SELECT 'total' AS facet, '' AS value, NULL::text AS label, count(*) AS n FROM f
  UNION ALL SELECT 'source', source_id::text, NULL, count(*) FROM f GROUP BY 2
  UNION ALL SELECT 'source', m.source_id::text, NULL, count(DISTINCT m.cluster_id)
    FROM dataset_search m JOIN f ON f.cluster_id = m.cluster_id WHERE NOT m.is_primary AND m.source_id <> f.source_id GROUP BY 2
  UNION ALL SELECT 'publisher', publisher, min(publisher_label), count(*) FROM f WHERE publisher IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'theme', t.v, min(t.l), count(*) FROM f, unnest(f.themes, f.theme_labels) t(v, l) GROUP BY 2
  UNION ALL SELECT 'keyword', t.v, min(t.l), count(*) FROM f, unnest(f.keywords, f.keyword_labels) t(v, l) GROUP BY 2
  UNION ALL SELECT 'format', t.v, min(t.l), count(*) FROM f, unnest(f.formats, f.format_labels) t(v, l) GROUP BY 2
  UNION ALL SELECT 'license', t.v, min(t.l), count(*) FROM f, unnest(f.licenses, f.license_labels) t(v, l) GROUP BY 2
  UNION ALL SELECT 'language', t.v, lower(substring(t.v FROM '[^/#]+$')), count(*) FROM f, unnest(f.languages) t(v) GROUP BY 2
  UNION ALL SELECT 'quality', (least(quality, 99) / 25 * 25)::text, NULL, count(*) FROM f GROUP BY 2
),
merged AS (SELECT facet, value, min(label) AS label, sum(n)::int AS n FROM counts GROUP BY facet, value),
ranked AS (SELECT *, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) AS r FROM merged)
SELECT r.facet, r.value, coalesce(r.label, s.name, r.value) AS label, r.n AS count
FROM ranked r LEFT JOIN sources s ON r.facet = 'source' AND s.id::text = r.value
WHERE r.r <= ${size} OR r.facet = 'quality'
ORDER BY r.facet, r.n DESC, r.value`;

const QUALITY_LABELS: Record<string, string> = { '0': '0–24', '25': '25–49', '50': '50–74', '75': '75–100' };

/** Search, facets and cross-source identity over `dataset_search` (migration 005). */
export class SearchRepository {
  constructor(private readonly pool: pg.Pool) {}

  async search(query: SearchQuery = {}): Promise<SearchResult> {
    const status = query.status ?? 'active';
    const sort: SearchSort = query.sort ?? (query.q?.trim() ? 'relevance' : 'title');
    const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 1000);
    const facetSize = Math.min(Math.max(query.facetSize ?? 20, 1), 200);

    const itemParams = new Params();
    const hasQuery = Boolean(query.q?.trim());
    const effectiveSort: SearchSort = sort === 'relevance' && !hasQuery ? 'title' : sort;
    const plan = sortPlan(effectiveSort);
    const rank = hasQuery ? `ts_rank(ds.document, moisson_tsquery(${itemParams.add(query.q)}))` : '0::real';
    const itemWhere = [statusClause(status), ...filterClauses(query, itemParams)];
    let offset = 0;
    let after = '';
    if (query.cursor) {
      const at = decodeCursor(query.cursor, effectiveSort);
      after = `WHERE ${plan.after('r', at.key, at.id, itemParams)}`;
    } else offset = (Math.max(query.page ?? 1, 1) - 1) * pageSize;

    const facetParams = new Params();
    const facetWhere = [statusClause(status), ...filterClauses(query, facetParams)].join(' AND ');
    const statusParams = new Params();
    const statusWhere = [`(ds.is_primary OR ds.status = 'archived')`, ...filterClauses(query, statusParams)].join(' AND ');

    const [items, facets, statuses] = await Promise.all([
      this.pool.query<SearchHit & { sortKey: string }>(
        `SELECT ${HIT_COLUMNS}, ${plan.key('x')} AS "sortKey"
         FROM (SELECT r.* FROM (SELECT ds.id, ds.title_key, ds.modified, ds.quality, ds.quality_criteria, ds.is_primary, ${rank} AS rank
                                FROM dataset_search ds WHERE ${itemWhere.join(' AND ')}) r
               ${after} ORDER BY ${plan.order('r')} LIMIT ${pageSize + 1} OFFSET ${offset}) x
         JOIN datasets d ON d.id = x.id JOIN sources s ON s.id = d.source_id
         ORDER BY ${plan.order('x')}`,
        itemParams.values,
      ),
      this.pool.query<{ facet: string; value: string; label: string; count: number }>(FACET_SQL(facetWhere, String(facetSize)), facetParams.values),
      this.pool.query<{ value: string; count: number }>(
        `SELECT ds.status AS value, count(*)::int AS count FROM dataset_search ds WHERE ${statusWhere} GROUP BY 1 ORDER BY 2 DESC, 1`,
        statusParams.values,
      ),
    ]);

    const result: SearchResult = { total: 0, items: [], facets: emptyFacets(), next: null };
    for (const row of facets.rows) {
      if (row.facet === 'total') result.total = row.count;
      else if (row.facet !== 'status') {
        const label = row.facet === 'quality' ? (QUALITY_LABELS[row.value] ?? row.value) : row.label;
        result.facets[row.facet as FacetName].push({ value: row.value, label, count: row.count });
      }
    }
    result.facets.status = statuses.rows.map((r) => ({ value: r.value, label: r.value, count: r.count }));
    const rows = items.rows;
    if (rows.length > pageSize) {
      rows.length = pageSize;
      const last = rows[rows.length - 1] as SearchHit & { sortKey: string };
      result.next = encodeCursor(effectiveSort, last.sortKey, last.id);
    }
    result.items = rows.map(({ sortKey: _sortKey, ...hit }) => hit);
    return result;
  }

  /** One dataset with its search-side fields (quality, cluster, loop). */
  async hit(id: string): Promise<SearchHit | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<SearchHit>(
      `SELECT ${HIT_COLUMNS} FROM datasets d JOIN sources s ON s.id = d.source_id JOIN dataset_search x ON x.id = d.id WHERE d.id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * One page of the public catalogue: every active dataset (each source's copy: the catalogue
   * keeps attribution per source), oldest first so pages stay put while harvests append.
   */
  async catalogPage(page: number, pageSize: number): Promise<{ total: number; items: DatasetRow[]; modified: string | null }> {
    const offset = (Math.max(page, 1) - 1) * pageSize;
    const [count, rows] = await Promise.all([
      this.pool.query<{ total: number; modified: string | null }>(
        `SELECT count(*)::int AS total, max(last_changed) AS modified FROM datasets WHERE status = 'active'`,
      ),
      this.pool.query<DatasetRow>(
        `SELECT ${DATASET_COLUMNS} FROM datasets d JOIN sources s ON s.id = d.source_id
         WHERE d.status = 'active' ORDER BY d.first_seen, d.id LIMIT ${pageSize} OFFSET ${offset}`,
      ),
    ]);
    return { total: count.rows[0]?.total ?? 0, items: rows.rows, modified: count.rows[0]?.modified ?? null };
  }

  /** Every member of these clusters, primary first, then the closest to the producer. */
  async origins(clusterIds: readonly string[]): Promise<Map<string, Origin[]>> {
    const byCluster = new Map<string, Origin[]>();
    if (clusterIds.length === 0) return byCluster;
    const { rows } = await this.pool.query<Origin & { clusterId: string }>(
      `SELECT d.cluster_id AS "clusterId", d.id, d.remote_id AS "remoteId", d.remote_url AS "remoteUrl", d.status, x.is_primary AS primary,
              json_build_object('id', s.id, 'name', s.name, 'url', s.url, 'protocol', s.protocol) AS source
       FROM dataset_search x JOIN datasets d ON d.id = x.id JOIN sources s ON s.id = d.source_id
       WHERE x.cluster_id = ANY($1::uuid[])
       ORDER BY x.is_primary DESC, (x.status <> 'active'), x.chain_length, x.first_seen, x.id`,
      [[...new Set(clusterIds)]],
    );
    for (const { clusterId, ...origin } of rows) {
      const list = byCluster.get(clusterId) ?? [];
      list.push(origin);
      byCluster.set(clusterId, list);
    }
    return byCluster;
  }
}

function emptyFacets(): Record<FacetName, FacetValue[]> {
  return Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Record<FacetName, FacetValue[]>;
}
