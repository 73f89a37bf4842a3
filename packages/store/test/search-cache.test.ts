import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, SearchRepository, type DatasetWrite, type SourceRow, type Store } from '@moisson/store';
import { filterSetKey, SearchCache } from '../src/search-cache.js';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let drop: () => Promise<void>;
let source: SourceRow;
let search: SearchRepository;

function record(remoteId: string, keyword: string): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: remoteId }], keywords: [{ value: keyword }] };
  return { remoteId, title: remoteId, identifiers: [], data, chain: [], rawOriginal: '{}', rawMediaType: 'application/json', hash: contentHash(data) };
}

async function harvest(datasets: DatasetWrite[]): Promise<void> {
  const job = await store.jobs.create(source.id);
  await commitPage(store.pool, cleanPage(source.id, job.id, datasets));
  await store.jobs.finish(job.id, { status: 'done', complete: true });
}

const keywords = async () => (await search.search({})).facets.keyword.map((k) => [k.value, k.count]);

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  source = await store.sources.create({ name: 'S', url: 'https://example.org/s', protocol: 'ckan' });
  // The first test writes behind the triggers' back (replica mode) to tell a cached count from a
  // fresh one: the facet index follows writes through those triggers only, so it is off here.
  search = new SearchRepository(store.pool, { cacheSize: 10, facetIndex: false });
  await harvest([record('a', 'eau'), record('b', 'eau'), record('c', 'air')]);
});
afterAll(async () => drop?.());

describe('search cache', () => {
  it('serves counts again while dataset_search is unchanged, and counts again after any write', async () => {
    expect(await keywords()).toEqual([['eau', 2], ['air', 1]]);
    expect((await search.search({ pageSize: 2 })).items.map((i) => i.title)).toEqual(['a', 'b']);
    // Behind the triggers' back (no version bump): the cached counts are served, stale.
    const client = await store.pool.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE dataset_search SET keywords = '{sol}', keyword_labels = '{sol}' WHERE keywords = '{air}'`);
    } finally {
      await client.query(`RESET session_replication_role`);
      client.release();
    }
    expect(await keywords()).toEqual([['eau', 2], ['air', 1]]);

    // A harvest writes: the next search sees its dataset (and the change above).
    await harvest([record('d', 'eau')]);
    const after = await search.search({});
    expect(after.total).toBe(4);
    expect(after.facets.keyword.map((k) => [k.value, k.count])).toEqual([['eau', 3], ['sol', 1]]);
    await harvest([record('0', 'eau')]);
    expect((await search.search({ pageSize: 2 })).items.map((i) => i.title)).toEqual(['0', 'a']);
  });

  it('never keeps a count taken while a write was committing', async () => {
    expect((await search.search({ keyword: ['eau'] })).total).toBe(4);
    const writer = await store.pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE datasets SET status = 'archived' WHERE source_id = $1 AND remote_id = 'a'`, [source.id]);
      // The version has moved, the row has not (uncommitted): this count must not be stored under the new version.
      expect((await search.search({ keyword: ['eau'] })).total).toBe(4);
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
    expect((await search.search({ keyword: ['eau'] })).total).toBe(3);
    expect((await search.search({ keyword: ['eau'], status: 'archived' })).total).toBe(1);
  });
});

describe('search cache with bounded staleness', () => {
  it('serves a recent count after a write, refreshes it in the background, then serves the new one', async () => {
    const tolerant = new SearchRepository(store.pool, { cacheSize: 10, maxStaleMs: 60_000 });
    const total = async () => (await tolerant.search({ keyword: ['air', 'eau', 'sol'] })).total;
    const before = await total();
    await harvest([record('stale-1', 'air')]);
    expect(await total()).toBe(before); // read less than a minute ago: served as it was
    let seen = before;
    for (let i = 0; i < 100 && seen === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await total();
    }
    expect(seen).toBe(before + 1);
  });

  it('never serves a count older than maxStaleMs', async () => {
    const tolerant = new SearchRepository(store.pool, { cacheSize: 10, maxStaleMs: 150 });
    const total = async () => (await tolerant.search({ keyword: ['air', 'eau', 'sol'] })).total;
    const before = await total();
    await new Promise((r) => setTimeout(r, 200));
    await harvest([record('stale-2', 'air')]);
    expect(await total()).toBe(before + 1);
  });
});

describe('SearchCache', () => {
  it('keys a filter set whatever the order or repeats of its alternatives', () => {
    expect(filterSetKey({ keyword: ['b', 'a', 'a'], q: ' eau ' }, 'active')).toBe(filterSetKey({ keyword: ['a', 'b'], q: 'eau' }, 'active'));
    expect(filterSetKey({ keyword: ['a'] }, 'active')).not.toBe(filterSetKey({ theme: ['a'] }, 'active'));
    expect(filterSetKey({}, 'active')).not.toBe(filterSetKey({}, 'all'));
  });

  it('drops the least recently used entry, and serves an entry only at its version', () => {
    const cache = new SearchCache(2);
    const counts = (total: number) => ({ total, facets: { source: [], publisher: [], theme: [], keyword: [], format: [], license: [], language: [], status: [], quality: [] } });
    cache.set('x', '1', counts(1));
    cache.set('y', '1', counts(2));
    expect(cache.get<{ total: number }>('x', '1')?.total).toBe(1); // x is now the most recent
    cache.set('z', '1', counts(3));
    expect(cache.get('y', '1')).toBeUndefined();
    expect(cache.get('x', '2')).toBeUndefined(); // not served at another version, but kept for `stale`
    expect(cache.stale<{ total: number }>('x', 60_000)?.total).toBe(1);
    expect(cache.get<{ total: number }>('z', '1')?.total).toBe(3);
  });

  it('serves an entry of any version, or of none, only while it is recent', () => {
    const cache = new SearchCache(2);
    cache.set('x', null, { total: 1 }, 1_000);
    expect(cache.get('x', '1')).toBeUndefined();
    expect(cache.stale<{ total: number }>('x', 500, 1_400)?.total).toBe(1);
    expect(cache.stale('x', 500, 1_500)).toBeUndefined();
  });
});
