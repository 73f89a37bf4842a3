import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset, type Dataset } from '@moisson/core';
import { commitPage, indexDatasets, indexUnindexed, type DatasetWrite, type PageCommit, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

function record(remoteId: string, title: string, keys: string[] = []): DatasetWrite {
  const data: Dataset = { ...emptyDataset(), title: [{ value: title, lang: 'fr' }], keywords: [{ value: 'rivière' }] };
  return { remoteId, title, identifiers: [remoteId], data, chain: [], rawOriginal: `{"id":"${remoteId}"}`, rawMediaType: 'application/json', hash: contentHash(data), matchKeys: keys };
}

function page(sourceId: string, jobId: string, datasets: DatasetWrite[], deferSearchIndex: boolean): PageCommit {
  return cleanPage(sourceId, jobId, datasets, { deferSearchIndex });
}

async function searchRows(sourceId: string): Promise<Array<{ remote_id: string; document: string; is_primary: boolean }>> {
  const { rows } = await store.pool.query<{ remote_id: string; document: string; is_primary: boolean }>(
    `SELECT d.remote_id, s.document::text AS document, s.is_primary FROM datasets d JOIN dataset_search s ON s.id = d.id
     WHERE d.source_id = $1 ORDER BY d.remote_id`,
    [sourceId],
  );
  return rows;
}

describe('search rows built after the commit (migration 023)', () => {
  it('leaves a deferred page out of search until its datasets are indexed, then builds the rows the statement builds', async () => {
    const now = await store.sources.create({ name: 'Now', url: 'https://now.example.org', protocol: 'ckan' });
    const later = await store.sources.create({ name: 'Later', url: 'https://later.example.org', protocol: 'ckan' });
    const datasets = [record('a', 'Qualité des rivières'), record('b', 'Haies bocagères')];
    await commitPage(store.pool, page(now.id, (await store.jobs.create(now.id)).id, datasets, false));
    const outcome = await commitPage(store.pool, page(later.id, (await store.jobs.create(later.id)).id, datasets, true));

    expect(outcome.created).toBe(2);
    expect(await searchRows(later.id)).toEqual([]);
    expect(await indexDatasets(store.pool, outcome.datasetIds)).toBe(2);
    expect(await indexDatasets(store.pool, outcome.datasetIds)).toBe(0);
    const built = await searchRows(later.id);
    expect(built.map((r) => r.remote_id)).toEqual(['a', 'b']);
    expect(built).toEqual(await searchRows(now.id));
  });

  it('indexes what a source left unindexed, and a dataset that joined a cluster meanwhile takes part in its election', async () => {
    const first = await store.sources.create({ name: 'First', url: 'https://first.example.org', protocol: 'ckan' });
    const second = await store.sources.create({ name: 'Second', url: 'https://second.example.org', protocol: 'ckan' });
    await commitPage(store.pool, page(first.id, (await store.jobs.create(first.id)).id, [record('x', 'Arbres remarquables', ['id:tree-42'])], false));
    // The same dataset from a second source joins the first one's cluster at its commit.
    await commitPage(store.pool, page(second.id, (await store.jobs.create(second.id)).id, [record('y', 'Arbres remarquables', ['id:tree-42']), record('z', 'Mares')], true));
    expect(await searchRows(second.id)).toEqual([]);

    expect(await indexUnindexed(store.pool, second.id)).toBe(2);
    expect(await indexUnindexed(store.pool, second.id)).toBe(0);
    const rows = await searchRows(second.id);
    expect(rows.map((r) => [r.remote_id, r.is_primary])).toEqual([
      ['y', false],
      ['z', true],
    ]);
    const cluster = await store.pool.query<{ primaries: string }>(
      `SELECT count(*) FILTER (WHERE s.is_primary) AS primaries FROM datasets d JOIN dataset_search s ON s.id = d.id WHERE d.remote_id IN ('x', 'y')`,
    );
    expect(Number(cluster.rows[0]?.primaries)).toBe(1);
  });
});
