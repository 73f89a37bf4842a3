import type { Cursor } from '@moisson/core';
import type pg from 'pg';
import { searchFields } from './search-fields.js';
import { textFold } from './text-fold.js';
import type { DatasetWrite, ItemError } from './types.js';

export interface PageCommit {
  sourceId: string;
  jobId: string;
  datasets: DatasetWrite[];
  /** Remote ids of records that failed: they were seen, so they must not be archived. */
  failedRemoteIds: string[];
  errors: ItemError[];
  skipped: number;
  /** Where to resume after this page. */
  cursor: Cursor | null;
  total?: number;
  /**
   * Records seen by this job and counted `unchanged` without being rewritten: those of a page the
   * remote answered 304 Not Modified, and those whose stored row was built from the same input.
   */
  unchangedRemoteIds?: string[];
  /** True for a page served from its validators (a 304, or an unchanged body digest). */
  notModified?: boolean;
  /** HTTP requests and bytes spent on this page, added to the job's totals. */
  traffic?: { requests: number; bytes: number };
  /** Remote ids the source says were deleted: archived now, in the same statement. */
  deletedRemoteIds?: string[];
  /**
   * Leave the new datasets out of search: the caller indexes them itself (`indexDatasets`), on
   * another connection while it commits its next page. @defaultValue false: indexed in the statement
   */
  deferSearchIndex?: boolean;
}

export interface PageOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids of the page's dataset rows, written or unchanged (for the identity work that follows). */
  datasetIds: string[];
  /** Ids of the rows this page created (to index, when the commit deferred it). */
  createdIds: string[];
}

/**
 * Builds the search rows of datasets that have none: those a page committed with
 * `deferSearchIndex` created (`createdIds`). Returns how many it built.
 */
export async function indexDatasets(pool: pg.Pool, datasetIds: readonly string[]): Promise<number> {
  if (datasetIds.length === 0) return 0;
  const { rows } = await pool.query<{ indexed: number }>('SELECT moisson_index_datasets($1::uuid[]) AS indexed', [datasetIds]);
  return rows[0]?.indexed ?? 0;
}

/** Builds the search rows a source's datasets lack (a worker stopped between a page's commit and its indexing). */
export async function indexUnindexed(pool: pg.Pool, sourceId: string): Promise<number> {
  const { rows } = await pool.query<{ indexed: number }>(
    `SELECT moisson_index_datasets(ARRAY(
       SELECT d.id FROM datasets d WHERE d.source_id = $1 AND NOT EXISTS (SELECT 1 FROM dataset_search s WHERE s.id = d.id))) AS indexed`,
    [sourceId],
  );
  return rows[0]?.indexed ?? 0;
}

interface OutcomeRow {
  created: string | number;
  updated: string | number;
  unchanged: string | number;
  dataset_ids: string[] | null;
  created_ids: string[] | null;
}

/**
 * Writes one page in ONE statement (one round trip, atomic): upserts the datasets by
 * `(source_id, remote_id)` rewriting only those whose hash changed (or that come back from the
 * archive), marks every record of the page as seen by this job, inserts the item errors, and
 * moves the job's counts and cursor forward. A worker killed at any point either committed the
 * page with its cursor or neither, so a resumed run never counts or writes a page twice.
 */
export async function commitPage(pool: pg.Pool, page: PageCommit): Promise<PageOutcome> {
  const fold = await textFold(pool);
  const now = new Date();
  const statement = commitPageStatement(page.datasets.length);
  const { rows } = await pool.query<OutcomeRow>({ name: statement.name, text: statement.text, values: [
    page.sourceId,
    page.jobId,
    JSON.stringify(
      page.datasets.map((d) => ({
        remote_id: d.remoteId,
        remote_url: d.remoteUrl ?? null,
        remote_modified: d.remoteModified ?? null,
        uri: d.uri ?? null,
        identifiers: d.identifiers,
        title: d.title,
        chain: d.chain,
        raw_media_type: d.rawMediaType,
        hash: d.hash,
        match_keys: d.matchKeys ?? [],
        loop: d.loop ?? false,
        input_hash: d.inputHash ?? null,
        search_fields: searchFields(d.data, d.remoteModified, fold, now) ?? null,
      })),
    ),
    JSON.stringify(page.cursor),
    JSON.stringify(
      page.errors.map((e) => ({
        remote_id: e.remoteId ?? null,
        remote_url: e.remoteUrl ?? null,
        page_url: e.pageUrl ?? null,
        code: e.code,
        message: e.message,
      })),
    ),
    page.skipped,
    page.errors.length,
    [...page.failedRemoteIds, ...(page.unchangedRemoteIds ?? [])],
    page.errors.some((e) => !e.remoteId),
    page.total ?? null,
    page.unchangedRemoteIds?.length ?? 0,
    page.traffic?.requests ?? 0,
    page.traffic?.bytes ?? 0,
    page.notModified ? 1 : 0,
    page.deletedRemoteIds ?? [],
    page.deferSearchIndex ? 'deferred' : 'now',
    ...perDatasetParameters(page.datasets, statement.slots),
  ] });
  const row = rows[0] as OutcomeRow;
  return {
    created: Number(row.created),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    datasetIds: row.dataset_ids ?? [],
    createdIds: row.created_ids ?? [],
  };
}

