import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '@moisson/http';
import { runHarvest, type RunOptions } from '@moisson/queue';
import type { SourceRow, Store } from '@moisson/store';
import type { AnyHarvester } from '@moisson/core';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, type FakeRecord } from './fake-harvester.js';

let store: Store;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

const state = { records: [] as FakeRecord[], pageSize: 3, calls: [] as Array<number | null> };
const normalised: string[] = [];

/** The fake harvester, whose `original` is its whole input, counting what it normalises. */
function countingHarvester(wholeInput = true): AnyHarvester {
  const inner = fakeHarvester(state);
  return {
    ...inner,
    originalIsWholeInput: wholeInput,
    normalise(raw: FakeRecord, ctx) {
      normalised.push(raw.id);
      return inner.normalise(raw, ctx);
    },
  };
}

async function run(source: SourceRow, options: RunOptions & { harvester?: AnyHarvester } = {}) {
  normalised.length = 0;
  const job = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
  const result = await runHarvest(store, options.harvester ?? countingHarvester(), source, job!, new HttpClient(), { archiveGraceMs: 0, ...options });
  return { ...result, counts: (await store.jobs.get(job!.id))!.counts };
}

const records = (...ids: string[]) => ids.map((id) => ({ id, title: `Title ${id}` }));

describe('an unchanged re-harvest skips the normaliser', () => {
  it('normalises only new and changed records, and still archives what vanished', async () => {
    const source = await store.sources.create({ name: 'Skip', url: 'https://skip.example', protocol: 'fake', config: {} });
    state.records = records('a', 'b', 'c', 'd', 'e');
    const first = await run(source);
    expect(first.counts).toMatchObject({ created: 5 });
    expect(normalised).toEqual(['a', 'b', 'c', 'd', 'e']);
    const before = await store.datasets.byRemoteId(source.id, 'b');

    state.records = [...records('a', 'c', 'e'), { id: 'b', title: 'Title b, corrected' }, ...records('f')];
    const second = await run(source);
    expect(normalised.sort()).toEqual(['b', 'f']);
    expect(second.counts).toMatchObject({ created: 1, updated: 1, unchanged: 3, failed: 0 });
    expect(second).toMatchObject({ complete: true, archived: 1 });
    expect((await store.datasets.byRemoteId(source.id, 'd'))?.status).toBe('archived');
    const after = await store.datasets.byRemoteId(source.id, 'b');
    expect(after?.title).toBe('Title b, corrected');
    expect(after?.id).toBe(before?.id);

    // Skipped records are still seen by the run: a third run archives nothing of them, moves
    // their last_seen, and leaves their datasets row as it was (no new row version).
    const version = async (remoteId: string) =>
      (await store.pool.query(`SELECT xmin::text AS v FROM datasets WHERE source_id = $1 AND remote_id = $2`, [source.id, remoteId])).rows[0]?.v;
    const versionBefore = await version('a');
    const seenBefore = await store.datasets.byRemoteId(source.id, 'a');
    const third = await run(source);
    expect(normalised).toEqual([]);
    expect(third.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(third).toMatchObject({ complete: true, archived: 0 });
    const seen = await store.datasets.byRemoteId(source.id, 'a');
    expect(seen?.status).toBe('active');
    expect(new Date(seen!.lastSeen).getTime()).toBeGreaterThan(new Date(seenBefore!.lastSeen).getTime());
    expect(await version('a')).toBe(versionBefore);
  });

  it('does not rewrite the row of an unchanged record normalised again', async () => {
    const source = await store.sources.create({ name: 'Rewrite', url: 'https://rewrite.example', protocol: 'fake', config: {} });
    state.records = records('a');
    await run(source);
    const version = async () => (await store.pool.query(`SELECT xmin::text AS v FROM datasets WHERE source_id = $1`, [source.id])).rows[0]?.v;
    const before = await version();
    const again = await run(source, { skipUnchanged: false });
    expect(normalised).toEqual(['a']);
    expect(again.counts).toMatchObject({ unchanged: 1 });
    expect(await version()).toBe(before);
  });

  it('normalises everything again when the source settings change, or when told to', async () => {
    const source = await store.sources.create({ name: 'Settings', url: 'https://settings.example', protocol: 'fake', config: {} });
    state.records = records('a', 'b');
    await run(source);
    const renamed = (await store.sources.update(source.id, { name: 'Settings, renamed' }))!;
    await run(renamed);
    expect(normalised.sort()).toEqual(['a', 'b']);
    await run(renamed, { skipUnchanged: false });
    expect(normalised.sort()).toEqual(['a', 'b']);
    await run(renamed);
    expect(normalised).toEqual([]);
  });

  it('restores an archived record through the full path', async () => {
    const source = await store.sources.create({ name: 'Restore', url: 'https://restore.example', protocol: 'fake', config: {} });
    state.records = records('a', 'b');
    await run(source);
    state.records = records('a');
    expect((await run(source)).archived).toBe(1);
    state.records = records('a', 'b');
    const back = await run(source);
    expect(normalised).toEqual(['b']);
    expect(back.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await store.datasets.byRemoteId(source.id, 'b'))?.status).toBe('active');
  });

  it('reports a record repeated in a page as a duplicate, as on a first harvest', async () => {
    const source = await store.sources.create({ name: 'Twice', url: 'https://twice.example', protocol: 'fake', config: {} });
    state.records = records('a', 'b');
    await run(source);
    state.records = records('a', 'a', 'b');
    const again = await run(source);
    expect(again.counts).toMatchObject({ unchanged: 2, failed: 1 });
    const errors = await store.jobs.errors((await store.jobs.listForSource(source.id))[0]!.id);
    expect(errors.map((e) => e.code)).toEqual(['DUPLICATE_REMOTE_ID']);
  });

  it('never skips for a harvester whose original is not its whole input', async () => {
    const source = await store.sources.create({ name: 'Partial', url: 'https://partial.example', protocol: 'fake', config: {} });
    state.records = records('a', 'b');
    await run(source, { harvester: countingHarvester(false) });
    const again = await run(source, { harvester: countingHarvester(false) });
    expect(normalised.sort()).toEqual(['a', 'b']);
    expect(again.counts).toMatchObject({ unchanged: 2 });
  });
});
