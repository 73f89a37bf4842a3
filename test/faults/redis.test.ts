/**
 * Redis connections lost mid-run, without restarting the shared Redis (other tests use it): the
 * worker's own connections, found by their client name, are killed while its harvest waits for
 * page 2, again and again. ioredis reconnects, the job keeps its lock, and the run finishes once,
 * without duplicates.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import { openStore, type Store } from '@moisson/store';
import { freshStore } from '../support/database.js';
import { datasetCounts, heldCkan, waitForJob, type HeldCkan } from './support.js';

// The worker's default 30 s lock cannot expire here, so the job is never delivered twice:
// `attempts: 1` is exact. (With a 1 s lock and 3 s of killing it also finished once, but a
// redelivery would then be legitimate, so that variant would not have one exact outcome.)

const prefix = `moisson-redisfault-${randomBytes(4).toString('hex')}`;
const name = `moisson-fault-worker-${randomBytes(4).toString('hex')}`;
let store: Store;
let workerStore: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
let admin: Redis;
let ckan: HeldCkan;
const workerLog: string[] = [];

/** `CLIENT LIST` rows whose name is the worker's. */
async function workerClients(): Promise<Array<{ id: string; name: string }>> {
  const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string;
  return list
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string])))
    .filter((client) => client['name'] === name)
    .map((client) => ({ id: client['id'] as string, name: client['name'] as string }));
}

beforeAll(async () => {
  let url: string;
  ({ store, url, drop } = await freshStore());
  workerStore = await openStore(url, 3);
  admin = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  queue = new HarvestQueue(store, { prefix }, { attempts: 3, backoffMs: 100 });
  worker = new HarvestWorker(workerStore, {
    prefix,
    connectionName: name,
    archiveGraceMs: 0,
    httpFor: () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 }),
    log: (line) => workerLog.push(line),
  });
  await worker.worker.waitUntilReady();
  ckan = await heldCkan(12);
});
afterAll(async () => {
  ckan?.release();
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  admin?.disconnect();
  await ckan?.server.stop();
  await workerStore?.close();
  await drop?.();
});

describe('Redis connections lost in the middle of a harvest', () => {
  it('are reconnected and the run finishes once, without duplicates', async () => {
    const source = await store.sources.create({ name: 'CKAN, Redis lost', url: ckan.server.url.replace(/\/$/, ''), protocol: 'ckan', config: { pageSize: 5, incremental: false } });
    const { job } = await queue.trigger(source.id);
    await ckan.asked; // page 1 committed, page 2 held

    // Three rounds that each wait for the reconnection, then two seconds of killing every
    // connection the worker opens as soon as it shows up.
    let killed = 0;
    for (let round = 0; round < 3; round++) {
      const clients = await workerClients();
      expect(clients.length, `round ${round}: the worker's connections are back`).toBeGreaterThanOrEqual(1);
      for (const client of clients) killed += Number(await admin.call('CLIENT', 'KILL', 'ID', client.id));
      for (let i = 0; i < 200 && (await workerClients()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    }
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      for (const client of await workerClients()) killed += Number(await admin.call('CLIENT', 'KILL', 'ID', client.id));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(killed).toBeGreaterThanOrEqual(6);
    ckan.release();

    const finished = await waitForJob(store, job.id, (j) => j.status === 'done' || j.status === 'failed');
    expect(finished).toMatchObject({ status: 'done', complete: true, attempts: 1, pages: 3 });
    expect(finished.counts).toEqual({ created: 12, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    expect(await store.jobs.errors(job.id)).toEqual([]);
    expect(ckan.starts()).toEqual(['0', '5', '10']);
    expect(await datasetCounts(store, source.id)).toEqual({ total: '12', distinct: '12', active: '12' });
    // BullMQ saw the job complete too: it will not be delivered again.
    const bull = await queue.queue.getJob(job.id);
    expect(await bull?.getState()).toBe('completed');
    expect(await queue.queue.getJobCounts('active', 'waiting', 'delayed', 'failed')).toMatchObject({ active: 0, waiting: 0, delayed: 0, failed: 0 });
    expect((await workerClients()).length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
