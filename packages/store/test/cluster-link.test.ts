import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, linkClusters, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';

let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

const DOI = 'doi:10.5281/zenodo.7';

function copyOf(remoteId: string): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: 'Inventaire des mares', lang: 'fr' }] };
  return { remoteId, title: 'Inventaire des mares', identifiers: [remoteId], data, chain: [], rawOriginal: `{"id":"${remoteId}"}`, rawMediaType: 'application/json', hash: contentHash(data), matchKeys: [DOI] };
}

/** Harvests one page of one record from a new source, then links it as the runner does. */
async function harvestCopy(remoteId: string): Promise<{ id: string; moved: number }> {
  const source = await store.sources.create({ name: remoteId, url: `https://${remoteId}.example.org`, protocol: 'ckan' });
  const job = await store.jobs.create(source.id);
  const { datasetIds } = await commitPage(store.pool, { sourceId: source.id, jobId: job.id, datasets: [copyOf(remoteId)], failedRemoteIds: [], errors: [], skipped: 0, cursor: null });
  const moved = await linkClusters(store.pool, datasetIds);
  return { id: datasetIds[0]!, moved };
}

/** Search-row writes so far: each insert or update of a row draws one row version. */
async function searchRowWrites(): Promise<number> {
  const { rows } = await store.pool.query<{ n: string }>('SELECT last_value AS n FROM dataset_search_row_version');
  return Number(rows[0]!.n);
}

describe('cross-source linking (migration 018)', () => {
  it('gives new datasets time-ordered ids (UUID version 7), so a later one sorts after an earlier one', async () => {
    const first = await harvestCopy('early');
    await sleep(5);
    const second = await harvestCopy('late');
    expect(first.id < second.id).toBe(true);
    for (const id of [first.id, second.id]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The 48-bit prefix is the creation time in milliseconds.
    const millis = parseInt(second.id.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });

  it('moves only the newcomer into the established cluster, writing its search row once', async () => {
    await store.pool.query('TRUNCATE datasets CASCADE');
    const producer = await harvestCopy('producer');
    const portal = await harvestCopy('portal');
    expect(portal.moved).toBe(1);
    await sleep(5);

    const writesBefore = await searchRowWrites();
    const newcomer = await harvestCopy('aggregator');
    // One insert, then one move that also settles the primary flag: no second rewrite for the election.
    expect(await searchRowWrites()).toBe(writesBefore + 2);
    expect(newcomer.moved).toBe(1);

    const { rows } = await store.pool.query<{ id: string; cluster_id: string; search_cluster: string; is_primary: boolean }>(
      `SELECT d.id, d.cluster_id, s.cluster_id AS search_cluster, s.is_primary
       FROM datasets d JOIN dataset_search s ON s.id = d.id ORDER BY d.first_seen`,
    );
    expect(rows.map((r) => r.cluster_id)).toEqual([producer.id, producer.id, producer.id]);
    expect(rows.every((r) => r.search_cluster === r.cluster_id)).toBe(true);
    // The earliest seen of equal chains is the one the list shows.
    expect(rows.map((r) => r.is_primary)).toEqual([true, false, false]);
  });
});
