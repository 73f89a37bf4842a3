import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRow, Store } from '@moisson/store';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, type FakeRecord } from './fake-harvester.js';

const prefix = `moisson-identity-${randomBytes(4).toString('hex')}`;
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
// One record list per source URL, so two sources can carry different catalogues.
const catalogues = new Map<string, { records: FakeRecord[]; pageSize: number; calls: Array<number | null> }>();

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 1 });
  const byUrl = (url: string) => catalogues.get(url)!;
  worker = new HarvestWorker(store, {
    prefix,
    archiveGraceMs: 0,
    ownUrls: ['https://moisson.example.org'],
    log: () => undefined,
    harvesterFor: () => {
      const base = fakeHarvester({ records: [], pageSize: 10, calls: [] });
      return { ...base, pages: (source, cursor, http) => fakeHarvester(byUrl(source.url)).pages(source, cursor, http) };
    },
  });
});
afterAll(async () => {
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await drop?.();
});

async function harvest(sourceId: string): Promise<JobRow> {
  const { job } = await queue.trigger(sourceId);
  for (let i = 0; i < 200; i++) {
    const current = await store.jobs.get(job.id);
    if (current?.status === 'done' || current?.status === 'failed') return current;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function source(url: string, records: FakeRecord[]) {
  catalogues.set(url, { records, pageSize: 10, calls: [] });
  return store.sources.create({ name: url, url, protocol: 'fake' });
}

describe('identity across sources', () => {
  it('links two sources carrying the same dataset, without merging them', async () => {
    const producer = await source('https://producer.example', [{ id: 'p-1', title: 'Arbres', uri: 'https://producer.example/dataset/arbres/' }, { id: 'p-2', title: 'Routes' }]);
    const portal = await source('https://portal.example', [
      {
        id: 'portal-99',
        title: 'Arbres (copie)',
        uri: 'https://PRODUCER.example/dataset/arbres',
        chain: [{ catalog: { title: 'Producer', url: 'https://producer.example' }, recordId: 'p-1' }],
      },
    ]);
    await harvest(producer.id);
    await harvest(portal.id);
    const original = await store.datasets.byRemoteId(producer.id, 'p-1');
    const copy = await store.datasets.byRemoteId(portal.id, 'portal-99');
    const other = await store.datasets.byRemoteId(producer.id, 'p-2');
    expect(copy?.id).not.toBe(original?.id);
    const clusters = await store.pool.query<{ id: string; cluster_id: string }>('SELECT id, cluster_id FROM datasets WHERE id = ANY($1)', [[original!.id, copy!.id, other!.id]]);
    const clusterOf = new Map(clusters.rows.map((r) => [r.id, r.cluster_id]));
    expect(clusterOf.get(copy!.id)).toBe(clusterOf.get(original!.id));
    expect(clusterOf.get(other!.id)).not.toBe(clusterOf.get(original!.id));
  });

  it('flags a record that came back through our own catalogue as a loop', async () => {
    const peer = await source('https://peer.example', [
      { id: 'peer-1', title: 'Looped', chain: [{ catalog: { title: 'moisson', url: 'https://moisson.example.org/catalog' }, recordId: 'x' }] },
      { id: 'peer-2', title: 'Direct' },
    ]);
    await harvest(peer.id);
    const { rows } = await store.pool.query<{ remote_id: string; loop: boolean }>('SELECT remote_id, loop FROM datasets WHERE source_id = $1 ORDER BY remote_id', [peer.id]);
    expect(rows).toEqual([{ remote_id: 'peer-1', loop: true }, { remote_id: 'peer-2', loop: false }]);
  });

  it('follows a remote id that changed while the IRI stayed, instead of duplicating and archiving', async () => {
    const drifting = await source('https://drift.example', [{ id: 'old-id', title: 'Bus stops', uri: 'https://drift.example/ds/bus-stops' }, { id: 'keep', title: 'Keep' }]);
    await harvest(drifting.id);
    const before = await store.datasets.byRemoteId(drifting.id, 'old-id');
    catalogues.get('https://drift.example')!.records = [{ id: 'new-id', title: 'Bus stops', uri: 'https://drift.example/ds/bus-stops' }, { id: 'keep', title: 'Keep' }];
    const job = await harvest(drifting.id);
    expect(job.counts).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0, archived: 0, failed: 0 });
    const after = await store.datasets.byRemoteId(drifting.id, 'new-id');
    expect(after?.id).toBe(before?.id);
    expect(after?.status).toBe('active');
    expect(await store.datasets.byRemoteId(drifting.id, 'old-id')).toBeUndefined();
  });
});
