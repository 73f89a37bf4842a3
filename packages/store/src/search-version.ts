/** The version of `dataset_search` and the snapshot a cacheable count is taken in (migration 008). */
import type pg from 'pg';

/** Held in SHARE mode by every writer of `dataset_search` until it commits (migration 008). */
const WRITERS_LOCK = 7_207_308;

const VERSION_SQL = `SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS version FROM dataset_search_version`;

/** The current version: it moves with every statement that writes `dataset_search`. */
export async function searchVersion(db: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await db.query<{ version: string }>(VERSION_SQL);
  return rows[0]?.version ?? '0';
}

/**
 * Runs `read` in a snapshot that holds every write up to the version it returns, or returns
 * `version: null` (with `read` run outside any such guarantee) when a writer was between its
 * bump and its commit: the version a statement sets is visible before its rows are, so a count
 * taken then must not be stored under that version.
 */
export async function readAtVersion<T>(pool: pg.Pool, read: (db: pg.PoolClient) => Promise<T>): Promise<{ version: string | null; value: T }> {
  return withClient(pool, async (client) => (await inQuietSnapshot(client, (db) => read(db))) ?? { version: null, value: await read(client) });
}

/**
 * Runs `read` in a snapshot that holds every write up to `version` and none after, or returns
 * undefined without running it when a writer is between its bump and its commit.
 */
export async function inQuietSnapshot<T>(client: pg.PoolClient, read: (db: pg.PoolClient, version: string) => Promise<T>): Promise<{ version: string; value: T } | undefined> {
  const version = await oneAtATime(() => openQuietSnapshot(client));
  if (version === undefined) return undefined;
  const value = await read(client, version);
  await client.query('COMMIT');
  return { version, value };
}

/**
 * Readers take the writers' lock exclusively, so two readers of this process opening snapshots at
 * once would each see the other as a writer and give up: they take turns (a turn is 4 round trips).
 */
let turns: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(open: () => Promise<T>): Promise<T> {
  const turn = turns.then(open);
  turns = turn.catch(() => undefined);
  return turn;
}

/** Opens a transaction whose snapshot no writer is mid-way through, and returns its version; undefined if a writer is. */
async function openQuietSnapshot(client: pg.PoolClient): Promise<string | undefined> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [WRITERS_LOCK]);
  if (!rows[0]?.locked) return undefined;
  // One round trip (a simple query of three statements): the snapshot is taken by the SELECT that
  // reads the version, while no writer can be mid-way, then the lock goes. Readers take turns
  // here, so every round trip saved is saved for each reader queued behind.
  // work_mem: a full-text search keeps its matching rows once for its page and its counts
  // (facet-index-sync.ts), ~10 MB at 100,000; SQL facet counts spill less too.
  const results = (await client.query(
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
     SET LOCAL work_mem = '32MB';
     ${VERSION_SQL};
     SELECT pg_advisory_unlock(${WRITERS_LOCK})`,
  )) as unknown as pg.QueryResult<{ version: string }>[];
  return results[2]?.rows[0]?.version ?? '0';
}

/** A pooled client for `use`, closed rather than reused if `use` fails (it may hold a lock or a transaction). */
export async function withClient<T>(pool: pg.Pool, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await use(client);
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
