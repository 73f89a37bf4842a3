import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, linkClusters, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
});
afterAll(async () => drop?.());

const DOI = 'doi:10.5281/zenodo.7';

function copyOf(remoteId: string, matchKeys: string[]): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: 'Inventaire des mares', lang: 'fr' }] };
  return { remoteId, title: 'Inventaire des mares', identifiers: [remoteId], data, chain: [], rawOriginal: `{"id":"${remoteId}"}`, rawMediaType: 'application/json', hash: contentHash(data), matchKeys };
}

/** Harvests one page of one record from a new source, then links it as the runner does (unless told not to). */
async function harvestCopy(remoteId: string, matchKeys = [DOI], { link = true } = {}): Promise<{ id: string; moved: number }> {
  const source = await store.sources.create({ name: remoteId, url: `https://${remoteId}.example.org`, protocol: 'ckan' });
  const job = await store.jobs.create(source.id);
  const { datasetIds } = await commitPage(store.pool, cleanPage(source.id, job.id, [copyOf(remoteId, matchKeys)]));
  const moved = link ? await linkClusters(store.pool, datasetIds) : 0;
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

  it('puts a dataset another source already published into its cluster as it is written: nothing moves after', async () => {
    await store.pool.query('TRUNCATE datasets CASCADE');
    const producer = await harvestCopy('producer');
    const portal = await harvestCopy('portal');
    expect(portal.moved).toBe(0);

    const writesBefore = await searchRowWrites();
    const aggregator = await harvestCopy('aggregator');
    // One insert, primary flag included: no move, no second write for the election.
    expect(await searchRowWrites()).toBe(writesBefore + 1);
    expect(aggregator.moved).toBe(0);

    const { rows } = await store.pool.query<{ cluster_id: string; search_cluster: string; is_primary: boolean }>(
      `SELECT d.cluster_id, s.cluster_id AS search_cluster, s.is_primary
       FROM datasets d JOIN dataset_search s ON s.id = d.id ORDER BY d.first_seen`,
    );
    expect(rows.map((r) => r.cluster_id)).toEqual([producer.id, producer.id, producer.id]);
    expect(rows.every((r) => r.search_cluster === r.cluster_id)).toBe(true);
    // The earliest seen of equal chains is the one the list shows.
    expect(rows.map((r) => r.is_primary)).toEqual([true, false, false]);
  });

  it('moves the younger of two clusters a record bridges into the older, writing each moved search row once', async () => {
    await store.pool.query('TRUNCATE datasets CASCADE');
    const older = await harvestCopy('older', ['doi:10.1/a']);
    await sleep(5);
    const younger = await harvestCopy('younger', ['ark:/1/b']);
    expect(younger.moved).toBe(0);

    const bridge = await harvestCopy('bridge', ['doi:10.1/a', 'ark:/1/b'], { link: false });
    const writesBefore = await searchRowWrites();
    expect(await linkClusters(store.pool, [bridge.id])).toBe(1);
    // The younger cluster's one row moved; it is not the primary of the older cluster, and is told so in that write.
    expect(await searchRowWrites()).toBe(writesBefore + 1);

    const { rows } = await store.pool.query<{ id: string; cluster_id: string; is_primary: boolean }>(
      `SELECT d.id, s.cluster_id, s.is_primary FROM datasets d JOIN dataset_search s ON s.id = d.id ORDER BY d.first_seen`,
    );
    expect(rows).toEqual([
      { id: older.id, cluster_id: older.id, is_primary: true },
      { id: younger.id, cluster_id: older.id, is_primary: false },
      { id: bridge.id, cluster_id: older.id, is_primary: false },
    ]);
  });

  it('takes the identity lock only when a page has clusters to merge', async () => {
    await store.pool.query('TRUNCATE datasets CASCADE');
    await harvestCopy('alone', ['doi:10.1/alone']);
    const first = await harvestCopy('first', ['doi:10.1/c']);
    await sleep(5);
    const second = await harvestCopy('second', ['ark:/1/c']);
    const bridge = await harvestCopy('bridging', ['doi:10.1/c', 'ark:/1/c'], { link: false });
    const lonely = await harvestCopy('lonely', ['doi:10.1/lonely'], { link: false });

    // Another job holds the lock (it is merging clusters of its own).
    const holder = await store.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(7207302)');
      expect(await linkClusters(store.pool, [lonely.id])).toBe(0);
      let merged: number | undefined;
      const merging = linkClusters(store.pool, [bridge.id]).then((n) => (merged = n));
      await sleep(300);
      expect(merged).toBeUndefined();
      await holder.query('COMMIT');
      await merging;
      expect(merged).toBe(1);
    } finally {
      holder.release();
    }
    const { rows } = await store.pool.query<{ cluster_id: string }>('SELECT DISTINCT cluster_id FROM datasets WHERE id = ANY($1::uuid[])', [[first.id, second.id, bridge.id]]);
    expect(rows).toEqual([{ cluster_id: first.id }]);
  });

  it('links two sources that wrote the same dataset at once: the page committed last finds the other', async () => {
    await store.pool.query('TRUNCATE datasets CASCADE');
    const early = await store.sources.create({ name: 'early', url: 'https://early.example.org', protocol: 'ckan' });
    const earlyJob = await store.jobs.create(early.id);
    // The early source's page is being written, not committed yet, when the late one writes the same dataset.
    const writing = await store.pool.connect();
    try {
      await writing.query('BEGIN');
      const { rows } = await writing.query<{ id: string }>(
        `INSERT INTO datasets (id, cluster_id, source_id, remote_id, title, data, chain, hash, match_keys, created_job_id)
         SELECT g, g, $1, 'x', 'Inventaire des mares', '{"title":[{"value":"Inventaire des mares"}]}', '[]', 'h', ARRAY[$2], $3 FROM moisson_time_ordered_uuid() g RETURNING id`,
        [early.id, DOI, earlyJob.id],
      );
      const earlyId = rows[0]!.id;
      const late = await harvestCopy('late', [DOI], { link: false });
      // The late page cannot see the uncommitted row: it founds its own cluster and has nothing to link.
      expect(await linkClusters(store.pool, [late.id])).toBe(0);
      await writing.query('COMMIT');

      expect(await linkClusters(store.pool, [earlyId])).toBe(1);
      const clusters = await store.pool.query<{ cluster_id: string }>('SELECT DISTINCT cluster_id FROM datasets');
      expect(clusters.rows).toEqual([{ cluster_id: earlyId }]);
      const primaries = await store.pool.query<{ id: string }>('SELECT id FROM dataset_search WHERE is_primary AND id = ANY($1::uuid[])', [[earlyId, late.id]]);
      expect(primaries.rows).toEqual([{ id: earlyId }]);
    } finally {
      writing.release();
    }
  });
});
