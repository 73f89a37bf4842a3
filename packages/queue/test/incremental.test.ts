import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnyHarvester } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { planRun, runHarvest, type RunOptions } from '@moisson/queue';
import type { JobRow, SourceRow, Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { serveConditionally } from '../../../test/support/conditional.js';
import { makePackages, servePackages, type CkanSite } from '../../../harvesters/ckan/test/support.js';

/** CKAN declares it honours `modifiedSince` (the harvester itself will say so once its owner adopts the flag). */
const ckan: AnyHarvester = { ...ckanHarvester, incremental: true };
const DAY = 86_400_000;

describe('planRun', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const base = { harvesterIncremental: true, config: {}, now };

  it('runs full without a complete full run, when the protocol cannot, or when the config forbids it', () => {
    expect(planRun({ ...base, lastCompleteStart: null, lastFullStart: null })).toMatchObject({ mode: 'full', reason: 'no complete full run yet' });
    expect(planRun({ ...base, harvesterIncremental: false, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-09T00:00:00Z' }).mode).toBe('full');
    expect(planRun({ ...base, config: { incremental: false }, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-09T00:00:00Z' })).toMatchObject({
      mode: 'full',
      reason: 'the source config says incremental: false',
    });
  });

  it('asks for changes since the last complete run minus an hour, while the last full run is young enough', () => {
    expect(planRun({ ...base, lastCompleteStart: '2025-03-09T02:00:00.000Z', lastFullStart: '2025-03-05T02:00:00.000Z' })).toEqual({
      mode: 'incremental',
      modifiedSince: '2025-03-09T01:00:00.000Z',
      reason: 'records modified since 2025-03-09T01:00:00.000Z',
    });
  });

  it('runs full again once the last full run is fullEveryDays old (7 by default)', () => {
    expect(planRun({ ...base, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-03T12:00:00Z' }).mode).toBe('full');
    expect(planRun({ ...base, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-03T12:00:01Z' }).mode).toBe('incremental');
    expect(planRun({ ...base, config: { fullEveryDays: 1 }, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-09T12:00:01Z' }).mode).toBe('incremental');
    expect(planRun({ ...base, config: { fullEveryDays: 1 }, lastCompleteStart: '2025-03-09T00:00:00Z', lastFullStart: '2025-03-09T12:00:00Z' }).mode).toBe('full');
  });
});

let store: Store;
let drop: () => Promise<void>;
const server = new FixtureServer();
let site: CkanSite;
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  site = serveConditionally(server, (s) => servePackages(s, []));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await drop?.();
});
beforeEach(() => {
  site.fail = undefined;
});

async function run(source: SourceRow, options: RunOptions = {}): Promise<JobRow> {
  const { job } = await store.jobs.createIfIdle(source.id);
  const started = await store.jobs.start(job.id);
  await runHarvest(store, ckan, source, started!, http(), { archiveGraceMs: 0, ...options });
  return (await store.jobs.get(job.id))!;
}

const searches = () => server.requests.filter((r) => r.url.pathname === '/api/3/action/package_search');

describe('incremental runs (CKAN through the runner)', () => {
  it('asks only for what changed since the last complete run, reports requests and bytes, and never archives', async () => {
    site.packages = makePackages(12);
    const source = await store.sources.create({ name: 'Inc', url: server.url, protocol: 'ckan', config: { pageSize: 5 } });
    const first = await run(source, { conditional: false });
    expect(first).toMatchObject({ mode: 'full', modifiedSince: null, complete: true, pages: 3, requests: 3 });
    expect(first.counts).toEqual({ created: 12, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    expect(first.bytes).toBeGreaterThan(5000);

    // One dataset edited now, one deleted at the source.
    site.packages = makePackages(12).filter((p) => p['name'] !== 'dataset-0003');
    const edited = site.packages[7]!;
    edited['title'] = 'Edited title';
    edited['metadata_modified'] = new Date().toISOString().replace('Z', '');
    server.requests.length = 0;
    const second = await run(source, { conditional: false });
    expect(second).toMatchObject({ mode: 'incremental', complete: true, pages: 1, requests: 1 });
    expect(new Date(second.modifiedSince!).getTime()).toBe(new Date(first.startedAt!).getTime() - 3600_000);
    expect(second.counts).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    expect(searches()[0]?.url.searchParams.get('fq')).toBe(`+metadata_modified:[${new Date(second.modifiedSince!).toISOString()} TO *]`);
    expect((await store.datasets.byRemoteId(source.id, String(edited['id'])))?.title).toBe('Edited title');
    // The deleted dataset is still active: only a full listing can tell it is gone.
    expect((await store.datasets.byRemoteId(source.id, '00000000-0000-4000-8000-000000000003'))?.status).toBe('active');

    // Eight days later the last full run is too old: a full run, which archives it.
    const third = await run(source, { conditional: false, now: () => new Date(Date.now() + 8 * DAY), timeoutMs: 10 * DAY });
    expect(third).toMatchObject({ mode: 'full', complete: true });
    expect(third.counts).toMatchObject({ unchanged: 11, archived: 1 });
    expect((await store.datasets.byRemoteId(source.id, '00000000-0000-4000-8000-000000000003'))?.status).toBe('archived');
  });

  it('keeps the mode decided at the first start when a run is resumed', async () => {
    site.packages = makePackages(3);
    const source = await store.sources.create({ name: 'Keep', url: server.url, protocol: 'ckan', config: { pageSize: 5 } });
    const { job } = await store.jobs.createIfIdle(source.id);
    await store.jobs.setPlan(job.id, { mode: 'incremental', modifiedSince: '2020-01-01T00:00:00.000Z' });
    expect(await store.jobs.setPlan(job.id, { mode: 'full' })).toMatchObject({ mode: 'incremental', modifiedSince: new Date('2020-01-01T00:00:00.000Z') });
  });
});
