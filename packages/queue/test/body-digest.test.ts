import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { dcatHarvester } from '@moisson/harvester-dcat';
import { cswHarvester } from '@moisson/harvester-csw';
import type { AnyHarvester, Http, HttpResponse, Page, SourceSpec } from '@moisson/core';
import { ConditionalHttp, PageNotModified, runHarvest, type RunOptions } from '@moisson/queue';
import type { JobRow, PageValidator, SourceRow, Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { makePackages, servePackages, type CkanSite } from '../../../harvesters/ckan/test/support.js';
import { turtlePage } from '../../../bench/generate/dcat.js';
import { cswRoutes, CSW_PATH } from '../../../bench/generate/csw.js';
import { settingsDigest } from '../src/input-hash.js';

let store: Store;
let drop: () => Promise<void>;
const server = new FixtureServer();
let site: CkanSite;

/** A udata-like Turtle catalogue, Hydra-paged, without ETag or Last-Modified; `edit` rewrites one page's body. */
const dcat = { size: 12, pageSize: 5, edit: undefined as ((page: number, body: string) => string) | undefined };
const DCAT_PATH = '/catalog.ttl';
let cswEdit: ((body: string) => string) | undefined;
/** A second CSW whose handling of `apiso:Modified` a test sets, and the GetRecords bodies it was sent. */
const CSW_MODIFIED_PATH = '/csw-modified';
const cswModified = { behaviour: { honourModified: true }, requests: [] as string[] };

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  site = servePackages(server, []);
  // GetRecords by POST (the CSW harvester's default), ISO records, no ETag; `cswEdit` rewrites a page's body.
  const csw = cswRoutes(7)[CSW_PATH]!;
  server.route(CSW_PATH, (request) => {
    const reply = csw(request);
    return cswEdit ? { ...reply, body: cswEdit(String(reply.body)) } : reply;
  });
  const modified = cswRoutes(7, cswModified.behaviour)[CSW_PATH]!;
  server.route(CSW_MODIFIED_PATH, (request) => {
    cswModified.requests.push(String(request.body));
    return modified(request);
  });
  server.route(DCAT_PATH, (request) => {
    const page = Number(request.url.searchParams.get('page') ?? 1);
    const pageSize = Number(request.url.searchParams.get('page_size') ?? dcat.pageSize);
    const body = turtlePage(server.at(DCAT_PATH), dcat.size, page, pageSize);
    return { headers: { 'content-type': 'text/turtle; charset=utf-8' }, body: dcat.edit?.(page, body) ?? body };
  });
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await drop?.();
});

const client = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

/** The harvester, recording the URL of every page it produced (parsed), and every record it normalised. */
function spied(harvester: AnyHarvester) {
  const produced: string[] = [];
  const normalised: number[] = [];
  const spy: AnyHarvester = {
    ...harvester,
    async *pages(spec, cursor, http) {
      for await (const page of harvester.pages(spec, cursor, http) as AsyncIterable<Page<unknown>>) {
        produced.push(page.url);
        yield page;
      }
    },
    normalise(raw, ctx) {
      normalised.push(1);
      return harvester.normalise(raw, ctx);
    },
  };
  return { spy, produced, normalised };
}

async function run(harvester: AnyHarvester, source: SourceRow, options: RunOptions = {}): Promise<JobRow> {
  const { job } = await store.jobs.createIfIdle(source.id);
  const started = await store.jobs.start(job.id);
  await runHarvest(store, harvester, source, started!, client(), { archiveGraceMs: 0, ...options });
  return (await store.jobs.get(job.id))!;
}

/** Every dataset row of a source with its row version (`xmin`): equal snapshots, nothing rewritten. */
async function snapshot(sourceId: string): Promise<unknown[]> {
  const { rows } = await store.pool.query('SELECT xmin::text AS version, * FROM datasets WHERE source_id = $1 ORDER BY remote_id', [sourceId]);
  return rows;
}

async function validators(sourceId: string): Promise<PageValidator[]> {
  return [...(await store.pageValidators.forSource(sourceId)).values()].sort((a, b) => a.cursorBefore.length - b.cursorBefore.length || a.cursorBefore.localeCompare(b.cursorBefore));
}

