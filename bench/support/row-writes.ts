import type pg from 'pg';

/** Row versions a table was written with: new rows, updates (HOT or not) and deletions. */
export interface TableWrites {
  inserted: number;
  updated: number;
  /** Updates that touched no indexed column (heap-only tuples): no index entry written. */
  hotUpdated: number;
  deleted: number;
}

const TABLES = ['datasets', 'dataset_search'] as const;
type Counted = (typeof TABLES)[number];

async function readCounts(pool: pg.Pool): Promise<Record<Counted, TableWrites>> {
  const { rows } = await pool.query<{ relname: Counted; ins: string; upd: string; hot: string; del: string }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
     FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [TABLES],
  );
  const out = {} as Record<Counted, TableWrites>;
  for (const t of TABLES) out[t] = { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0 };
  for (const r of rows) out[r.relname] = { inserted: Number(r.ins), updated: Number(r.upd), hotUpdated: Number(r.hot), deleted: Number(r.del) };
  return out;
}

/**
 * Counts the row versions the harvest wrote into `datasets` and `dataset_search` from now on.
 * Unlike CPU time it does not move with the host's load: every non-HOT update writes an entry
 * into each index of its table (17 for `dataset_search`, a GIN full-text index among them) and
 * leaves a dead version for readers and vacuum to step over.
 *
 * Backends report their counters to the statistics system when idle, once a second at most and
 * later when they are busy, so `read(inserted)` waits, up to 15 s, until both tables show the
 * `inserted` new rows the harvest committed (one search row a dataset), then a second more for
 * the updates that follow them.
 */
export async function rowWritesMeter(pool: pg.Pool): Promise<{ read(inserted: number): Promise<Record<Counted, TableWrites>> }> {
  const before = await readCounts(pool);
  const since = (after: Record<Counted, TableWrites>) => {
    const out = {} as Record<Counted, TableWrites>;
    for (const t of TABLES) {
      out[t] = {
        inserted: after[t].inserted - before[t].inserted,
        updated: after[t].updated - before[t].updated,
        hotUpdated: after[t].hotUpdated - before[t].hotUpdated,
        deleted: after[t].deleted - before[t].deleted,
      };
    }
    return out;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async read(inserted: number) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const counted = since(await readCounts(pool));
        const complete = TABLES.every((t) => counted[t].inserted >= inserted);
        if (complete || Date.now() > deadline) break;
        await pause(250);
      }
      await pause(1_000);
      return since(await readCounts(pool));
    },
  };
}
