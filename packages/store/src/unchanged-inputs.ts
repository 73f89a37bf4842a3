import type pg from 'pg';

/**
 * The active datasets of a source whose stored `input_hash` is one of `inputHashes`, as
 * input hash → remote id. A record arriving with such a hash is the record its row was
 * normalised from, under the same settings and code (migration 010), so it needs no normalising.
 */
export async function findUnchangedInputs(pool: pg.Pool, sourceId: string, inputHashes: readonly string[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  if (inputHashes.length === 0) return known;
  const { rows } = await pool.query<{ input_hash: string; remote_id: string }>(
    `SELECT input_hash, remote_id FROM datasets
     WHERE source_id = $1 AND status = 'active' AND input_hash IS NOT NULL AND input_hash = ANY($2::text[])`,
    [sourceId, inputHashes],
  );
  for (const row of rows) known.set(row.input_hash, row.remote_id);
  return known;
}