/** The parameter holding the first dataset's original; the others follow in page order, then each dataset's normalised JSON. */
const FIRST_PER_DATASET = 17;
/** Parameters left for the per-dataset values: the wire protocol counts a statement's parameters in 16 bits. */
const PER_DATASET_PARAMETERS = 65_535 - FIRST_PER_DATASET + 1;

interface CommitPageStatement {
  /** The prepared statement's name: one per text, so each connection parses and plans it once. */
  name: string;
  text: string;
  /** Datasets the statement has a parameter each for; -1: they travel as two arrays. */
  slots: number;
}

const statements = new Map<number, CommitPageStatement>();

/**
 * The statement for a page of `count` datasets, prepared by name. Parsing and planning it cost
 * PostgreSQL ~4 ms a page, more than running it when the page's records are unchanged (5.5 ms a
 * statement unnamed, 1.6 ms prepared). Its text has a parameter per original and per dataset (see
 * `perDatasetParameters`), so pages are rounded up to a power of two, the unused slots NULL and
 * skipped: a connection prepares at most ~16 of them, whatever sizes the remote's pages come in.
 */
function commitPageStatement(count: number): CommitPageStatement {
  const slots = count === 0 ? 0 : 2 ** Math.ceil(Math.log2(count));
  const key = spread(slots) ? slots : -1;
  let statement = statements.get(key);
  if (statement === undefined) {
    statement = { name: `moisson_commit_page_${key < 0 ? 'arrays' : key}`, text: commitPageSql(key), slots: key };
    statements.set(key, statement);
  }
  return statement;
}

/**
 * Each original (a whole CSW record, a CKAN package as received…) and each normalised dataset is
 * a parameter of its own, zipped with the JSON rows by position. Inside the page's JSON, an
 * original was escaped by the worker and parsed again by PostgreSQL, which cost more than the rest
 * of a 24 KB ISO record's row; a dataset was parsed with the page, then copied out of it into a
 * value of its own. A page with more datasets than a statement has parameters for (an OAI-PMH
 * server answering everything at once) sends them as two arrays.
 */
function perDatasetParameters(datasets: readonly DatasetWrite[], slots: number): Array<string | string[] | null> {
  const originals = datasets.map((d) => d.rawOriginal);
  const data = datasets.map((d) => d.dataJson ?? JSON.stringify(d.data));
  if (slots < 0) return [originals, data];
  const unused = new Array<null>(slots - datasets.length).fill(null);
  return [...originals, ...unused, ...data, ...unused];
}

/** Whether a page of `count` datasets sends each original and dataset as a parameter of its own (else two arrays). */
function spread(count: number): boolean {
  return 2 * count <= PER_DATASET_PARAMETERS;
}

/** The statement with a parameter for each of `slots` datasets; -1: the datasets come as two arrays. */
function commitPageSql(slots: number): string {
  const list = (first: number) => `ARRAY[${Array.from({ length: slots }, (_, i) => `$${first + i}`).join(',')}]`;
  const [originals, data] =
    slots === 0 ? [`'{}'`, `'{}'`] : slots > 0 ? [list(FIRST_PER_DATASET), list(FIRST_PER_DATASET + slots)] : [`$${FIRST_PER_DATASET}`, `$${FIRST_PER_DATASET + 1}`];
  return COMMIT_PAGE_SQL.replace('$ORIGINALS', `${originals}::text[]`).replace('$DATA', `${data}::jsonb[]`);
}

