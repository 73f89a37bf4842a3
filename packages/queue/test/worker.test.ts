import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitPage, type JobRow, type Store } from '@moisson/store';
import { contentHash, emptyDataset } from '@moisson/core';
import { HarvestQueue, HarvestWorker, Reaper, runHarvest } from '@moisson/queue';
import { HttpClient } from '@moisson/http';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, type FakeRecord } from './fake-harvester.js';

const prefix = `moisson-test-${randomBytes(4).toString('hex')}`;
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
const state: { records: FakeRecord[]; pageSize: number; failAtPage?: number; truncateAtPage?: number; calls: Array<number | null> } = { records: [], pageSize: 2, calls: [] };

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 2, backoffMs: 50 });
  worker = new HarvestWorker(store, { prefix, archiveGraceMs: 0, harvesterFor: (p) => (p === 'fake' ? fakeHarvester(state) : undefined), log: () => undefined });
});
afterAll(async () => {
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await drop?.();
});
beforeEach(() => {
  state.failAtPage = undefined;
  state.truncateAtPage = undefined;
  state.calls = [];
});

async function waitForEnd(jobId: string): Promise<JobRow> {
  for (let i = 0; i < 200; i++) {
    const job = await store.jobs.get(jobId);
    if (job && (job.status === 'done' || job.status === 'failed')) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

const records = (ids: string[]) => ids.map((id) => ({ id, title: `Dataset ${id}` }));

describe('harvest worker (fake protocol, real PostgreSQL and Redis)', () => {
  it('creates, then reports unchanged, then archives exactly what vanished', async () => {
    const source = await store.sources.create({ name: 'Fake', url: 'https://fake.example', protocol: 'fake' });
    state.records = records(['a', 'b', 'c', 'd', 'e']);
    const first = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(first).toMatchObject({ status: 'done', complete: true, pages: 3 });
    expect(first.counts).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });

    const second = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 0, archived: 0, failed: 0 });

    state.records = records(['a', 'b', 'd', 'e']);
    const third = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(third.counts).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 0, archived: 1, failed: 0 });
    expect((await store.datasets.byRemoteId(source.id, 'c'))?.status).toBe('archived');
    expect((await store.datasets.list({ sourceId: source.id })).total).toBe(4);
  });

  it('fails a run whose page keeps failing, records why, and archives nothing', async () => {
    const source = await store.sources.create({ name: 'Flaky', url: 'https://flaky.example', protocol: 'fake' });
    state.records = records(['f1', 'f2', 'f3', 'f4', 'f5']);
    await waitForEnd((await queue.trigger(source.id)).job.id);

    state.records = records(['f1', 'f2']); // would archive f3..f5 if the run were trusted
    state.records.push(...records(['f3', 'f4']));
    state.failAtPage = 1;
    state.calls = [];
    const failed = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(failed).toMatchObject({ status: 'failed', complete: false });
    expect(failed.error).toContain('HTTP 500');
    const errors = await store.jobs.errors(failed.id);
    expect(errors.map((e) => e.code)).toEqual(['PAGE_FETCH_FAILED', 'PAGE_FETCH_FAILED']);
    expect(errors[0]?.message).toMatch(/^attempt 1 failed, will retry/);
    // Two attempts: the second resumed at page 1 (index 2) instead of starting over.
    expect(state.calls).toEqual([0, 2, 2]);
    const all = await store.datasets.list({ sourceId: source.id, includeArchived: true });
    expect(all.items.every((d) => d.status === 'active')).toBe(true);
    expect(all.total).toBe(5);
  });

  it('turns a bad record into an item error and goes on', async () => {
    const source = await store.sources.create({ name: 'Bad record', url: 'https://bad.example', protocol: 'fake' });
    state.records = [{ id: 'ok1', title: 'One' }, { id: 'broken' }, { id: 'ok2', title: 'Two' }];
    const job = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(job).toMatchObject({ status: 'done', complete: true });
    expect(job.counts).toMatchObject({ created: 2, failed: 1 });
    expect(await store.jobs.errors(job.id)).toMatchObject([{ remoteId: 'broken', code: 'INVALID_RECORD', message: 'record broken has no title' }]);
  });

  it('archives nothing after a truncated listing', async () => {
    const source = await store.sources.create({ name: 'Loop', url: 'https://loop.example', protocol: 'fake' });
    state.records = records(['l1', 'l2', 'l3', 'l4']);
    await waitForEnd((await queue.trigger(source.id)).job.id);
    state.truncateAtPage = 0;
    const job = await waitForEnd((await queue.trigger(source.id)).job.id);
    expect(job).toMatchObject({ status: 'done', complete: false, pages: 1 });
    expect(job.counts.archived).toBe(0);
    expect(await store.jobs.errors(job.id)).toMatchObject([{ code: 'LISTING_TRUNCATED', message: 'next link repeats a page already read' }]);
  });

  it('resumes a run from its saved cursor without writing a page twice', async () => {
    const source = await store.sources.create({ name: 'Resume', url: 'https://resume.example', protocol: 'fake' });
    state.records = records(['r1', 'r2', 'r3', 'r4', 'r5']);
    const { job } = await store.jobs.createIfIdle(source.id);
    const started = await store.jobs.start(job.id);
    // As if a worker died after committing page 0: stop after the first page.
    const abort = new AbortController();
    await expect(
      runHarvest(store, fakeHarvester(state), source, started!, new HttpClient(), { archiveGraceMs: 0, signal: abort.signal, onPage: () => abort.abort() }),
    ).rejects.toThrow(/interrupted/);
    state.calls = [];
    const resumed = await store.jobs.start(job.id);
    await runHarvest(store, fakeHarvester(state), source, resumed!, new HttpClient(), { archiveGraceMs: 0 });
    expect(state.calls).toEqual([2, 4]);
    const done = await store.jobs.get(job.id);
    expect(done).toMatchObject({ status: 'done', complete: true, pages: 3, attempts: 2 });
    expect(done?.counts).toMatchObject({ created: 5, unchanged: 0 });
  });

  it('asks for the next page before normalising the one it has, and for nothing after the last', async () => {
    const source = await store.sources.create({ name: 'Ahead', url: 'https://ahead.example', protocol: 'fake' });
    state.records = records(['n1', 'n2', 'n3', 'n4', 'n5']);
    const fake = fakeHarvester(state);
    const askedWhenNormalising = new Map<string, Array<number | null>>();
    const harvester: typeof fake = {
      ...fake,
      normalise: (raw, ctx) => {
        askedWhenNormalising.set(raw.id, [...state.calls]);
        return fake.normalise(raw, ctx);
      },
    };
    const { job } = await store.jobs.createIfIdle(source.id);
    const started = await store.jobs.start(job.id);
    await runHarvest(store, harvester, source, started!, new HttpClient(), { archiveGraceMs: 0 });
    expect(askedWhenNormalising.get('n1')).toEqual([0, 2]);
    expect(askedWhenNormalising.get('n3')).toEqual([0, 2, 4]);
    expect(askedWhenNormalising.get('n5')).toEqual([0, 2, 4]);
    expect(state.calls).toEqual([0, 2, 4]);
    expect((await store.jobs.get(job.id))?.counts).toMatchObject({ created: 5 });
  });

  it('reads the next page while one is written, and stops on a failure after a commit with that page only', async () => {
    const source = await store.sources.create({ name: 'Overlap', url: 'https://overlap.example', protocol: 'fake' });
    state.records = records(['o1', 'o2', 'o3', 'o4', 'o5']);
    const { job } = await store.jobs.createIfIdle(source.id);
    const started = await store.jobs.start(job.id);
    const onPage = () => {
      throw new Error('progress store down');
    };
    await expect(runHarvest(store, fakeHarvester(state), source, started!, new HttpClient(), { archiveGraceMs: 0, onPage })).rejects.toThrow('progress store down');
    // Page 2 was fetched while page 0 was committed, and page 4 asked for before page 2 was
    // normalised; both are dropped uncommitted: the run resumes at page 2.
    expect(state.calls).toEqual([0, 2, 4]);
    const after = await store.jobs.get(job.id);
    expect(after).toMatchObject({ pages: 1, cursor: { at: 2 } });
    expect(after?.counts).toMatchObject({ created: 2 });
    expect((await store.datasets.list({ sourceId: source.id })).total).toBe(2);
  });

  it('puts every dataset in search by the end of a run, those an interrupted attempt committed unindexed included', async () => {
    const source = await store.sources.create({ name: 'Indexed', url: 'https://indexed.example', protocol: 'fake' });
    state.records = records(['i1', 'i2', 'i3', 'i4', 'i5']);
    const { job } = await store.jobs.createIfIdle(source.id);
    const started = await store.jobs.start(job.id);
    // As if a worker died between committing page 0 (its search rows left to it) and indexing it.
    const dataset = (id: string) => ({ ...emptyDataset(), identifiers: [id], title: [{ value: `Dataset ${id}` }] });
    await commitPage(store.pool, {
      sourceId: source.id,
      jobId: job.id,
      datasets: ['i1', 'i2'].map((id) => ({ remoteId: id, title: `Dataset ${id}`, identifiers: [id], data: dataset(id), chain: [], rawOriginal: '{}', rawMediaType: 'application/json', hash: contentHash(dataset(id)) })),
      failedRemoteIds: [],
      errors: [],
      skipped: 0,
      cursor: { at: 2 },
      deferSearchIndex: true,
    });
    const searchable = async () =>
      (
        await store.pool.query<{ remote_id: string }>(
          'SELECT d.remote_id FROM datasets d JOIN dataset_search s ON s.id = d.id WHERE d.source_id = $1 ORDER BY d.remote_id',
          [source.id],
        )
      ).rows.map((r) => r.remote_id);
    expect(await searchable()).toEqual([]);
    const resumed = await store.jobs.get(started!.id);
    await runHarvest(store, fakeHarvester(state), source, resumed!, new HttpClient(), { archiveGraceMs: 0 });
    expect(state.calls).toEqual([2, 4]);
    expect(await searchable()).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
  });

  it('re-enqueues a run the database holds but the queue lost', async () => {
    const source = await store.sources.create({ name: 'Lost', url: 'https://lost.example', protocol: 'fake' });
    state.records = records(['x1']);
    const { job } = await store.jobs.createIfIdle(source.id); // claimed, never enqueued
    await store.pool.query(`UPDATE harvest_jobs SET created_at = now() - interval '5 minutes' WHERE id = $1`, [job.id]);
    const swept = await new Reaper(store, queue).sweep();
    expect(swept.requeued).toEqual([job.id]);
    expect((await waitForEnd(job.id)).status).toBe('done');
  });
});