describe('pages remembered by their body digest (no ETag, no Last-Modified)', () => {
  it('CKAN: an unchanged re-harvest replays every page unparsed, a changed page is read, a config change reads all', async () => {
    site.packages = makePackages(12);
    const source = await store.sources.create({ name: 'Digest CKAN', url: server.url, protocol: 'ckan', config: { pageSize: 5, incremental: false } });
    const first = spied(ckanHarvester);
    expect(await run(first.spy, source)).toMatchObject({ complete: true, pages: 3, notModified: 0, counts: { created: 12 } });
    const stored = await validators(source.id);
    expect(stored.map((v) => [v.cursorBefore, v.remoteIds.length, v.next, v.etag, v.lastModified])).toEqual([
      ['null', 5, { start: 5 }, undefined, undefined],
      ['{"start":5}', 5, { start: 10 }, undefined, undefined],
      ['{"start":10}', 2, null, undefined, undefined],
    ]);
    expect(stored.every((v) => /^[\w-]{43}$/.test(v.bodyDigest ?? ''))).toBe(true);
    const rows = await snapshot(source.id);

    // Unchanged: the three pages are downloaded (no conditional header), none is parsed.
    const searches = site.searches.length;
    const second = spied(ckanHarvester);
    const again = await run(second.spy, source);
    expect(again).toMatchObject({ complete: true, pages: 3, requests: 3, notModified: 3 });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 12, skipped: 0, archived: 0, failed: 0 });
    expect(second.produced).toEqual([]);
    expect(second.normalised).toEqual([]);
    expect(site.searches.slice(searches).map((u) => u.searchParams.get('start'))).toEqual(['0', '5', '10']);
    expect(await snapshot(source.id)).toEqual(rows);
    expect(await validators(source.id)).toEqual(stored);

    // One dataset of the middle page edited: that page alone is parsed, and its change lands.
    site.packages[6]!['title'] = 'Edited';
    const third = spied(ckanHarvester);
    const edited = await run(third.spy, source);
    expect(edited).toMatchObject({ complete: true, pages: 3, notModified: 2 });
    expect(edited.counts).toEqual({ created: 0, updated: 1, unchanged: 11, skipped: 0, archived: 0, failed: 0 });
    expect(third.produced).toHaveLength(1);
    expect((await store.datasets.byRemoteId(source.id, String(site.packages[6]!['id'])))?.title).toBe('Edited');
    const middle = (await validators(source.id))[1]!;
    expect(middle.bodyDigest).not.toBe(stored[1]!.bodyDigest);

    // A source setting that normalise sees changes every digest: every page is parsed again.
    const reconfigured = (await store.sources.update(source.id, { config: { pageSize: 5, incremental: false, language: 'fr' } }))!;
    const fourth = spied(ckanHarvester);
    expect(await run(fourth.spy, reconfigured)).toMatchObject({ complete: true, pages: 3, notModified: 0 });
    expect(fourth.produced).toHaveLength(3);

    // Another page size: other URLs and cursors. The complete run forgets the pages it no
    // longer lists, instead of keeping a row per page and run behind.
    const repaged = (await store.sources.update(source.id, { config: { pageSize: 4, incremental: false, language: 'fr' } }))!;
    expect(await run(ckanHarvester, repaged)).toMatchObject({ complete: true, pages: 3, notModified: 0 });
    expect((await validators(source.id)).map((v) => [v.cursorBefore, new URL(v.url).searchParams.get('rows')])).toEqual([
      ['null', '4'],
      ['{"start":4}', '4'],
      ['{"start":8}', '4'],
    ]);
    // Replayed pages are kept by the same rule.
    expect(await run(ckanHarvester, repaged)).toMatchObject({ complete: true, pages: 3, notModified: 3 });
    expect(await validators(source.id)).toHaveLength(3);
    expect(await run(ckanHarvester, repaged)).toMatchObject({ complete: true, pages: 3, notModified: 3 });
  });

  it('CKAN incremental: pages asked with a moving since are neither digested nor looked up', async () => {
    site.packages = makePackages(7);
    const source = await store.sources.create({ name: 'Digest CKAN incremental', url: server.url, protocol: 'ckan', config: { pageSize: 5 } });
    expect(await run(ckanHarvester, source)).toMatchObject({ mode: 'full', complete: true, pages: 2 });
    const full = await validators(source.id);
    expect(full).toHaveLength(2);
    const searches = site.searches.length;
    const finds = vi.spyOn(store.pageValidators, 'find');
    let lookedUp: number;
    try {
      const incremental = await run(ckanHarvester, source);
      expect(incremental).toMatchObject({ mode: 'incremental', complete: true, notModified: 0 });
    } finally {
      lookedUp = finds.mock.calls.length;
      finds.mockRestore();
    }
    expect(lookedUp).toBe(0);
    expect(site.searches.slice(searches).every((u) => u.searchParams.get('fq')?.includes('metadata_modified'))).toBe(true);
    expect(await validators(source.id)).toEqual(full);
  });

  it('DCAT Turtle with Hydra paging: an unchanged re-harvest parses nothing; an edited page is parsed; new code reads all', async () => {
    dcat.edit = undefined;
    const url = `${server.at(DCAT_PATH)}?page=1&page_size=${dcat.pageSize}`;
    const source = await store.sources.create({ name: 'Digest DCAT', url, protocol: 'dcat', config: {} });
    const code = { codeFingerprint: 'build-1' };
    const first = spied(dcatHarvester as AnyHarvester);
    expect(await run(first.spy, source, code)).toMatchObject({ complete: true, pages: 3, notModified: 0, counts: { created: 12, failed: 0 } });
    const stored = await validators(source.id);
    expect(stored.map((v) => [v.url, v.remoteIds.length, v.next])).toEqual([
      [url, 5, { url: `${server.at(DCAT_PATH)}?page=2&page_size=5` }],
      [`${server.at(DCAT_PATH)}?page=2&page_size=5`, 5, { url: `${server.at(DCAT_PATH)}?page=3&page_size=5` }],
      [`${server.at(DCAT_PATH)}?page=3&page_size=5`, 2, null],
    ]);
    const rows = await snapshot(source.id);

    const second = spied(dcatHarvester as AnyHarvester);
    const again = await run(second.spy, source, code);
    expect(again).toMatchObject({ complete: true, pages: 3, requests: 3, notModified: 3 });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 12, skipped: 0, archived: 0, failed: 0 });
    expect(second.produced).toEqual([]);
    expect(await snapshot(source.id)).toEqual(rows);

    // The last page edited: the first two are replayed, the third parsed, the edit stored.
    dcat.edit = (page, body) => (page === 3 ? body.replace('"Jeu de données 11"@fr', '"Jeu de données 11, corrigé"@fr') : body);
    const third = spied(dcatHarvester as AnyHarvester);
    const edited = await run(third.spy, source, code);
    expect(edited).toMatchObject({ complete: true, pages: 3, notModified: 2 });
    expect(edited.counts).toEqual({ created: 0, updated: 1, unchanged: 11, skipped: 0, archived: 0, failed: 0 });
    expect(third.produced).toEqual([`${server.at(DCAT_PATH)}?page=3&page_size=5`]);
    const changed = await store.pool.query<{ title: string }>("SELECT title FROM datasets WHERE source_id = $1 AND title LIKE '%corrigé%'", [source.id]);
    expect(changed.rows.map((r) => r.title)).toEqual(['Jeu de données 11, corrigé']);

    // Another build of moisson: no digest matches, every page is parsed (and remembered anew).
    const fourth = spied(dcatHarvester as AnyHarvester);
    expect(await run(fourth.spy, source, { codeFingerprint: 'build-2' })).toMatchObject({ complete: true, pages: 3, notModified: 0 });
    expect(fourth.produced).toHaveLength(3);
    const fifth = spied(dcatHarvester as AnyHarvester);
    expect(await run(fifth.spy, source, { codeFingerprint: 'build-2' })).toMatchObject({ complete: true, pages: 3, notModified: 3 });
    expect(fifth.produced).toEqual([]);
  });

  it('CSW GetRecords by POST: an unchanged re-harvest parses nothing, an edited page is parsed', async () => {
    const source = await store.sources.create({ name: 'Digest CSW', url: server.at(CSW_PATH), protocol: 'csw', config: { pageSize: 3, incremental: false } });
    const first = spied(cswHarvester as AnyHarvester);
    expect(await run(first.spy, source)).toMatchObject({ complete: true, pages: 3, notModified: 0, counts: { created: 7, failed: 0 } });
    const stored = await validators(source.id);
    expect(stored.map((v) => [v.url, v.cursorBefore, v.remoteIds.length, v.next])).toEqual([
      [server.at(CSW_PATH), 'null', 3, { start: 4 }],
      [server.at(CSW_PATH), '{"start":4}', 3, { start: 7 }],
      [server.at(CSW_PATH), '{"start":7}', 1, null],
    ]);
    expect(stored.every((v) => /^[\w-]{43}$/.test(v.bodyDigest ?? ''))).toBe(true);
    const rows = await snapshot(source.id);

    const second = spied(cswHarvester as AnyHarvester);
    const again = await run(second.spy, source);
    expect(again).toMatchObject({ complete: true, pages: 3, requests: 3, notModified: 3 });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 7, skipped: 0, archived: 0, failed: 0 });
    expect(second.produced).toEqual([]);
    expect(await snapshot(source.id)).toEqual(rows);

    // Every page's body edited the same way: none is replayed, each is parsed and its records updated.
    cswEdit = (body) => body.replace(/ZNIEFF de type 1, secteur (\d+)/g, 'ZNIEFF de type 1 (révisée), secteur $1');
    try {
      const third = spied(cswHarvester as AnyHarvester);
      const edited = await run(third.spy, source);
      expect(edited).toMatchObject({ complete: true, pages: 3, notModified: 0 });
      expect(third.produced).toHaveLength(3);
      expect(edited.counts.updated).toBe(7);
    } finally {
      cswEdit = undefined;
    }
  });

  it('CSW incremental against a server that ignores apiso:Modified: the same pages come back and are replayed unparsed', async () => {
    cswModified.behaviour.honourModified = false;
    const source = await store.sources.create({ name: 'Digest CSW ignoring Modified', url: server.at(CSW_MODIFIED_PATH), protocol: 'csw', config: { pageSize: 3 } });
    expect(await run(cswHarvester as AnyHarvester, source)).toMatchObject({ mode: 'full', complete: true, pages: 3, counts: { created: 7, failed: 0 } });
    const rows = await snapshot(source.id);
    cswModified.requests.length = 0;
    const second = spied(cswHarvester as AnyHarvester);
    const again = await run(second.spy, source);
    expect(again).toMatchObject({ mode: 'incremental', complete: true, pages: 3, requests: 3, notModified: 3 });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 7, skipped: 0, archived: 0, failed: 0 });
    expect(second.produced).toEqual([]);
    expect(await snapshot(source.id)).toEqual(rows);
    // The run did ask for what changed since the first one: the server is what ignored it.
    expect(cswModified.requests).toHaveLength(3);
    expect(cswModified.requests.every((body) => body.includes('apiso:Modified'))).toBe(true);
  });

  it('CSW incremental against a server that honours apiso:Modified: its short answer replaces no page of the full listing wrongly', async () => {
    cswModified.behaviour.honourModified = true;
    const source = await store.sources.create({ name: 'Digest CSW honouring Modified', url: server.at(CSW_MODIFIED_PATH), protocol: 'csw', config: { pageSize: 3 } });
    expect(await run(cswHarvester as AnyHarvester, source)).toMatchObject({ mode: 'full', complete: true, pages: 3, counts: { created: 7 } });
    // Nothing changed since: one empty page, parsed (its body is not the full listing's first page).
    const incremental = spied(cswHarvester as AnyHarvester);
    expect(await run(incremental.spy, source)).toMatchObject({ mode: 'incremental', complete: true, pages: 1, notModified: 0 });
    expect(incremental.produced).toHaveLength(1);
    // A full run then reads the first page again (its stored digest is the empty answer's) and replays the other two.
    const full = spied(cswHarvester as AnyHarvester);
    const job = await run(full.spy, source, { mode: 'full' });
    expect(job).toMatchObject({ mode: 'full', complete: true, pages: 3, notModified: 2 });
    expect(job.counts).toEqual({ created: 0, updated: 0, unchanged: 7, skipped: 0, archived: 0, failed: 0 });
    expect(full.produced).toHaveLength(1);
  });

  it('still archives what vanished from a parsed page while the pages before it are replayed', async () => {
    dcat.edit = undefined;
    const url = `${server.at(DCAT_PATH)}?page=1&page_size=${dcat.pageSize}`;
    const source = await store.sources.create({ name: 'Digest DCAT shrink', url, protocol: 'dcat', config: {} });
    await run(dcatHarvester as AnyHarvester, source);
    // The last dataset (alone with its nodes at the end of page 3) is gone from the catalogue.
    dcat.edit = (page, body) => (page === 3 ? body.slice(0, body.search(/<https:\/\/data\.example\.fr\/datasets\/0*11\/> a dcat:Dataset/)) : body);
    try {
      const job = await run(dcatHarvester as AnyHarvester, source);
      expect(job).toMatchObject({ complete: true, pages: 3, notModified: 2 });
      expect(job.counts).toMatchObject({ created: 0, updated: 0, unchanged: 11, archived: 1, failed: 0 });
      const archived = await store.pool.query<{ title: string }>("SELECT title FROM datasets WHERE source_id = $1 AND status = 'archived'", [source.id]);
      expect(archived.rows.map((r) => r.title)).toEqual(['Jeu de données 11']);
    } finally {
      dcat.edit = undefined;
    }
  });
});

