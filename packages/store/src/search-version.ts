/** The version of `dataset_search` and the snapshot a cacheable count is taken in (migration 008). */
import type pg from 'pg';

/** Held in SHARE mode by every writer of `dataset_search` until it commits (migration 008). */
const WRITERS_LOCK = 7_207_308;

/** The current version: it moves with every statement that writes `dataset_search`. */
export async function searchVersion(db: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await db.query<{ version: string }>(
    `SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS version FROM dataset_search_version`,
  );
  return rows[0]?.version ?? '0';
}

/**
 * Runs `read` in a snapshot that holds every write up to the version it returns, or returns
 * `version: null` (with `read` run outside any such guarantee) when a writer was between its
 * bump and its commit: the version a statement sets is visible before its rows are, so a count
 * taken then must not be stored under that version.
 */
export async function readAtVersion<T>(pool: pg.Pool, read: (db: pg.PoolClient) => Promise<T>): Promise<{ version: string | null; value: T }> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [WRITERS_LOCK]);
    if (!rows[0]?.locked) return { version: null, value: await read(client) };
    let version: string;
    try {
      // The snapshot is taken by the first statement, while no writer can be mid-way.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      version = await searchVersion(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [WRITERS_LOCK]);
    }
    const value = await read(client);
    await client.query('COMMIT');
    return { version, value };
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A client that failed may still hold the lock or an open transaction: close it rather than reuse it.
    client.release(broken);
  }
}