const COMMIT_PAGE_SQL = `
WITH input AS (
  SELECT x.*, moisson_time_ordered_uuid() AS new_id FROM ROWS FROM (
    jsonb_to_recordset($3::jsonb) AS (
      remote_id text, remote_url text, remote_modified text, uri text, identifiers text[], title text,
      chain jsonb, raw_media_type text, hash text, match_keys text[], loop boolean, input_hash text, search_fields jsonb),
    unnest($ORIGINALS),
    unnest($DATA)
  ) AS x(remote_id, remote_url, remote_modified, uri, identifiers, title, chain, raw_media_type, hash, match_keys, loop, input_hash, search_fields, raw_original, data)
  -- The statement's unused dataset slots (see commitPageStatement).
  WHERE x.remote_id IS NOT NULL
),
-- One (source_id, remote_id) probe per page row. As a join, a source the statistics did not know
-- yet (a first harvest, before ANALYZE) was estimated at a few hundred rows, and PostgreSQL hashed
-- the source's every row on every page: 26 ms a page at 30,000 datasets, growing with the source.
prev AS (
  SELECT d.id, d.remote_id, d.hash, d.status
  FROM input i CROSS JOIN LATERAL (SELECT id, remote_id, hash, status FROM datasets WHERE source_id = $1 AND remote_id = i.remote_id OFFSET 0) d
),
restored AS (
  INSERT INTO dataset_events (dataset_id, source_id, event, job_id, reason)
  SELECT p.id, $1, 'restored', $2, 'back-on-remote' FROM prev p WHERE p.status = 'archived'
  RETURNING 1
),
classified AS (
  SELECT i.remote_id,
         CASE WHEN p.remote_id IS NULL THEN 'created'
              WHEN p.hash <> i.hash OR p.status <> 'active' THEN 'updated'
              ELSE 'unchanged' END AS outcome
  FROM input i LEFT JOIN prev p USING (remote_id)
),
upsert AS (
  INSERT INTO datasets AS d (id, cluster_id, source_id, remote_id, remote_url, remote_modified, uri, identifiers, title, data, chain,
                             raw_original, raw_media_type, hash, created_job_id, match_keys, loop, input_hash, search_fields)
  SELECT i.new_id, coalesce(linked.cluster_id, i.new_id), $1, i.remote_id, remote_url, remote_modified, uri, coalesce(identifiers, '{}'), title, data, chain,
         raw_original, raw_media_type, i.hash, $2, coalesce(match_keys, '{}'), coalesce(loop, false), input_hash, search_fields
  FROM input i
  LEFT JOIN prev p ON p.remote_id = i.remote_id
  -- A new dataset that shares an identity key with datasets already committed (another source
  -- publishing it) joins the oldest of their clusters now, instead of founding one that
  -- linkClusters then moves it out of: a second version of its row and of its search row. One
  -- match_keys probe (~5 us) a new row; rows of concurrent, uncommitted pages are still linked
  -- by linkClusters.
  LEFT JOIN LATERAL (
    SELECT min(d.cluster_id::text)::uuid AS cluster_id FROM datasets d
    WHERE p.id IS NULL AND cardinality(i.match_keys) > 0 AND d.match_keys && i.match_keys
  ) linked ON true
  ON CONFLICT (source_id, remote_id) DO UPDATE SET
    status = 'active',
    archived_at = NULL,
    archive_reason = NULL,
    remote_url = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.remote_url ELSE d.remote_url END,
    remote_modified = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.remote_modified ELSE d.remote_modified END,
    uri = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.uri ELSE d.uri END,
    identifiers = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.identifiers ELSE d.identifiers END,
    title = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.title ELSE d.title END,
    data = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.data ELSE d.data END,
    chain = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.chain ELSE d.chain END,
    raw_original = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.raw_original ELSE d.raw_original END,
    raw_media_type = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.raw_media_type ELSE d.raw_media_type END,
    match_keys = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.match_keys ELSE d.match_keys END,
    loop = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.loop ELSE d.loop END,
    search_fields = CASE WHEN d.hash <> EXCLUDED.hash THEN EXCLUDED.search_fields ELSE d.search_fields END,
    last_changed = CASE WHEN d.hash <> EXCLUDED.hash OR d.status <> 'active' THEN now() ELSE d.last_changed END,
    hash = EXCLUDED.hash,
    input_hash = EXCLUDED.input_hash
  -- A row whose record came back unchanged is not rewritten: only its dataset_seen row moves.
  WHERE d.hash <> EXCLUDED.hash OR d.status <> 'active' OR d.input_hash IS DISTINCT FROM EXCLUDED.input_hash
  RETURNING d.id, d.remote_id
),
seen AS (
  INSERT INTO dataset_seen AS v (dataset_id, last_seen, last_job_id)
  SELECT id, now(), $2 FROM upsert UNION SELECT id, now(), $2 FROM prev
  ON CONFLICT (dataset_id) DO UPDATE SET last_seen = EXCLUDED.last_seen, last_job_id = EXCLUDED.last_job_id
  RETURNING dataset_id
),
-- Rows named by remote id are probed one by one through the (source_id, remote_id) key too (see
-- prev), their status tested after: with 'remote_id = ANY(...)', or with the status inside the
-- probe, stale statistics had PostgreSQL read the source's every active row (50 ms a page at
-- 30,000 datasets during a re-harvest; 13 ms a probe).
seen_failed AS (
  UPDATE dataset_seen v SET last_seen = now(), last_job_id = $2
  FROM unnest($8::text[]) AS r(remote_id)
  CROSS JOIN LATERAL (SELECT id, status FROM datasets WHERE source_id = $1 AND remote_id = r.remote_id OFFSET 0) d
  WHERE d.status = 'active' AND v.dataset_id = d.id
  RETURNING 1
),
deleted AS (
  UPDATE datasets SET status = 'archived', archived_at = now(), archive_reason = 'deleted-at-source'
  WHERE id IN (
    SELECT d.id FROM unnest($15::text[]) AS r(remote_id)
    CROSS JOIN LATERAL (SELECT id, status FROM datasets WHERE source_id = $1 AND remote_id = r.remote_id OFFSET 0) d
    WHERE d.status = 'active')
  RETURNING id
),
deleted_seen AS (
  UPDATE dataset_seen SET last_seen = now(), last_job_id = $2 WHERE dataset_id IN (SELECT id FROM deleted)
  RETURNING 1
),
deleted_events AS (
  INSERT INTO dataset_events (dataset_id, source_id, event, job_id, reason)
  SELECT id, $1, 'archived', $2, 'deleted-at-source' FROM deleted
  RETURNING 1
),
errors AS (
  INSERT INTO harvest_errors (job_id, remote_id, remote_url, page_url, code, message)
  SELECT $2, remote_id, remote_url, page_url, code, message
  FROM jsonb_to_recordset($5::jsonb) AS e(remote_id text, remote_url text, page_url text, code text, message text)
  RETURNING 1
),
totals AS (
  SELECT count(*) FILTER (WHERE outcome = 'created') AS created,
         count(*) FILTER (WHERE outcome = 'updated') AS updated,
         count(*) FILTER (WHERE outcome = 'unchanged') + $11::int AS unchanged
  FROM classified
),
job AS (
  UPDATE harvest_jobs j SET
    cursor = $4::jsonb,
    pages = j.pages + 1,
    total = coalesce($10::int, j.total),
    archivable = j.archivable AND NOT $9::boolean,
    requests = j.requests + $12::bigint,
    bytes = j.bytes + $13::bigint,
    not_modified = j.not_modified + $14::int,
    counts = jsonb_build_object(
      'created', (j.counts->>'created')::int + t.created,
      'updated', (j.counts->>'updated')::int + t.updated,
      'unchanged', (j.counts->>'unchanged')::int + t.unchanged,
      'skipped', (j.counts->>'skipped')::int + $6::int,
      'archived', (j.counts->>'archived')::int + (SELECT count(*) FROM deleted)::int,
      'failed', (j.counts->>'failed')::int + $7::int)
  FROM totals t
  WHERE j.id = $2
  RETURNING 1
)
SELECT t.created, t.updated, t.unchanged,
       (SELECT count(*) FROM upsert) AS written,
       (SELECT count(*) FROM seen) AS seen,
       (SELECT array_agg(dataset_id::text) FROM seen) AS dataset_ids,
       (SELECT array_agg(u.id::text) FROM upsert u JOIN classified c USING (remote_id) WHERE c.outcome = 'created') AS created_ids,
       (SELECT count(*) FROM deleted_seen) AS deleted_seen,
       (SELECT count(*) FROM seen_failed) AS touched,
       (SELECT count(*) FROM errors) AS errored,
       (SELECT count(*) FROM job) AS jobs,
       (SELECT count(*) FROM restored) AS restored,
       (SELECT count(*) FROM deleted_events) AS deleted,
       -- Read by the insert trigger (migration 023) when the statement ends, after this query:
       -- 'deferred' leaves the new rows' search rows to the caller. Local to the transaction.
       set_config('moisson.search_index', $16::text, true) AS search_index
FROM totals t`;
