import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

function record(remoteId: string): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: remoteId }] };
  return { remoteId, title: remoteId, identifiers: [], data, chain: [], rawOriginal: '{}', rawMediaType: 'application/json', hash: contentHash(data) };
}

async function job(sourceId: string, datasets: DatasetWrite[]) {
  const created = await store.jobs.create(sourceId);
  await commitPage(store.pool, cleanPage(sourceId, created.id, datasets));
  await store.jobs.finish(created.id, { status: 'done', complete: true });
  return created.id;
}

describe('dataset archive history', () => {
  it('keeps archived and restored events, with their jobs, after the dataset comes back', async () => {
    const source = await store.sources.create({ name: 'H', url: 'https://example.org/h', protocol: 'ckan' });
    await job(source.id, [record('p'), record('q')]);
    const second = await job(source.id, [record('p')]);
    expect(await store.datasets.archiveUnseen(source.id, second, 0)).toBe(1);
    const third = await job(source.id, [record('p'), record('q')]);

    const q = await store.datasets.byRemoteId(source.id, 'q');
    expect(q).toMatchObject({ status: 'active', archivedAt: null });
    const history = await store.datasets.history(q!.id);
    expect(history.map(({ event, jobId, reason }) => ({ event, jobId, reason }))).toEqual([
      { event: 'archived', jobId: second, reason: 'not-on-remote' },
      { event: 'restored', jobId: third, reason: 'back-on-remote' },
    ]);
    expect(await store.datasets.history((await store.datasets.byRemoteId(source.id, 'p'))!.id)).toEqual([]);
  });
});
