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

function row(i: number): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: `Relevé ${i}` }], description: [{ value: 'Comptage des oiseaux nicheurs. '.repeat(20) }] };
  return { remoteId: `r${i}`, title: `Relevé ${i}`, identifiers: [`r${i}`], data, chain: [], rawOriginal: JSON.stringify({ id: i, notes: 'x'.repeat(500) }), rawMediaType: 'application/json', hash: contentHash(data), inputHash: `in-${i}`, matchKeys: [`id:r${i}`] };
}

describe('refreshing the planner statistics after a harvest', () => {
  it('analyses the columns the per-page statements plan on, and the seen table, not the wide documents', async () => {
    const source = await store.sources.create({ name: 'S', url: 'https://s.example.org', protocol: 'ckan' });
    const job = await store.jobs.create(source.id);
    await commitPage(store.pool, cleanPage(source.id, job.id, Array.from({ length: 200 }, (_, i) => row(i))));

    await store.datasets.refreshStatistics();
    const { rows } = await store.pool.query<{ tablename: string; attname: string }>(
      `SELECT tablename, attname FROM pg_stats WHERE tablename IN ('datasets', 'dataset_seen') ORDER BY tablename, attname`,
    );
    const analysed = (table: string) => rows.filter((r) => r.tablename === table).map((r) => r.attname);
    expect(analysed('datasets')).toEqual(expect.arrayContaining(['source_id', 'remote_id', 'status', 'input_hash', 'match_keys', 'cluster_id']));
    expect(analysed('datasets')).not.toContain('data');
    expect(analysed('datasets')).not.toContain('raw_original');
    expect(analysed('dataset_seen')).toContain('last_job_id');
  });
});
