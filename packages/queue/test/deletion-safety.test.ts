import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '@moisson/http';
import { runHarvest, type RunOptions } from '@moisson/queue';
import type { SourceRow, Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, type FakeRecord } from './fake-harvester.js';

let store: Store;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

const state = { records: [] as FakeRecord[], pageSize: 10, calls: [] as Array<number | null> };
const records = (ids: string[]) => ids.map((id) => ({ id, title: id }));

async function run(source: SourceRow, options: RunOptions) {
  const job = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
  return runHarvest(store, fakeHarvester(state), source, job!, new HttpClient(), options);
}

describe('per-source archive grace period', () => {
  it('lets config.archiveGraceDays override the worker default, both ways', async () => {
    const eager = await store.sources.create({ name: 'Eager', url: 'https://eager.example', protocol: 'fake', config: { archiveGraceDays: 0 } });
    const patient = await store.sources.create({ name: 'Patient', url: 'https://patient.example', protocol: 'fake', config: { archiveGraceDays: 30 } });
    for (const source of [eager, patient]) {
      state.records = records(['one', 'two']);
      await run(source, { archiveGraceMs: 0 });
    }
    state.records = records(['one']);
    expect(await run(eager, { archiveGraceMs: 7 * 86_400_000 })).toMatchObject({ complete: true, archived: 1 });
    expect(await run(patient, { archiveGraceMs: 0 })).toMatchObject({ complete: true, archived: 0 });
    expect((await store.datasets.byRemoteId(patient.id, 'two'))?.status).toBe('active');
  });
});
