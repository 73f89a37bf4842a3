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
import { filterSetKey, SearchCache } from './search-cache.js';
import { countFacets, type FacetCounts, type FacetName, type FacetValue } from './search-facets.js';
import { readAtVersion, searchVersion } from './search-version.js';
import { FacetIndexSync, type Along, type PageRequest } from './facet-index-sync.js';
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
  /**
   * Facet counts and pages of results kept until `dataset_search` changes (each counts one
   * entry: ids only for pages, the rows are always read fresh); 0 turns the cache off.
   * @defaultValue 1000
   */
  cacheSize?: number;
  /**
   * How old served counts and pages may be. 0 (the default): a search always reflects every
   * write committed before it. Above 0, a search that finds its result read less than this long
   * ago serves it, however much was written since, and refreshes it in the background (one
   * refresh per result at a time). While harvests write, every page they commit changes
   * `dataset_search`, so without this every search recounts the whole catalogue.
   * @defaultValue 0
   */
  maxStaleMs?: number;
  /**
   * Count facets over an in-memory copy of `dataset_search`'s facet columns (facet-index.ts), kept
   * at the version each search reads, and match, rank and page full-text searches with its copy of
   * `document` (text-index.ts); off, or while a writer is committing, or for a query the copy
   * cannot reproduce (a relevance order over a top-level AND, a sort by title), it is done in
   * SQL. Either way the results are the same. The copy holds a few bytes per facet value and 5 per
   * lexeme of every row.
   * @defaultValue true
   */
  facetIndex?: boolean;
  /**
   * The share of the V8 heap limit the process may use with the facet index loaded; past it the
   * index is dropped and searches run in SQL (a warning says so). @defaultValue 0.6
   */
  facetIndexHeapShare?: number;
}

/** A value with the `dataset_search` version it was read at (null: none vouched for). */
type Versioned<T> = { version: string | null; value: T };

/** One page of a search: the ids in order, with the sort key of each for the next cursor. */
type RankedPage = ReadonlyArray<{ id: string; sortKey: string }>;

/** Search, facets and cross-source identity over `dataset_search` (migration 005). */
export class SearchRepository {
  private readonly cache: SearchCache;
  private readonly maxStaleMs: number;
  /** Background refreshes of stale results in flight, by cache key. */
  private readonly refreshing = new Map<string, Promise<unknown>>();
  private readonly facetIndex: FacetIndexSync | null;

  constructor(
    private readonly pool: pg.Pool,
    options: SearchOptions = {},
  ) {
    this.cache = new SearchCache(options.cacheSize ?? 1000);
    this.maxStaleMs = options.maxStaleMs ?? 0;
    this.facetIndex = options.facetIndex === false ? null : new FacetIndexSync(pool, options.facetIndexHeapShare);
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
    let at: { key: string; id: string } | null = null;
    if (query.cursor) at = decodeCursor(query.cursor, effectiveSort);
    else offset = (Math.max(query.page ?? 1, 1) - 1) * pageSize;
    const after = at ? `WHERE ${plan.after('r', at.key, at.id, itemParams)}` : '';

    const rankedSql = `SELECT r.id, ${plan.key('r')} AS "sortKey"
      FROM (SELECT ds.id, ds.title_key, ds.modified, ${rank} AS rank FROM dataset_search ds WHERE ${itemWhere.join(' AND ')}) r
      ${after} ORDER BY ${plan.order('r')} LIMIT ${pageSize + 1} OFFSET ${offset}`;
    const filterSet = filterSetKey(query, status);
    const version = this.cache.capacity > 0 ? await searchVersion(this.pool) : null;
    const pageKey = JSON.stringify([filterSet, 'page', effectiveSort, query.cursor ?? null, offset, pageSize]);
    const facetKey = JSON.stringify([filterSet, 'facets', facetSize]);

    // Neither served from the cache and the search has full text: the facet index matches, ranks
    // and pages a query it can reproduce (text-index.ts) itself; any other is matched by a scan of
    // the table, which ranks the page in the scan that finds the rows to count rather than scan
    // twice. Without full text the facet index applies the filters, and the page comes from the sort's index.
    const both =
      this.facetIndex && hasQuery && !this.servable(version, pageKey) && !this.servable(version, facetKey)
        ? await this.countAlongPage(query, status, facetSize, pageKey, facetKey, {
            memory: { sort: effectiveSort, cursor: at, offset, limit: pageSize + 1 },
            sqlPage: (params) => {
              const pageRank = rank === '0::real' ? rank : `ts_rank(ds.document, moisson_tsquery(${params.add(query.q)}))`;
              const pageAfter = at ? ` AND ${plan.after('r', at.key, at.id, params)}` : '';
              return {
                columns: `ds.id, ds.title_key, ds.modified, (${statusClause(status)}) AS listed, ${pageRank} AS rank`,
                select: `SELECT coalesce(json_agg(json_build_array(p.id, p."sortKey") ORDER BY ${plan.order('p')}), '[]')
                  FROM (SELECT r.id, r.title_key, r.modified, r.rank, ${plan.key('r')} AS "sortKey" FROM m r WHERE r.listed${pageAfter}
                        ORDER BY ${plan.order('r')} LIMIT ${pageSize + 1} OFFSET ${offset}) p`,
              };
            },
          })
        : undefined;
    const [ranked, counts] = both
      ? [both.ranked, both.counts]
      : await Promise.all([
          this.cachedQuery(version, pageKey, async (db) => {
            const { rows } = await db.query<{ id: string; sortKey: string }>(rankedSql, itemParams.values);
            return rows as RankedPage;
          }),
          this.cached(
            version,
            facetKey,
            () => this.freshCounts(query, status, facetSize),
            async () => (this.facetIndex ? (await this.freshCounts(query, status, facetSize)).value : countFacets(this.pool, query, status, facetSize)),
          ),
        ]);
    const items = await this.hits(ranked.slice(0, pageSize).map((r) => r.id));

    const result: SearchResult = { total: counts.total, items, facets: counts.facets, next: null };
    if (ranked.length > pageSize) {
      const last = ranked[pageSize - 1] as RankedPage[number];
      result.next = encodeCursor(effectiveSort, last.sortKey, last.id);
    }
    return result;
  }

