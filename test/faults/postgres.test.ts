/**
 * PostgreSQL connections lost mid-run: while the worker's commit of page 2 is in flight (held
 * on a table lock, so the moment is certain, not timed), every backend of the test database is
 * terminated. The commit fails, the attempt is retried from the saved cursor, and the run ends
 * complete with each dataset once.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import { openStore, type Store } from '@moisson/store';
import { freshStore } from '../support/database.js';
import { datasetCounts, heldCkan, waitForJob, type HeldCkan } from './support.js';

const prefix = `moisson-pgfault-${randomBytes(4).toString('hex')}`;
let store: Store;
let workerStore: Store;
let url: string;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
let ckan: HeldCkan;

beforeAll(async () => {
  ({ store, url, drop } = await freshStore());
  // The worker has its own pool, as it would in its own process.
  workerStore = await openStore(url, 3);
  queue = new HarvestQueue(store, { prefix }, { attempts: 3, backoffMs: 100 });
  worker = new HarvestWorker(workerStore, {
    prefix,
    archiveGraceMs: 0,
    httpFor: () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 }),
    log: () => undefined,
  });
  ckan = await heldCkan(12);
});
afterAll(async () => {
  ckan?.release();
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await ckan?.server.stop();
  await workerStore?.close().catch(() => undefined);
  await drop?.();
});

describe('PostgreSQL connections lost in the middle of a harvest', () => {
  it('fail the page commit; the retry resumes from the saved cursor and ends complete, each dataset once', async () => {
    const database = new URL(url).pathname.slice(1);
    const source = await store.sources.create({ name: 'CKAN, database lost', url: ckan.server.url.replace(/\/$/, ''), protocol: 'ckan', config: { pageSize: 5, incremental: false } });
    const { job } = await queue.trigger(source.id);
    await ckan.asked; // page 2 is being fetched
    await waitForJob(store, job.id, (j) => j.pages >= 1); // and page 1 is committed

    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE datasets IN ACCESS EXCLUSIVE MODE');
      ckan.release();
      // Wait until the worker's commit of page 2 is queued behind the lock.
      for (let i = 0; ; i++) {
        const { rows } = await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`, [database]);
        if (rows[0].n > 0) break;
        if (i > 400) throw new Error('the commit of page 2 never waited on the lock');
        await new Promise((r) => setTimeout(r, 25));
      }
      const killed = await locker.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
    }

    const finished = await waitForJob(store, job.id, (j) => j.status === 'done' || j.status === 'failed');
    expect(finished).toMatchObject({ status: 'done', complete: true, attempts: 2, pages: 3 });
    expect(finished.counts).toEqual({ created: 12, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    const errors = await store.jobs.errors(job.id);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^attempt 1 failed, will retry: .*terminat/);
    // Page 1 was not fetched again: the retry started at the cursor saved with it. (Page 3 may
    // have been fetched once already, while page 2's commit waited on the lock.)
    const starts = ckan.starts();
    expect(starts.filter((s) => s === '0')).toHaveLength(1);
    expect(starts.slice(-2)).toEqual(['5', '10']);
    expect(starts.filter((s) => s === '5')).toHaveLength(2);
    expect(await datasetCounts(store, source.id)).toEqual({ total: '12', distinct: '12', active: '12' });
  }, 60_000);
});