describe('a streamed page through ConditionalHttp', () => {
  const settings = settingsDigest(dcatHarvester as AnyHarvester, { source: { id: 's', name: 's', url: 'u' }, config: {}, filters: [], harvestedAt: '' }, []);
  const spec = (url: string): SourceSpec => ({ id: 's', name: 's', url, filters: [], config: {} });

  async function harvest(http: ConditionalHttp, url: string): Promise<{ ids: string[]; validator?: ReturnType<ConditionalHttp['validatorsFor']> }> {
    http.beginPage(null);
    const ids: string[] = [];
    let validator: ReturnType<ConditionalHttp['validatorsFor']>;
    for await (const page of dcatHarvester.pages(spec(url), null, http)) {
      ids.push(...page.records.map((r) => r.remoteId ?? '?'));
      validator ??= http.validatorsFor(page.url);
    }
    return { ids, validator };
  }

  it('is compared when it fits under the cap, and harvested whole from the buffered chunks and the rest when it does not', async () => {
    dcat.edit = undefined;
    const url = `${server.at(DCAT_PATH)}?page=1&page_size=80`;
    dcat.size = 80;
    try {
      const plain = await harvest(new ConditionalHttp(client(), undefined, { settings }), url);
      expect(plain.ids).toHaveLength(80);
      expect(new Set(plain.ids).size).toBe(80);
      const digest = plain.validator?.bodyDigest;
      expect(digest).toMatch(/^[\w-]{43}$/);
      const stored: PageValidator = { url, cursorBefore: 'null', bodyDigest: digest!, remoteIds: plain.ids, skipped: 0, next: null };
      const find = async (u: string, before: string) => (u === url && before === 'null' ? stored : undefined);

      // Under the default cap: read ahead, compared, replayed.
      const fits = new ConditionalHttp(client(), find, { settings });
      await expect(harvest(fits, url)).rejects.toBeInstanceOf(PageNotModified);
      expect(fits.takeNotModified()).toBe(stored);

      // The body (about 150 KB) over a 16 KB cap: not compared before parsing, but parsed whole
      // and remembered with the same digest.
      const over = new ConditionalHttp(client(), find, { settings, maxBufferedBytes: 16 * 1024 });
      const whole = await harvest(over, url);
      expect(whole.ids).toEqual(plain.ids);
      expect(whole.validator).toEqual({ url, bodyDigest: digest });
      expect(over.takeNotModified()).toBeUndefined();

      // A changed body under the cap: handed over whole from the buffer, with its new digest.
      dcat.edit = (_page, body) => body.replace('"Dataset 79"@en', '"Dataset 79, corrected"@en');
      const changed = await harvest(new ConditionalHttp(client(), find, { settings }), url);
      expect(changed.ids).toEqual(plain.ids);
      expect(changed.validator?.bodyDigest).toMatch(/^[\w-]{43}$/);
      expect(changed.validator?.bodyDigest).not.toBe(digest);
    } finally {
      dcat.size = 12;
      dcat.edit = undefined;
    }
  });

  it('keeps the client byte limit while reading ahead', async () => {
    const url = `${server.at(DCAT_PATH)}?page=1&page_size=5`;
    const find = async () => ({ url, cursorBefore: 'null', bodyDigest: 'x', remoteIds: [], skipped: 0, next: null });
    const small = new ConditionalHttp(new HttpClient({ guard: new AddressGuard(['127.0.0.1']), maxBytes: 1000 }), find, { settings });
    small.beginPage(null);
    await expect(small.stream(url)).rejects.toThrow(/1000-byte limit/);
  });
});

