import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '@moisson/http';
import { HarvestTimeout, jobTimeoutMs, politenessOf, runHarvest } from '@moisson/queue';
import type { Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, type FakeRecord } from './fake-harvester.js';

describe('per-source politeness', () => {
  it('defaults to 2 requests at once, 250 ms apart, and clamps what an operator sets', () => {
    expect(politenessOf({})).toEqual({ hostConcurrency: 2, hostDelayMs: 250 });
    expect(politenessOf({ politeness: { concurrency: 1, delayMs: 2000 } })).toEqual({ hostConcurrency: 1, hostDelayMs: 2000 });
    expect(politenessOf({ politeness: { concurrency: 50, delayMs: -5 } })).toEqual({ hostConcurrency: 8, hostDelayMs: 0 });
    expect(politenessOf({ politeness: 'fast' })).toEqual({ hostConcurrency: 2, hostDelayMs: 250 });
  });

  it('reads the job time budget from MOISSON_JOB_TIMEOUT_MINUTES (360 by default)', () => {
    expect(jobTimeoutMs({})).toBe(360 * 60_000);
    expect(jobTimeoutMs({ MOISSON_JOB_TIMEOUT_MINUTES: '15' })).toBe(15 * 60_000);
    expect(jobTimeoutMs({ MOISSON_JOB_TIMEOUT_MINUTES: 'soon' })).toBe(360 * 60_000);
  });
});

let store: Store;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

describe('job timeout', () => {
  it('stops between pages once the run is over its budget, and archives nothing', async () => {
    const state = { records: [] as FakeRecord[], pageSize: 2, calls: [] as Array<number | null> };
    const source = await store.sources.create({ name: 'Slow', url: 'https://slow.example', protocol: 'fake' });
    state.records = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id }));
    const first = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
    await runHarvest(store, fakeHarvester(state), source, first!, new HttpClient(), { archiveGraceMs: 0 });

    // Next run: c, d, e vanished (would be archived), and the clock jumps 7 hours after page 1.
    state.records = state.records.slice(0, 2);
    state.records.push({ id: 'f', title: 'f' }, { id: 'g', title: 'g' });
    let pagesDone = 0;
    const job = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
    const error = await runHarvest(store, fakeHarvester(state), source, job!, new HttpClient(), {
      archiveGraceMs: 0,
      timeoutMs: 360 * 60_000,
      onPage: () => void pagesDone++,
      now: () => new Date(Date.now() + (pagesDone >= 1 ? 7 * 3600_000 : 0)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarvestTimeout);
    expect((error as Error).message).toBe('the run took longer than 360 minutes (MOISSON_JOB_TIMEOUT_MINUTES); stopped after 1 pages');
    expect((await store.jobs.get(job!.id))?.pages).toBe(1);
    const all = await store.datasets.list({ sourceId: source.id, includeArchived: true });
    expect(all.items.filter((d) => d.status === 'archived')).toEqual([]);
  });
});
