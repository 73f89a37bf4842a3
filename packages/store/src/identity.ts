import type pg from 'pg';

/**
 * Linking and drift update rows of several sources; two workers doing it at once would lock the
 * same rows in different orders (a deadlock seen with 3 workers on 10 overlapping sources), so
 * they take turns on this transaction-level advisory lock. Both steps are short.
 */
const IDENTITY_LOCK = 7_207_302;

/**
 * Identifier drift: a record whose remote id changed while its IRI or identifiers stayed is the
 * same dataset. When a job creates a dataset that shares an identity key with a dataset of the
 * same source that this job has not seen, the old row takes the new remote id and content (its
 * id, history and links survive) and the fresh row goes. `datasetIds` are the page's rows (see
 * `PageOutcome`); returns each re-attached fresh row's id with the id of the row that took its place.
 */
export async function resolveDrift(pool: pg.Pool, sourceId: string, jobId: string, datasetIds: string[]): Promise<Map<string, string>> {
  if (datasetIds.length === 0) return new Map();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [IDENTITY_LOCK]);
    const { rows } = await client.query<{ fresh: string; old: string }>(
      `SELECT DISTINCT ON (f.id) f.id AS fresh, o.id AS old
       FROM datasets f JOIN datasets o
         ON o.source_id = f.source_id AND o.id <> f.id AND o.match_keys && f.match_keys AND o.created_job_id IS DISTINCT FROM $2
       JOIN dataset_seen ov ON ov.dataset_id = o.id AND ov.last_job_id IS DISTINCT FROM $2
       WHERE f.id = ANY($3::uuid[]) AND f.source_id = $1 AND f.created_job_id = $2 AND cardinality(f.match_keys) > 0
       ORDER BY f.id, ov.last_seen DESC`,
      [sourceId, jobId, datasetIds],
    );
    for (const { fresh, old } of rows) {
      const { rows: removed } = await client.query('DELETE FROM datasets WHERE id = $1 RETURNING *', [fresh]);
      const f = removed[0] as Record<string, unknown>;
      await client.query(
        `UPDATE datasets SET remote_id = $2, remote_url = $3, remote_modified = $4, uri = $5, identifiers = $6, title = $7,
           data = $8, chain = $9, raw_original = $10, raw_media_type = $11, hash = $12, match_keys = $13, loop = $14,
           search_fields = $15, input_hash = $16, last_changed = now(), status = 'active', archived_at = NULL, archive_reason = NULL
         WHERE id = $1`,
        [old, f.remote_id, f.remote_url, f.remote_modified, f.uri, f.identifiers, f.title, f.data, JSON.stringify(f.chain), f.raw_original, f.raw_media_type, f.hash, f.match_keys, f.loop, f.search_fields ?? null, f.input_hash ?? null],
      );
      await client.query('UPDATE dataset_seen SET last_seen = now(), last_job_id = $2 WHERE dataset_id = $1', [old, jobId]);
    }
    if (rows.length > 0) {
      await client.query(
        `UPDATE harvest_jobs SET counts = counts || jsonb_build_object(
           'created', (counts->>'created')::int - $2::int, 'updated', (counts->>'updated')::int + $2::int) WHERE id = $1`,
        [jobId, rows.length],
      );
    }
    await client.query('COMMIT');
    return new Map(rows.map(({ fresh, old }) => [fresh, old]));
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Whether the source holds datasets that this job did not create. When it holds none (a first
 * harvest, or one resumed), `resolveDrift` cannot find an old row to re-attach, so the runner
 * skips it for the whole run instead of probing the identity index once per page.
 */
export async function sourceHasOlderDatasets(pool: pg.Pool, sourceId: string, jobId: string): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM datasets WHERE source_id = $1 AND created_job_id IS DISTINCT FROM $2) AS found',
    [sourceId, jobId],
  );
  return rows[0]?.found ?? true;
}

/**
 * The page's rows (`$1`) that share an identity key with rows of more than one cluster, with the
 * cluster each such group merges into: the smallest id, which is the oldest cluster (ids are
 * time-ordered, migration 018).
 *
 * `page` is MATERIALIZED: inlined into the merging UPDATE (never a parallel plan), the planner
 * fetched the page's rows by walking the primary key and filtering every row of the table, to feed
 * the GROUP BY in id order: 1.4 s a page at 160,000 datasets, 10 ms once the page is found first.
 * The page's rows come by primary key. By (source_id, remote_id), a source the statistics did not
 * know yet (a first harvest, before ANALYZE) was estimated at one row, and the planner walked the
 * source's every row through its source_id index, once a page or once a row: up to 609 ms a page.
 * The rows sharing a key come from one match_keys probe per page row (LATERAL, OFFSET 0 keeps it a
 * subquery): PostgreSQL guesses 1% of the table for `&&`.
 */
const TOUCHED_CLUSTERS = `
  page AS MATERIALIZED (
    SELECT id, match_keys FROM datasets WHERE id = ANY($1::uuid[]) AND cardinality(match_keys) > 0
  ),
  touched AS (
    SELECT p.id, array_agg(DISTINCT d.cluster_id) AS clusters, min(d.cluster_id::text)::uuid AS target
    FROM page p CROSS JOIN LATERAL (SELECT cluster_id FROM datasets WHERE match_keys && p.match_keys OFFSET 0) d
    GROUP BY p.id
    HAVING count(DISTINCT d.cluster_id) > 1
  )`;

async function hasClustersToMerge(pool: pg.Pool, datasetIds: string[]): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>(`WITH ${TOUCHED_CLUSTERS} SELECT EXISTS (SELECT 1 FROM touched) AS found`, [datasetIds]);
  return rows[0]?.found ?? true;
}

/**
 * Links the given datasets (row ids) with every dataset, of any source, that shares an identity
 * key: the clusters they touch are merged into one (the oldest). Datasets are linked, never
 * merged or dropped: each keeps its own row, source and original record.
 */
export async function linkClusters(pool: pg.Pool, datasetIds: string[]): Promise<number> {
  if (datasetIds.length === 0) return 0;
  // Most pages have nothing to merge (a new dataset joins its cluster as it is written): finding
  // that out takes no lock, so concurrent harvests no longer queue behind each other's look (3
  // workers on 10 sources: 50 waits of over 100 ms for the lock, 11 s in all, in a 57 s run). Each
  // job looks after its own commit, so of two pages linking each other the last committed sees the first.
  if (!(await hasClustersToMerge(pool, datasetIds))) return 0;
  let changed = 0;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [IDENTITY_LOCK]);
    changed = await mergeTouchedClusters(client, datasetIds);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return changed;
}

async function mergeTouchedClusters(client: pg.PoolClient, datasetIds: string[]): Promise<number> {
  let changed = 0;
  // Each pass merges every cluster a page dataset touches; overlapping merges settle in a few passes.
  for (let pass = 0; pass < 5; pass++) {
    const { rowCount } = await client.query(
      `WITH ${TOUCHED_CLUSTERS},
       moves AS (
         SELECT DISTINCT ON (c) c AS cluster, t.target FROM touched t, unnest(t.clusters) c ORDER BY c, t.target
       )
       UPDATE datasets d SET cluster_id = m.target FROM moves m WHERE d.cluster_id = m.cluster AND d.cluster_id <> m.target`,
      [datasetIds],
    );
    if (!rowCount) break;
    changed += rowCount;
  }
  return changed;
}