describe('a page answered whole (GET or POST) through ConditionalHttp', () => {
  const settings = settingsDigest(cswHarvester as AnyHarvester, { source: { id: 's', name: 's', url: 'u' }, config: {}, filters: [], harvestedAt: '' }, []);
  const request = '<csw:GetRecords/>';

  /** The client, counting how often a response's text is read (decoded). */
  function counting(): { http: Http; decoded: () => number } {
    const inner = client();
    let reads = 0;
    const watch = (response: HttpResponse): HttpResponse => {
      const descriptor = Object.getOwnPropertyDescriptor(response, 'body')!;
      Object.defineProperty(response, 'body', { get: () => (reads++, descriptor.get!.call(response)) });
      return response;
    };
    const http: Http = {
      get: async (url, options) => watch(await inner.get(url, options)),
      post: async (url, body, type, options) => watch(await inner.post(url, body, type, options)),
      stream: (url, options) => inner.stream(url, options),
    };
    return { http, decoded: () => reads };
  }

  it('is known from its bytes: a replayed page is never decoded, a changed one is decoded once by the harvester', async () => {
    const url = server.at(CSW_PATH);
    const first = counting();
    const plain = new ConditionalHttp(first.http, undefined, { settings });
    plain.beginPage(null);
    const answer = await plain.post(url, request, 'application/xml');
    expect(answer.bytes?.byteLength).toBeGreaterThan(1000);
    expect(first.decoded()).toBe(0);
    expect(answer.body).toContain('GetRecordsResponse');
    expect(first.decoded()).toBe(1);
    const digest = plain.validatorsFor(url)?.bodyDigest;
    expect(digest).toMatch(/^[\w-]{43}$/);

    const stored: PageValidator = { url, cursorBefore: 'null', bodyDigest: digest!, remoteIds: ['a'], skipped: 0, next: null };
    const again = counting();
    const known = new ConditionalHttp(again.http, async () => stored, { settings });
    known.beginPage(null);
    await expect(known.post(url, request, 'application/xml')).rejects.toBeInstanceOf(PageNotModified);
    expect(known.takeNotModified()).toBe(stored);
    expect(again.decoded()).toBe(0);

    cswEdit = (body) => body.replace(/ZNIEFF de type 1, secteur (\d+)/g, 'ZNIEFF de type 1 (révisée), secteur $1');
    try {
      const edited = counting();
      const changed = new ConditionalHttp(edited.http, async () => stored, { settings });
      changed.beginPage(null);
      const response = await changed.post(url, request, 'application/xml');
      expect(response.body).toContain('(révisée)');
      expect(edited.decoded()).toBe(1);
      expect(changed.validatorsFor(url)?.bodyDigest).not.toBe(digest);
    } finally {
      cswEdit = undefined;
    }
  });
});
