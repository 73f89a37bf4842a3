import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { runHarvest } from '@moisson/queue';
import type { JobRow, SourceRow, Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { serveConditionally } from '../../../test/support/conditional.js';
import { makePackages, servePackages, type CkanSite } from '../../../harvesters/ckan/test/support.js';

let store: Store;
let drop: () => Promise<void>;
const server = new FixtureServer();
let site: CkanSite;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  site = serveConditionally(server, (s) => servePackages(s, []));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await drop?.();
});

async function run(source: SourceRow): Promise<JobRow> {
  const { job } = await store.jobs.createIfIdle(source.id);
  const started = await store.jobs.start(job.id);
  await runHarvest(store, ckanHarvester, source, started!, new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 }), { archiveGraceMs: 0 });
  return (await store.jobs.get(job.id))!;
}

function searchesSince(mark: number) {
  return server.requests.slice(mark).filter((r) => r.url.pathname === '/api/3/action/package_search');
}

describe('conditional GET through the runner (CKAN with ETags)', () => {
  it('re-harvests an unchanged source with 304s only, replays a changed page alone, and still archives', async () => {
    site.packages = makePackages(12);
    const source = await store.sources.create({ name: 'Cond', url: server.url, protocol: 'ckan', config: { pageSize: 5, incremental: false } });

    let mark = server.requests.length;
    const first = await run(source);
    expect(first).toMatchObject({ mode: 'full', complete: true, pages: 3, requests: 3, notModified: 0 });
    expect(searchesSince(mark).map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined, undefined]);
    const stored = await store.pageValidators.forSource(source.id);
    expect([...stored.values()].map((v) => [v.cursorBefore, v.remoteIds.length, v.next]).sort((a, b) => String(a[0]).length - String(b[0]).length)).toEqual([
      ['null', 5, { start: 5 }],
      ['{"start":5}', 5, { start: 10 }],
      ['{"start":10}', 2, null],
    ]);
    // The server's ETags are what validate these pages: no body digest is kept beside them.
    expect([...stored.values()].map((v) => [Boolean(v.etag), v.bodyDigest])).toEqual([[true, undefined], [true, undefined], [true, undefined]]);
    const before = await store.datasets.byRemoteId(source.id, '00000000-0000-4000-8000-000000000004');

    // Unchanged: three conditional requests, three 304s, no body read, nothing rewritten.
    mark = server.requests.length;
    const second = await run(source);
    expect(second).toMatchObject({ mode: 'full', complete: true, pages: 3, requests: 3, bytes: 0, notModified: 3 });
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 12, skipped: 0, archived: 0, failed: 0 });
    expect(searchesSince(mark).every((r) => /^"[0-9a-f]{16}"$/.test(String(r.headers['if-none-match'])))).toBe(true);
    const after = await store.datasets.byRemoteId(source.id, '00000000-0000-4000-8000-000000000004');
    expect(after?.lastChanged).toEqual(before?.lastChanged);
    expect(new Date(after!.lastSeen).getTime()).toBeGreaterThan(new Date(before!.lastSeen).getTime());

    // One dataset of the second page edited: only that page is read and written.
    site.packages[6]!['title'] = 'Edited';
    mark = server.requests.length;
    const third = await run(source);
    expect(third).toMatchObject({ complete: true, pages: 3, requests: 3, notModified: 2 });
    expect(third.counts).toEqual({ created: 0, updated: 1, unchanged: 11, skipped: 0, archived: 0, failed: 0 });
    expect(searchesSince(mark).map((r) => r.url.searchParams.get('start'))).toEqual(['0', '5', '10']);

    // The first dataset deleted: every page shifts, all are read again, and it is archived.
    site.packages = site.packages.slice(1);
    const fourth = await run(source);
    expect(fourth).toMatchObject({ complete: true, pages: 3, notModified: 0 });
    expect(fourth.counts).toEqual({ created: 0, updated: 0, unchanged: 11, skipped: 0, archived: 1, failed: 0 });
    expect((await store.datasets.byRemoteId(source.id, '00000000-0000-4000-8000-000000000000'))?.status).toBe('archived');
  });

  it('does not remember a page that held an item error: it is read in full every time', async () => {
    site.packages = makePackages(3);
    site.packages[1]!['title'] = '';
    site.packages[1]!['name'] = '';
    const source = await store.sources.create({ name: 'Cond err', url: server.url, protocol: 'ckan', config: { pageSize: 5, incremental: false } });
    const first = await run(source);
    expect(first.counts.failed).toBe(1);
    expect((await store.pageValidators.forSource(source.id)).size).toBe(0);
    const second = await run(source);
    expect(second).toMatchObject({ notModified: 0, requests: 1 });
    expect(second.counts).toMatchObject({ unchanged: 2, failed: 1 });
  });
});
