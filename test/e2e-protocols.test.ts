import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import type { JobRow, Store } from '@moisson/store';
import { freshStore } from './support/database.js';
import { harvestThroughQueue } from './support/harvest.js';
import type { ServedCatalogue } from '../bench/generate/common.js';
import { serveCsw } from '../bench/generate/csw.js';
import { serveDcat } from '../bench/generate/dcat.js';
import { serveOds } from '../bench/generate/ods.js';

/**
 * Every paged protocol end to end through the queue (issues 3, 4, 9): a catalogue of 25 records
 * served in pages of 10 by the generators the benchmarks use, harvested by a real worker into
 * PostgreSQL; a second full run finds everything unchanged.
 */
const prefix = `moisson-protocols-${randomBytes(4).toString('hex')}`;
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
const served: ServedCatalogue[] = [];

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 1 });
  worker = new HarvestWorker(store, { prefix, concurrency: 2, archiveGraceMs: 0, httpFor: () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 1 }), log: () => undefined });
});

afterAll(async () => {
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  for (const s of served) await s.server.stop();
  await drop?.();
});

const harvest = (sourceId: string): Promise<JobRow> => harvestThroughQueue(queue, store, sourceId);

describe.each([
  ['csw', () => serveCsw(25, 10)],
  ['dcat (Turtle, Hydra)', () => serveDcat(25, 'turtle', 10)],
  ['dcat (RDF/XML, Hydra)', () => serveDcat(25, 'rdfxml', 10)],
  ['ods', async () => { const c = await serveOds(25); return { ...c, config: { ...c.config, pageSize: 10 } }; }],
])('%s through the queue', (name, serve) => {
  it('harvests every page, then finds everything unchanged', async () => {
    const catalogue = await serve();
    served.push(catalogue);
    const source = await store.sources.create({ name, url: catalogue.url, protocol: catalogue.protocol, config: { ...catalogue.config, incremental: false } });
    const first = await harvest(source.id);
    expect(first).toMatchObject({ status: 'done', complete: true, pages: 3 });
    expect(first.counts).toEqual({ created: 25, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    const second = await harvest(source.id);
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 25, skipped: 0, archived: 0, failed: 0 });
    const { items } = await store.datasets.list({ sourceId: source.id, pageSize: 50 });
    expect(new Set(items.map((d) => d.remoteId)).size).toBe(25);
    expect(items.every((d) => d.title.length > 0 && d.data.distributions.length > 0)).toBe(true);
  });
});
