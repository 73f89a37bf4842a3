import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, type DatasetWrite, type SourceRow, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;
let mixed: SourceRow;
let archivedOnly: SourceRow;
let empty: SourceRow;

function row(remoteId: string): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: `Relevé ${remoteId}` }] };
  return { remoteId, title: `Relevé ${remoteId}`, identifiers: [remoteId], data, chain: [], rawOriginal: '{}', rawMediaType: 'application/json', hash: contentHash(data) };
}

async function harvest(source: SourceRow, remoteIds: string[]): Promise<void> {
  const job = await store.jobs.create(source.id);
  await commitPage(store.pool, cleanPage(source.id, job.id, remoteIds.map(row)));
}

async function archive(source: SourceRow, remoteIds: string[]): Promise<void> {
  await store.pool.query(`UPDATE datasets SET status = 'archived', archived_at = now() WHERE source_id = $1 AND remote_id = ANY($2)`, [source.id, remoteIds]);
}

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  mixed = await store.sources.create({ name: 'Mixed', url: 'https://mixed.example.org', protocol: 'ckan' });
  archivedOnly = await store.sources.create({ name: 'Archived only', url: 'https://archived.example.org', protocol: 'ckan' });
  empty = await store.sources.create({ name: 'Never harvested', url: 'https://empty.example.org', protocol: 'ckan' });
  await harvest(mixed, ['a', 'b', 'c']);
  await archive(mixed, ['c']);
  await harvest(archivedOnly, ['x', 'y']);
  await archive(archivedOnly, ['x', 'y']);
});
afterAll(async () => drop?.());

describe('listing sources', () => {
  it('counts each source’s active and archived datasets, zero for a source never harvested', async () => {
    const counts = Object.fromEntries((await store.sources.list()).map((s) => [s.name, s.datasets]));
    expect(counts).toEqual({
      Mixed: { active: 2, archived: 1 },
      'Archived only': { active: 0, archived: 2 },
      'Never harvested': { active: 0, archived: 0 },
    });
  });

  it('publishes as sub-catalogues only the sources with an active dataset, oldest first', async () => {
    expect(await store.sources.published()).toEqual([{ id: mixed.id, name: 'Mixed', url: 'https://mixed.example.org', protocol: 'ckan' }]);
    await harvest(empty, ['z']);
    expect((await store.sources.published()).map((s) => s.name)).toEqual(['Mixed', 'Never harvested']);
  });
});
