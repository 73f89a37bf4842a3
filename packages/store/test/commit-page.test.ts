import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';
import { commitPage, createPool, migrate, sourceHasOlderDatasets, type DatasetWrite, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let store: Store;
let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ store, url, drop } = await freshStore());
});
afterAll(async () => drop?.());

async function nextJob(sourceId: string) {
  for (const job of await store.jobs.allActive()) if (job.sourceId === sourceId) await store.jobs.finish(job.id, { status: 'done', complete: true });
  return store.jobs.create(sourceId);
}

function record(remoteId: string, title: string): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: title, lang: 'fr' }] };
  return { remoteId, title, identifiers: [remoteId], data, chain: [], rawOriginal: `{"id":"${remoteId}"}`, rawMediaType: 'application/json', hash: contentHash(data) };
}

describe('commitPage', () => {
  it('creates, then skips unchanged and rewrites changed datasets, counting each', async () => {
    const source = await store.sources.create({ name: 'S', url: 'https://example.org', protocol: 'ckan' });
    const job1 = await nextJob(source.id);
    const first = await commitPage(store.pool, { sourceId: source.id, jobId: job1.id, datasets: [record('a', 'A'), record('b', 'B')], failedRemoteIds: [], errors: [], skipped: 1, cursor: { start: 2 } });
    expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    // The ids of the page's rows, for the identity work that follows the commit.
    expect(first.datasetIds.sort()).toEqual([(await store.datasets.byRemoteId(source.id, 'a'))?.id, (await store.datasets.byRemoteId(source.id, 'b'))?.id].sort());
    const after1 = await store.jobs.get(job1.id);
    expect(after1?.cursor).toEqual({ start: 2 });
    expect(after1?.counts).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 1, archived: 0, failed: 0 });
    expect(after1?.pages).toBe(1);

    const job2 = await nextJob(source.id);
    const second = await commitPage(store.pool, {
      sourceId: source.id, jobId: job2.id, datasets: [record('a', 'A'), record('b', 'B changed')], failedRemoteIds: [],
      errors: [{ remoteId: 'c', code: 'INVALID_RECORD', message: 'no title' }], skipped: 0, cursor: null,
    });
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(second.datasetIds).toHaveLength(2);
    expect((await store.datasets.byRemoteId(source.id, 'b'))?.title).toBe('B changed');
    expect((await store.jobs.get(job2.id))?.counts).toMatchObject({ updated: 1, unchanged: 1, failed: 1 });
    expect(await store.jobs.errors(job2.id)).toMatchObject([{ remoteId: 'c', code: 'INVALID_RECORD', message: 'no title' }]);
  });

  it('archives only what a job did not see, and restores a dataset that comes back', async () => {
    const source = await store.sources.create({ name: 'T', url: 'https://example.org/t', protocol: 'ckan' });
    const job1 = await nextJob(source.id);
    await commitPage(store.pool, cleanPage(source.id, job1.id, [record('x', 'X'), record('y', 'Y'), record('z', 'Z')]));
    const job2 = await nextJob(source.id);
    // y failed to normalise this time: seen, so not archived; z vanished.
    await commitPage(store.pool, { sourceId: source.id, jobId: job2.id, datasets: [record('x', 'X')], failedRemoteIds: ['y'], errors: [{ remoteId: 'y', code: 'INVALID_RECORD', message: 'bad' }], skipped: 0, cursor: null });
    expect(await store.datasets.archiveUnseen(source.id, job2.id, 0)).toBe(1);
    expect((await store.datasets.byRemoteId(source.id, 'z'))?.status).toBe('archived');
    expect((await store.datasets.byRemoteId(source.id, 'y'))?.status).toBe('active');

    const job3 = await nextJob(source.id);
    const back = await commitPage(store.pool, cleanPage(source.id, job3.id, [record('z', 'Z')]));
    expect(back).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const z = await store.datasets.byRemoteId(source.id, 'z');
    expect(z?.status).toBe('active');
    expect(z?.archivedAt).toBeNull();
  });

  it('keeps a grace period before archiving', async () => {
    const source = await store.sources.create({ name: 'G', url: 'https://example.org/g', protocol: 'ckan' });
    const job1 = await nextJob(source.id);
    await commitPage(store.pool, cleanPage(source.id, job1.id, [record('g', 'G')]));
    const job2 = await nextJob(source.id);
    expect(await store.datasets.archiveUnseen(source.id, job2.id, 7 * 86_400_000)).toBe(0);
  });

  it('refuses a second active job for one source and hands back the active one', async () => {
    const source = await store.sources.create({ name: 'U', url: 'https://example.org/u', protocol: 'ckan' });
    const first = await store.jobs.createIfIdle(source.id);
    const second = await store.jobs.createIfIdle(source.id, 'schedule');
    expect(first.created).toBe(true);
    expect(second).toEqual({ job: first.job, created: false });
    await store.jobs.finish(first.job.id, { status: 'done', complete: true });
    expect((await store.jobs.createIfIdle(source.id)).created).toBe(true);
  });

  it('tells whether a source holds datasets another job created (when identifier drift is possible)', async () => {
    const source = await store.sources.create({ name: 'D', url: 'https://example.org/d', protocol: 'ckan' });
    const job1 = await nextJob(source.id);
    expect(await sourceHasOlderDatasets(store.pool, source.id, job1.id)).toBe(false);
    await commitPage(store.pool, cleanPage(source.id, job1.id, [record('d1', 'D1')]));
    // Its own rows do not count: a resumed first harvest still has nothing to re-attach.
    expect(await sourceHasOlderDatasets(store.pool, source.id, job1.id)).toBe(false);
    const job2 = await nextJob(source.id);
    expect(await sourceHasOlderDatasets(store.pool, source.id, job2.id)).toBe(true);
  });

  it("stores each dataset's original byte for byte, and its normalised dataset, in its own row, whatever they hold", async () => {
    const source = await store.sources.create({ name: 'O', url: 'https://example.org/o', protocol: 'csw' });
    const job = await nextJob(source.id);
    const originals = [
      '<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd">\n  <x a="1">l\'été \\ $1 &amp;</x>\n</gmd:MD_Metadata>',
      '{"id":"q","notes":"quote \\" and tab\\t","emoji":"🌿"}',
      '',
      '<s> <p> "\\u00e9t\\u00e9"@fr .\n',
    ];
    // Each title holds the next record's original, so a dataset zipped with another row's original shows.
    const titles = originals.map((_, i) => `O${i} ${originals[(i + 1) % originals.length]}`);
    const datasets = originals.map((body, i) => ({ ...record(`o${i}`, titles[i]!), rawOriginal: body }));
    await commitPage(store.pool, cleanPage(source.id, job.id, datasets));
    for (const [i, body] of originals.entries()) {
      const row = await store.datasets.byRemoteId(source.id, `o${i}`);
      expect((await store.datasets.raw(row!.id))?.body).toBe(body);
      expect(row!.data.title).toEqual([{ value: titles[i], lang: 'fr' }]);
    }
  });

  it('commits pages of any size through a few prepared statements, one per power of two', async () => {
    const source = await store.sources.create({ name: 'Sizes', url: 'https://sizes.example.org', protocol: 'ckan' });
    const job = await nextJob(source.id);
    // One connection, so that its prepared statements can be listed.
    const pool = createPool(url, 1);
    try {
      const page = (ids: string[], unchanged: string[] = []) =>
        commitPage(pool, cleanPage(source.id, job.id, ids.map((id) => record(id, `T ${id}`)), { unchangedRemoteIds: unchanged }));
      const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `s${from + i}`);
      expect(await page(ids(0, 3))).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      expect(await page(ids(3, 5))).toMatchObject({ created: 5 });
      expect(await page([...ids(0, 2), ...ids(8, 4)])).toMatchObject({ created: 4, unchanged: 2 });
      expect(await page(ids(12, 1))).toMatchObject({ created: 1 });
      expect(await page([], ids(0, 3))).toMatchObject({ created: 0, unchanged: 3 });

      const { rows: stored } = await pool.query<{ remote_id: string; raw_original: string; title: string }>(
        'SELECT remote_id, raw_original, data->\'title\'->0->>\'value\' AS title FROM datasets WHERE source_id = $1 ORDER BY remote_id',
        [source.id],
      );
      // Every dataset once, its original and data from its own slot; none from the NULL slots.
      expect(stored.map((r) => r.remote_id).sort()).toEqual(ids(0, 13).sort());
      for (const row of stored) expect(row).toMatchObject({ raw_original: `{"id":"${row.remote_id}"}`, title: `T ${row.remote_id}` });
      const { rows: prepared } = await pool.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name LIKE 'moisson_commit_page_%' ORDER BY name");
      expect(prepared.map((p) => p.name)).toEqual(['moisson_commit_page_0', 'moisson_commit_page_1', 'moisson_commit_page_4', 'moisson_commit_page_8']);
    } finally {
      await pool.end();
    }
  });

  it('commits a page too large for a parameter per dataset as two arrays', async () => {
    const source = await store.sources.create({ name: 'Large', url: 'https://large.example.org', protocol: 'oai-pmh' });
    const job = await nextJob(source.id);
    const pool = createPool(url, 1);
    try {
      // 16,385 datasets round up to 32,768 slots: twice that is more parameters than a statement has.
      const datasets = Array.from({ length: 16_385 }, (_, i) => record(`l${i}`, `L ${i}`));
      expect(await commitPage(pool, cleanPage(source.id, job.id, datasets))).toMatchObject({ created: 16_385 });
      const { rows } = await pool.query<{ n: string; raw: string; title: string }>(
        `SELECT count(*) AS n, max(raw_original) FILTER (WHERE remote_id = 'l16384') AS raw, max(data->'title'->0->>'value') FILTER (WHERE remote_id = 'l16384') AS title FROM datasets WHERE source_id = $1`,
        [source.id],
      );
      expect(rows[0]).toEqual({ n: '16385', raw: '{"id":"l16384"}', title: 'L 16384' });
      const { rows: prepared } = await pool.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name LIKE 'moisson_commit_page_%'");
      expect(prepared.map((p) => p.name)).toEqual(['moisson_commit_page_arrays']);
    } finally {
      await pool.end();
    }
  });

  it('applies migrations once', async () => {
    expect(await migrate(store.pool)).toEqual([]);
  });

  it('runs its statements without JIT compilation (it cost more than the page statements past ~110k rows)', async () => {
    const { rows } = await store.pool.query<{ jit: string }>('SHOW jit');
    expect(rows[0]?.jit).toBe('off');
  });
});
