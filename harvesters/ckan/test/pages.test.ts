import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PageFetchError, ProtocolError, SourceConfigError, type Cursor, type Filter, type Page, type SourceSpec } from '@moisson/core';
import { HttpClient, AddressGuard } from '@moisson/http';
import { ckanHarvester, type CkanConfig, type CkanPackage } from '@moisson/harvester-ckan';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { fixtureText } from './fixtures.js';
import { makePackages, servePackages } from './support.js';

const http = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
let server: FixtureServer;

beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

function source(url: string, filters: Filter[] = [], config: CkanConfig = {}, modifiedSince?: string): SourceSpec<CkanConfig> {
  return { url, filters, config, ...(modifiedSince ? { modifiedSince } : {}) };
}

async function collect(spec: SourceSpec<CkanConfig>, cursor: Cursor | null = null): Promise<Page<CkanPackage>[]> {
  const pages: Page<CkanPackage>[] = [];
  for await (const page of ckanHarvester.pages(spec, cursor, http)) pages.push(page);
  return pages;
}

describe('ckan pages', () => {
  it('reads package_search over several pages with rows, start, a stable sort and include_private=false', async () => {
    // Shuffled on the server: only `sort=id asc` makes `start` mean the same thing on every page.
    const site = servePackages(server, makePackages(25).reverse());
    const pages = await collect(source(server.at('/api/3/action'), [], { pageSize: 10 }));
    expect(pages.map((p) => p.records.length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => p.next)).toEqual([{ start: 10 }, { start: 20 }, null]);
    expect(pages.map((p) => p.total)).toEqual([25, 25, 25]);
    expect(pages.every((p) => p.truncated === undefined)).toBe(true);
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))[24]).toBe('00000000-0000-4000-8000-000000000024');
    expect(site.searches.map((u) => Object.fromEntries(u.searchParams))).toEqual([0, 10, 20].map((start) => ({ rows: '10', start: String(start), sort: 'id asc', include_private: 'false' })));
    const first = pages[0]!.records[0]!;
    expect(first.remoteId).toBe('00000000-0000-4000-8000-000000000000');
    expect(first.original.mediaType).toBe('application/json');
    expect(JSON.parse(first.original.body)).toEqual(first.raw);
  });

  it('keeps each package as the page wrote it (escapes, number forms, integers beyond 2^53), DKAN bare arrays too', async () => {
    const pkgA = '{"id": "a", "title": "Prairies de fauche \\u00e0 Molinie", "extras": [{"key": "surface_ha", "value": 12.50}], "num_tags": 12345678901234567890}';
    const pkgB = '{"id":"b","title":"Tourbi\\u00e8res \\"hautes\\""}';
    server.route('/api/3/action/package_search', {
      headers: { 'content-type': 'application/json' },
      body: `{"help": "https://x/api/3/action/help_show", "success": true, "result": {"count": 2, "results": [${pkgA}, ${pkgB}]}}`,
    });
    const [page] = await collect(source(server.url, [], { pageSize: 10 }));
    expect(page!.records.map((r) => r.original.body)).toEqual([pkgA, pkgB]);
    expect(page!.records[0]!.raw['title']).toBe('Prairies de fauche à Molinie');

    server.route('/api/3/action/package_search', { headers: { 'content-type': 'application/json' }, body: `{"success": true, "result": [${pkgB}]}` });
    const [dkan] = await collect(source(server.url, [], { pageSize: 10 }));
    expect(dkan!.records.map((r) => r.original.body)).toEqual([pkgB]);
  });

  it('does not ask for an empty page when count is a multiple of rows', async () => {
    const site = servePackages(server, makePackages(20));
    const pages = await collect(source(server.url, [], { pageSize: 10 }));
    expect(pages.map((p) => p.next)).toEqual([{ start: 10 }, null]);
    expect(site.searches).toHaveLength(2);
  });

  it('sends the filters as an fq with escaped values, and modifiedSince as a metadata_modified range', async () => {
    const site = servePackages(server, makePackages(30));
    const filters: Filter[] = [
      { key: 'organization', value: 'even-org', type: 'include' },
      { key: 'tags', value: 'plain', type: 'exclude' },
    ];
    const pages = await collect(source(server.url, filters, { pageSize: 4 }, '2024-01-10T00:00:00Z'));
    expect(site.searches[0]!.searchParams.get('fq')).toBe('+organization:even-org -tags:plain +metadata_modified:[2024-01-10T00:00:00.000Z TO *]');
    // even-org = even i; tag plain = i not a multiple of 3; modified on day (i % 28) + 1 >= 10.
    expect(pages.flatMap((p) => p.records.map((r) => r.raw['name']))).toEqual(['dataset-0012', 'dataset-0018', 'dataset-0024']);
  });

  it('resumes from a cursor: counts only what is left to read', async () => {
    const packages = makePackages(12);
    const site = servePackages(server, packages);
    const pages = await collect(source(server.url, [], { pageSize: 5 }), { start: 10 });
    expect(site.searches[0]!.searchParams.get('start')).toBe('10');
    expect(pages.map((p) => p.records.length)).toEqual([2]);
    expect(pages[0]!.truncated).toBeUndefined();
  });

  it('keeps paging past short pages when the count says there is more (a server capping rows)', async () => {
    servePackages(server, makePackages(7));
    server.route('/api/3/action/package_search', (request) => {
      const start = Number(request.url.searchParams.get('start'));
      const all = makePackages(7);
      return json({ success: true, result: { count: 7, results: all.slice(start, start + 3) } });
    });
    const pages = await collect(source(server.url, [], { pageSize: 5 }));
    expect(pages.map((p) => p.records.length)).toEqual([3, 3, 1]);
    expect(pages.at(-1)!.next).toBeNull();
    expect(pages.at(-1)!.truncated).toBeUndefined();
  });

  it('stops with a truncated reason when a page only repeats ids already read (start ignored)', async () => {
    server.route('/api/3/action/package_search', () => json({ success: true, result: { count: 50, results: makePackages(10) } }));
    const pages = await collect(source(server.url, [], { pageSize: 10 }));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.records).toEqual([]);
    expect(pages[1]!.next).toBeNull();
    expect(pages[1]!.truncated).toBe('package_search at start=10 only repeated 10 datasets already read: the server ignores start or sort');
  });

  it('marks the listing truncated when the count announced is never delivered', async () => {
    server.route('/api/3/action/package_search', (request) => {
      const start = Number(request.url.searchParams.get('start'));
      return json({ success: true, result: { count: 8, results: makePackages(5).slice(start, start + 5) } });
    });
    const pages = await collect(source(server.url, [], { pageSize: 5 }));
    expect(pages.map((p) => p.records.length)).toEqual([5, 0]);
    expect(pages[1]!.truncated).toBe('the remote announced 8 records but the listing ended after 5');
  });

  it('reads a DKAN answer whose result is a bare array', async () => {
    server.route('/api/3/action/package_search', (request) =>
      request.url.searchParams.get('start') === '0' ? { headers: { 'content-type': 'application/json' }, body: fixtureText('dkan-package-search.json') } : json({ success: true, result: [] }),
    );
    const pages = await collect(source(server.url, [], { pageSize: 2 }));
    expect(pages[0]!.records.map((r) => r.remoteId)).toEqual(['6c2c1b0e-4e1b-4a34-8f2d-1b7a0f9d3c21', '7d3d2c1f-5f2c-4b45-9a3e-2c8b1a0e4d32']);
    expect(pages[0]!.total).toBeUndefined();
    expect(pages.at(-1)!.next).toBeNull();
    const ctx = { source: { url: server.url }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00Z' };
    const normalised = ckanHarvester.normalise(pages[0]!.records[0]!.raw, ctx);
    expect(normalised.dataset.description).toEqual([{ value: 'Reported crime incidents for calendar year 2023.' }]);
    expect(normalised.dataset.accrualPeriodicity?.uri).toBe('http://publications.europa.eu/resource/authority/frequency/MONTHLY');
    expect(normalised.dataset.temporal).toEqual([{ start: '2023-01-01', end: '2023-12-31' }]);
    expect(normalised.dataset.distributions[0]!.byteSize).toBe(1048576);
  });

  it('turns a 409 error envelope into a ProtocolError with CKAN message', async () => {
    server.route('/api/3/action/package_search', { status: 409, headers: { 'content-type': 'application/json' }, body: fixtureText('error-409-search-query.json') });
    const error = await collect(source(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toMatch(/^CKAN package_search refused at http:\/\/127\.0\.0\.1:\d+\/api\/3\/action\/package_search\?.* \(HTTP 409\): Search Query Error: Search Query is invalid: "Invalid search query: org\.apache\.solr/);
  });

  it('names the field of a validation error and of an authorization error', async () => {
    servePackages(server, makePackages(3), { rowsMax: 50 });
    const tooMany = await collect(source(server.url, [], { pageSize: 100 })).catch((e: unknown) => e);
    expect((tooMany as Error).message).toContain('(HTTP 409): Validation Error: rows: Must be less than or equal to 50');
    server.route('/api/3/action/package_search', { status: 403, headers: { 'content-type': 'application/json' }, body: fixtureText('error-403-authorization.json') });
    const denied = await collect(source(server.url)).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ProtocolError);
    expect((denied as Error).message).toContain('(HTTP 403): Authorization Error: Access denied: User  not authorized to read these packages');
  });

  it('turns success:false with HTTP 200, and an HTML page, into ProtocolErrors', async () => {
    server.route('/api/3/action/package_search', json(JSON.parse(fixtureText('error-409-validation.json'))));
    const envelope = await collect(source(server.url)).catch((e: unknown) => e);
    expect(envelope).toBeInstanceOf(ProtocolError);
    expect((envelope as Error).message).toContain('Validation Error: rows: Must be less than or equal to 1000');
    server.route('/api/3/action/package_search', { headers: { 'content-type': 'text/html' }, body: fixtureText('not-ckan.html') });
    const html = await collect(source(server.url)).catch((e: unknown) => e);
    expect(html).toBeInstanceOf(ProtocolError);
    expect((html as Error).message).toContain('answered an HTML page instead of CKAN JSON');
  });

  it('leaves a 500 as a retryable PageFetchError after the client retries', async () => {
    const site = servePackages(server, makePackages(30));
    site.fail = ({ start }) => (start === 10 ? { status: 500, body: 'Internal Server Error' } : undefined);
    const pages: Page<CkanPackage>[] = [];
    const error = await (async () => {
      for await (const page of ckanHarvester.pages(source(server.url, [], { pageSize: 10 }), null, http)) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toHaveLength(1);
    expect(error).toBeInstanceOf(PageFetchError);
    expect((error as PageFetchError).status).toBe(500);
    // `retries: 2` in the client: two attempts, then the runner's own retry takes over.
    expect(site.searches.filter((u) => u.searchParams.get('start') === '10')).toHaveLength(2);
  });

  it('refuses an unknown filter key and a bad page size before any request', async () => {
    servePackages(server, makePackages(1));
    await expect(collect(source(server.url, [{ key: 'license', value: 'x', type: 'include' }]))).rejects.toThrow(SourceConfigError);
    await expect(collect(source(server.url, [], { pageSize: 5000 }))).rejects.toThrow('pageSize must be an integer from 1 to 1000, not 5000');
    expect(server.requests).toHaveLength(0);
  });
});
