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
  type SearchStatus,
} from './search-filters.js';
import { FacetCache, facetCacheKey } from './facet-cache.js';
import { countFacets, type FacetCounts, type FacetName, type FacetValue } from './search-facets.js';
import { readAtVersion, searchVersion } from './search-version.js';
import type { DatasetRow } from './types.js';

export { BadCursor, type SearchFilters, type SearchSort, type SearchStatus } from './search-filters.js';
export { FACETS, type FacetName, type FacetValue } from './search-facets.js';

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

export interface SearchResult {
  total: number;
  items: SearchHit[];
  facets: Record<FacetName, FacetValue[]>;
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

const HIT_COLUMNS = `${DATASET_COLUMNS}, d.cluster_id AS "clusterId", d.loop,
  json_build_object('score', x.quality, 'criteria', x.quality_criteria) AS quality, x.is_primary AS primary`;

export interface SearchOptions {
  /** Filter sets whose facet counts are kept until `dataset_search` changes; 0 turns the cache off. @defaultValue 500 */
  facetCacheSize?: number;
}

/** Search, facets and cross-source identity over `dataset_search` (migration 005). */
export class SearchRepository {
  private readonly facetCache: FacetCache;

  constructor(
    private readonly pool: pg.Pool,
    options: SearchOptions = {},
  ) {
    this.facetCache = new FacetCache(options.facetCacheSize ?? 500);
  }

  async search(query: SearchQuery = {}): Promise<SearchResult> {
    const status = query.status ?? 'active';
    const sort: SearchSort = query.sort ?? (query.q?.trim() ? 'relevance' : 'title');
    const pageSize = Math.min(Math.max(query.pageSize ?? 20, 1), 1000);
    const facetSize = Math.min(Math.max(query.facetSize ?? 20, 1), 200);

    const itemParams = new Params();
    const hasQuery = Boolean(query.q?.trim());
    const effectiveSort: SearchSort = sort === 'relevance' && !hasQuery ? 'title' : sort;
    const plan = sortPlan(effectiveSort);
    // Only the relevance sort reads the rank: other sorts skip ts_rank on every match.
    const rank = hasQuery && effectiveSort === 'relevance' ? `ts_rank(ds.document, moisson_tsquery(${itemParams.add(query.q)}))` : '0::real';
    const itemWhere = [statusClause(status), ...filterClauses(query, itemParams)];
    let offset = 0;
    let after = '';
    if (query.cursor) {
      const at = decodeCursor(query.cursor, effectiveSort);
      after = `WHERE ${plan.after('r', at.key, at.id, itemParams)}`;
    } else offset = (Math.max(query.page ?? 1, 1) - 1) * pageSize;

    const [items, counts] = await Promise.all([
      this.pool.query<SearchHit & { sortKey: string }>(
        `SELECT ${HIT_COLUMNS}, ${plan.key('x')} AS "sortKey"
         FROM (SELECT r.* FROM (SELECT ds.id, ds.title_key, ds.modified, ds.quality, ds.quality_criteria, ds.is_primary, ${rank} AS rank
                                FROM dataset_search ds WHERE ${itemWhere.join(' AND ')}) r
               ${after} ORDER BY ${plan.order('r')} LIMIT ${pageSize + 1} OFFSET ${offset}) x
         JOIN datasets d ON d.id = x.id JOIN sources s ON s.id = d.source_id
         ORDER BY ${plan.order('x')}`,
        itemParams.values,
      ),
      this.facets(query, status, facetSize),
    ]);

    const result: SearchResult = { total: counts.total, items: [], facets: counts.facets, next: null };
    const rows = items.rows;
    if (rows.length > pageSize) {
      rows.length = pageSize;
      const last = rows[rows.length - 1] as SearchHit & { sortKey: string };
      result.next = encodeCursor(effectiveSort, last.sortKey, last.id);
    }
    result.items = rows.map(({ sortKey: _sortKey, ...hit }) => hit);
    return result;
  }

  /**
   * Facet counts, from the cache when `dataset_search` has not changed since they were counted.
   * A count is stored only when taken in a snapshot that holds every write up to its version.
   */
  private async facets(filters: SearchFilters, status: SearchStatus, facetSize: number): Promise<FacetCounts> {
    if (this.facetCache.capacity <= 0) return countFacets(this.pool, filters, status, facetSize);
    const key = facetCacheKey(filters, status, facetSize);
    const cached = this.facetCache.get(key, await searchVersion(this.pool));
    if (cached) return cached;
    const { version, value } = await readAtVersion(this.pool, (db) => countFacets(db, filters, status, facetSize));
    if (version !== null) this.facetCache.set(key, version, value);
    return value;
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