  /**
   * `read`'s result from the cache when `dataset_search` is still at the `version` it was read at,
   * or when it is recent enough (`maxStaleMs`; then refreshed in the background), else read now
   * (`version` null: no cache). A result read in a snapshot that holds every write up to its
   * version is stored under it; one read while a writer was committing is stored without a
   * version, served only within `maxStaleMs`.
   */
  private cachedQuery<T>(version: string | null, key: string, read: (db: pg.Pool | pg.PoolClient) => Promise<T>): Promise<T> {
    return this.cached(version, key, () => readAtVersion(this.pool, read), () => read(this.pool));
  }

  /** `fresh` reads a value with the version it holds (null: none vouched for); `uncached` reads it when the cache is off. */
  private async cached<T>(
    version: string | null,
    key: string,
    fresh: () => Promise<Versioned<T>>,
    uncached = async () => (await fresh()).value,
  ): Promise<T> {
    if (version === null) return uncached();
    const hit = this.cache.get<T>(key, version);
    if (hit !== undefined) return hit;
    if (this.maxStaleMs > 0) {
      const recent = this.cache.stale<T>(key, this.maxStaleMs);
      if (recent !== undefined) {
        if (!this.refreshing.has(key)) {
          const refresh = this.readAndStore(key, fresh).catch(() => undefined);
          this.refreshing.set(key, refresh);
          void refresh.finally(() => this.refreshing.delete(key));
        }
        return recent;
      }
    }
    return this.readAndStore(key, fresh);
  }

  private async readAndStore<T>(key: string, fresh: () => Promise<Versioned<T>>): Promise<T> {
    const readAt = Date.now();
    const read = await fresh();
    this.cache.set(key, read.version, read.value, readAt);
    return read.value;
  }

  /** Whether the cache would serve `key` now (at `version`, or recently enough). */
  private servable(version: string | null, key: string): boolean {
    if (version === null) return false;
    return this.cache.get(key, version) !== undefined || (this.maxStaleMs > 0 && this.cache.stale(key, this.maxStaleMs) !== undefined);
  }

  /** The facet counts and the ranked page of a search in one scan (facet-index-sync.ts), both cached; undefined when the index cannot vouch. */
  private async countAlongPage(
    filters: SearchFilters,
    status: SearchStatus,
    facetSize: number,
    pageKey: string,
    facetKey: string,
    page: { memory: PageRequest; sqlPage: Along },
  ): Promise<{ ranked: RankedPage; counts: FacetCounts } | undefined> {
    const readAt = Date.now();
    const counted = await this.facetIndex?.count(filters, status, facetSize, page);
    if (!counted || counted.along === undefined) return undefined;
    const ranked: RankedPage = counted.along.map(([id, sortKey]) => ({ id, sortKey }));
    this.cache.set(pageKey, counted.version, ranked, readAt);
    this.cache.set(facetKey, counted.version, counted.counts, readAt);
    return { ranked, counts: counted.counts };
  }

  /** Facet counts from the in-memory index when it can vouch for them, else in SQL. */
  private async freshCounts(filters: SearchFilters, status: SearchStatus, facetSize: number): Promise<Versioned<FacetCounts>> {
    const counted = await this.facetIndex?.count(filters, status, facetSize);
    if (counted) return { version: counted.version, value: counted.counts };
    return readAtVersion(this.pool, (db) => countFacets(db, filters, status, facetSize));
  }

  /**
   * Loads the in-memory facet index now rather than on the first search (which counts in SQL while
   * it loads): seconds at 100,000 datasets. Does nothing with `facetIndex: false`, or while a
   * writer is committing (the next search loads it then).
   */
  async loadFacetIndex(): Promise<void> {
    await this.facetIndex?.refresh();
  }

  /** The rows of these datasets, in this order, read now (they carry more than `dataset_search`, e.g. lastSeen). */
  private async hits(ids: string[]): Promise<SearchHit[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<SearchHit>(
      `SELECT ${HIT_COLUMNS} FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, n)
       JOIN dataset_search x ON x.id = p.id JOIN datasets d ON d.id = x.id JOIN sources s ON s.id = d.source_id
       ORDER BY p.n`,
      [ids],
    );
    return rows;
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
        `SELECT (SELECT count(*)::int FROM datasets WHERE status = 'active') AS total,
                (SELECT max(last_changed) FROM datasets WHERE status = 'active') AS modified`,
      ),
      // The page's ids first, from the catalogue-order index alone (migration 012): the rows
      // skipped by OFFSET are never read, nor their columns computed.
      this.pool.query<DatasetRow>(
        `SELECT ${DATASET_COLUMNS}
         FROM (SELECT id, first_seen FROM datasets WHERE status = 'active' ORDER BY first_seen, id LIMIT ${pageSize} OFFSET ${offset}) p
         JOIN datasets d ON d.id = p.id JOIN sources s ON s.id = d.source_id
         ORDER BY p.first_seen, p.id`,
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
