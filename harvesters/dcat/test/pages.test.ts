import { ProtocolError, type Page } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureServer, type FixtureReply } from '../../../test/support/fixture-server.js';
import type { DcatConfig } from '../src/config.js';
import { dcatHarvester } from '../src/index.js';
import type { DcatRecord } from '../src/normalise.js';
import { fixture } from './helpers.js';

const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
const PREFIXES = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n';

/** A Turtle catalogue page of datasets `ids`, with a Hydra view whose next link is `next` (as written). */
function turtlePage(pageUrl: string, ids: string[], next?: string, total?: number): string {
  let out = PREFIXES;
  out += `<${pageUrl}> a hydra:PartialCollectionView${next ? ` ; hydra:next <${next}>` : ''} .\n`;
  out += `<http://cat.example/catalog> a dcat:Catalog ; hydra:view <${pageUrl}>${total !== undefined ? ` ; hydra:totalItems ${total}` : ''} .\n`;
  for (const id of ids) out += `<http://cat.example/dataset/${id}> a dcat:Dataset ; dct:title "Dataset ${id}" ; dcat:distribution [ dcat:accessURL <http://cat.example/${id}.csv> ] .\n`;
  return out;
}

const turtle = (body: string, type = 'text/turtle; charset=utf-8'): FixtureReply => ({ headers: { 'content-type': type }, body });

async function collect(source: { url: string; config?: DcatConfig }, cursor: unknown = null): Promise<Page<DcatRecord>[]> {
  const pages: Page<DcatRecord>[] = [];
  for await (const page of dcatHarvester.pages({ url: source.url, filters: [], config: source.config ?? {} }, cursor as never, http())) pages.push(page);
  return pages;
}

const ids = (page: Page<DcatRecord>) => page.records.map((r) => r.remoteId);

