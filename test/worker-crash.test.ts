import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRow, Store } from '@moisson/store';
import { HarvestQueue } from '@moisson/queue';
import { freshStore } from './support/database.js';
import { FixtureServer } from './support/fixture-server.js';
import { syntheticIds, V2_PATH, v2Catalogue } from '../harvesters/ods/test/fake-ods.js';

const prefix = `moisson-crash-${randomBytes(4).toString('hex')}`;
const workerScript = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));
let store: Store;
let url: string;
let drop: () => Promise<void>;
let queue: HarvestQueue;
const server = new FixtureServer();
const children: ChildProcess[] = [];
/** Set when the worker has asked for page 4 (which hangs): only then is it killed mid-page. */
let stalled = false;

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: { ...process.env, DATABASE_URL: url, MOISSON_TEST_PREFIX: prefix, MOISSON_ALLOWED_HOSTS: '127.0.0.1', MOISSON_LOCK_MS: '2000', MOISSON_STALLED_MS: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function waitFor(jobId: string, done: (job: JobRow) => boolean, timeoutMs = 40_000): Promise<JobRow> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await store.jobs.get(jobId);
    if (job && done(job)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId}: condition not reached in ${timeoutMs} ms (${JSON.stringify(await store.jobs.get(jobId))})`);
}

beforeAll(async () => {
  ({ store, url, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix });
  const catalogue = v2Catalogue(syntheticIds(30));
  await server
    .route(V2_PATH, async (request) => {
      // The first time page 4 is asked for, hang long enough for the test to kill the worker.
      if (request.url.searchParams.get('offset') === '15' && !stalled) {
        stalled = true;
        await new Promise((r) => setTimeout(r, 15_000));
      }
      return catalogue(request);
    })
    .start();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.stop();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await drop?.();
});

describe('a worker killed in the middle of a harvest', () => {
  it('is replaced by another that finishes the run from the saved cursor, without duplicates', async () => {
    const source = await store.sources.create({ name: 'ODS crash', url: server.url.replace(/\/$/, ''), protocol: 'ods', config: { apiVersion: 'v2.1', pageSize: 5 } });
    const first = await startWorker();
    const { job } = await queue.trigger(source.id);
    // Wait for the request of page 4 itself, not only for page 3's commit: under load the
    // worker can be killed between the two, and then nobody asks for page 4 twice.
    await waitFor(job.id, (j) => j.pages >= 3 && stalled);
    first.kill('SIGKILL');

    await startWorker();
    const finished = await waitFor(job.id, (j) => j.status === 'done' || j.status === 'failed');
    expect(finished).toMatchObject({ status: 'done', complete: true, pages: 6, attempts: 2 });
    // Every dataset created exactly once: the three committed pages were not redone.
    expect(finished.counts).toEqual({ created: 30, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    const { total } = await store.datasets.list({ sourceId: source.id });
    expect(total).toBe(30);
    const offsets = server.requests.filter((r) => r.url.pathname === V2_PATH).map((r) => r.url.searchParams.get('offset'));
    expect(offsets).toEqual(['0', '5', '10', '15', '15', '20', '25']);
  }, 60_000);
});