describe('dcat pages', () => {
  let server: FixtureServer;
  beforeEach(async () => {
    server = await new FixtureServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('follows relative hydra:next links over three pages and asks for RDF', async () => {
    server.route('/catalog.ttl', (req) => {
      const page = Number(req.url.searchParams.get('page') ?? '1');
      const url = server.at(`/catalog.ttl?page=${page}`);
      if (page === 1) return turtle(turtlePage(url, ['a', 'b'], '?page=2', 5));
      if (page === 2) return turtle(turtlePage(url, ['c', 'd'], 'catalog.ttl?page=3', 5));
      return turtle(turtlePage(url, ['e'], undefined, 5));
    });
    const pages = await collect({ url: server.at('/catalog.ttl?page=1') });
    expect(pages.map(ids)).toEqual([
      ['http://cat.example/dataset/a', 'http://cat.example/dataset/b'],
      ['http://cat.example/dataset/c', 'http://cat.example/dataset/d'],
      ['http://cat.example/dataset/e'],
    ]);
    expect(pages.map((p) => p.next)).toEqual([{ url: server.at('/catalog.ttl?page=2') }, { url: server.at('/catalog.ttl?page=3') }, null]);
    expect(pages.map((p) => p.truncated)).toEqual([undefined, undefined, undefined]);
    expect(pages[0]?.total).toBe(5);
    expect(server.requests.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual(['/catalog.ttl?page=1', '/catalog.ttl?page=2', '/catalog.ttl?page=3']);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/turtle, application\/rdf\+xml/);
    const original = pages[0]!.records[0]!.original;
    expect(original.mediaType).toBe('application/n-triples');
    expect(original.body).toContain('<http://cat.example/dataset/a> <http://purl.org/dc/terms/title> "Dataset a" .');
    expect(original.body).toContain('<http://cat.example/a.csv>');
    expect(original.body).not.toContain('dataset/b');
  });

  it('stops with truncated when a next link repeats a page already read (the ckanext-dcat nextPage loop)', async () => {
    server.route('/catalog.ttl', (req) => {
      const page = Number(req.url.searchParams.get('page') ?? '1');
      const url = server.at(`/catalog.ttl?page=${page}`);
      return page === 1 ? turtle(turtlePage(url, ['a'], '?page=2')) : turtle(turtlePage(url, ['b'], '?page=1'));
    });
    const pages = await collect({ url: server.at('/catalog.ttl?page=1') });
    expect(pages.map(ids)).toEqual([['http://cat.example/dataset/a'], ['http://cat.example/dataset/b']]);
    expect(pages[1]?.next).toBeNull();
    expect(pages[1]?.truncated).toBe(`next page link repeats a page already read: ${server.at('/catalog.ttl?page=1')}`);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a next link on another host', async () => {
    server.route('/catalog.ttl', () => turtle(turtlePage(server.at('/catalog.ttl'), ['a'], 'http://elsewhere.example/catalog.ttl?page=2')));
    const pages = await collect({ url: server.at('/catalog.ttl') });
    expect(pages).toHaveLength(1);
    expect(pages[0]?.next).toBeNull();
    expect(pages[0]?.truncated).toMatch(/^next page link points to another host \(elsewhere\.example/);
    expect(server.requests).toHaveLength(1);
  });

  it('harvests the ckanext-dcat RDF/XML pages served as application/json (sniffed), and checks hydra:totalItems', async () => {
    const serve = (total: number) =>
      server.route('/catalog.xml', (req) => {
        const page = req.url.searchParams.get('page') ?? '1';
        const body = fixture(`ckanext-dcat-page-${page}.rdf`)
          .replaceAll('http://ckan.example.org/catalog.xml?page=', server.at('/catalog.xml?page='))
          .replace(/(totalItems[^>]*>)3</, `$1${total}<`);
        return { headers: { 'content-type': 'application/json' }, body };
      });
    serve(3);
    const pages = await collect({ url: server.at('/catalog.xml?page=1') });
    expect(pages.map((p) => p.records.length)).toEqual([2, 1]);
    expect(pages[1]?.truncated).toBeUndefined();
    expect(pages[1]?.records[0]?.remoteId).toBe('http://ckan.example.org/dataset/77aa88bb-2222-4333-8444-a55566677788');

    server.requests.length = 0;
    serve(5);
    const lying = await collect({ url: server.at('/catalog.xml?page=1') });
    expect(lying[1]?.truncated).toBe('the remote announced 5 records but the listing ended after 3');
  });

  it('cuts one large document into pages of pageSize records, and resumes from the {url, skip} cursor', async () => {
    const url = server.at('/dump.ttl');
    server.route('/dump.ttl', () => turtle(turtlePage(url, ['a', 'b', 'c', 'd', 'e'])));
    const pages = await collect({ url, config: { pageSize: 2 } });
    expect(pages.map(ids)).toEqual([
      ['http://cat.example/dataset/a', 'http://cat.example/dataset/b'],
      ['http://cat.example/dataset/c', 'http://cat.example/dataset/d'],
      ['http://cat.example/dataset/e'],
    ]);
    expect(pages.map((p) => p.next)).toEqual([{ url, skip: 2 }, { url, skip: 4 }, null]);
    const resumed = await collect({ url, config: { pageSize: 2 } }, { url, skip: 4 });
    expect(resumed.map(ids)).toEqual([['http://cat.example/dataset/e']]);
  });

  it('uses the format override when the server sends N-Triples as text/html', async () => {
    server.route('/export', {
      headers: { 'content-type': 'text/html' },
      body: fixture('catalog.nt'),
    });
    const pages = await collect({ url: server.at('/export'), config: { format: 'ntriples' } });
    expect(pages.map(ids)).toEqual([['https://nt.example.org/dataset/rivers']]);
  });

  it('fails with a ProtocolError naming the URL when the answer is not RDF', async () => {
    server.route('/catalog.ttl', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Maintenance</body></html>' });
    await expect(collect({ url: server.at('/catalog.ttl') })).rejects.toThrow(ProtocolError);
    await expect(collect({ url: server.at('/catalog.ttl') })).rejects.toThrow(server.at('/catalog.ttl'));
  });

  it('reports a JSON-LD @context it does not ship as a page error, and still reads the page', async () => {
    const body = JSON.stringify({ '@context': 'https://gone.example/context.jsonld', '@graph': [{ '@id': 'http://cat.example/dataset/j', '@type': 'dcat:Dataset', 'dct:title': 'J' }] });
    server.route('/catalog.jsonld', { headers: { 'content-type': 'application/ld+json' }, body });
    const pages = await collect({ url: server.at('/catalog.jsonld') });
    expect(pages.map(ids)).toEqual([['http://cat.example/dataset/j']]);
    expect(pages[0]?.errors).toEqual([
      { message: 'JSON-LD @context https://gone.example/context.jsonld is not one of the shipped contexts; the document was read with the DCAT-AP context' },
    ]);
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/catalog.jsonld']);
  });
});

describe('dcat detect', () => {
  let server: FixtureServer;
  beforeEach(async () => {
    server = await new FixtureServer().start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('recognises a DCAT document from its content, whatever the syntax', async () => {
    server.route('/feed', { headers: { 'content-type': 'application/xml' }, body: fixture('ckanext-dcat-page-2.rdf') });
    const found = await dcatHarvester.detect(new URL(server.at('/feed')), http());
    expect(found).toEqual({ protocol: 'dcat', confidence: 0.95, title: 'CKAN Example Portal', details: { syntax: 'rdfxml', catalogs: 1, datasetsSeen: 1 } });
  });

  it('finds the catalogue at a well-known path (udata) when the URL is a homepage', async () => {
    server.route('/', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><title>Portail</title></head></html>' });
    server.route('/api/1/site/catalog.ttl', turtle(fixture('udata-catalog.ttl')));
    const found = await dcatHarvester.detect(new URL(server.at('/')), http());
    expect(found?.url).toBe(server.at('/api/1/site/catalog.ttl'));
    expect(found?.confidence).toBe(0.8);
    expect(found?.title).toBe('udata demo');
  });

  it('says null for something that is not DCAT', async () => {
    server.route('/', { headers: { 'content-type': 'application/json' }, body: '{"success": true, "result": []}' });
    expect(await dcatHarvester.detect(new URL(server.at('/')), http())).toBeNull();
  });
});
