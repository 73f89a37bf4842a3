import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow } from '@moisson/store';
import { canonical, objects, parseJsonLd, parseRdfXml, parseTurtle, subjectsOfType } from '../../rdf/test/graph-helpers.js';
import { harvest, type Spec } from './catalogue-fixture.js';
import { PUBLIC_URL, testApi, type TestApi } from './setup.js';

let api: TestApi;
let source: SourceRow;
let other: SourceRow;
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const IRI = 'https://lyon.example/dataset/arbres';

const arbres: Spec = {
  remoteId: 'arbres', title: 'Arbres remarquables', keywords: ['Nature'], formats: ['CSV'], uri: IRI,
  chain: [{ catalog: { title: 'Géoportail', url: 'https://geo.example.org/csw' }, recordId: 'geo-1', protocol: 'csw' }],
};
const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
let id: string;

beforeAll(async () => {
  api = await testApi();
  source = await api.store.sources.create({ name: 'Métropole', url: 'https://data.metropole.example', protocol: 'fake' });
  other = await api.store.sources.create({ name: 'Vide', url: 'https://empty.example', protocol: 'fake' });
  const many: Spec[] = Array.from({ length: 100 }, (_, i) => ({ remoteId: `n${String(i).padStart(3, '0')}`, title: `Jeu ${i}`, formats: ['CSV'] }));
  await harvest(api.store, source, [arbres, ...many]);
  id = (await api.store.datasets.byRemoteId(source.id, 'arbres'))!.id;
});
afterAll(async () => api?.close());

describe('GET /api/datasets/:id by content negotiation', () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['Accept: text/turtle', { accept: 'text/turtle' }, '', 'text/turtle; charset=utf-8'],
    ['?format=ttl', {}, '?format=ttl', 'text/turtle; charset=utf-8'],
    ['Accept: application/n-triples', { accept: 'application/n-triples' }, '', 'application/n-triples; charset=utf-8'],
    ['?format=nt', {}, '?format=nt', 'application/n-triples; charset=utf-8'],
    ['Accept: application/rdf+xml', { accept: 'application/rdf+xml;q=0.9, text/html;q=0.1' }, '', 'application/rdf+xml; charset=utf-8'],
    ['?format=rdf', { accept: 'text/html' }, '?format=rdf', 'application/rdf+xml; charset=utf-8'],
    ['Accept: application/ld+json', { accept: 'application/ld+json' }, '', 'application/ld+json'],
    ['?format=jsonld', {}, '?format=jsonld', 'application/ld+json'],
  ];

  const parse = (type: string, body: string) =>
    type.startsWith('application/rdf+xml') ? parseRdfXml(body)
      : type.startsWith('application/ld+json') ? parseJsonLd(body)
      : Promise.resolve(parseTurtle(body, type.startsWith('text/turtle') ? 'text/turtle' : 'application/n-triples'));

  it.each(cases)('%s gives DCAT-AP that parses back to the same graph', async (_name, headers, query, type) => {
    const response = await get(`/api/datasets/${id}${query}`, headers);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers.vary).toMatch(/Accept/);
    const quads = await parse(type, response.body);
    expect(objects(quads, IRI, `${DCT}title`)).toEqual(['"Arbres remarquables"@fr']);
    expect(subjectsOfType(quads, `${DCAT}CatalogRecord`)).toHaveLength(3);
    const turtle = parseTurtle((await get(`/api/datasets/${id}?format=ttl`)).body);
    expect(canonical(quads)).toEqual(canonical(turtle));
  });

  it('answers JSON by default, for */* and for ?format=json', async () => {
    for (const [headers, query] of [[{}, ''], [{ accept: '*/*' }, ''], [{ accept: 'text/turtle' }, '?format=json']] as const) {
      const response = await get(`/api/datasets/${id}${query}`, headers);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.json().id).toBe(id);
    }
  });

  it('answers 404 in JSON for an unknown dataset, whatever was asked', async () => {
    const response = await get('/api/datasets/00000000-0000-4000-8000-000000000000', { accept: 'text/turtle' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe('not_found');
  });
});

describe('GET /catalog', () => {
  it('is the catalogue as DCAT-AP, Hydra-paged by 100, one sub-catalogue per source with datasets', async () => {
    const first = parseTurtle((await get('/catalog.ttl')).body);
    const catalog = `${PUBLIC_URL}/catalog`;
    expect(objects(first, catalog, `${DCAT}dataset`)).toHaveLength(100);
    expect(objects(first, catalog, `${DCAT}record`)).toHaveLength(100);
    expect(objects(first, catalog, `${DCT}hasPart`)).toEqual([`<${PUBLIC_URL}/sources/${source.id}>`]);
    const view = `${PUBLIC_URL}/catalog.ttl?page=1`;
    expect(objects(first, catalog, `${HYDRA}view`)).toEqual([`<${view}>`]);
    expect(objects(first, view, `${HYDRA}next`)).toEqual([`<${PUBLIC_URL}/catalog.ttl?page=2>`]);
    expect(objects(first, view, `${HYDRA}totalItems`)).toEqual(['"101"^^<http://www.w3.org/2001/XMLSchema#integer>']);
    const second = parseTurtle((await get('/catalog.ttl?page=2')).body);
    expect(objects(second, catalog, `${DCAT}dataset`)).toHaveLength(1);
    expect(objects(second, `${PUBLIC_URL}/catalog.ttl?page=2`, `${HYDRA}next`)).toEqual([]);
    expect(objects(second, `${PUBLIC_URL}/catalog.ttl?page=2`, `${HYDRA}previous`)).toEqual([`<${view}>`]);
    // Oldest first, ties (one harvest commits all 101 at the same instant) broken by id: the page
    // ends on the last dataset in (first_seen, id) order, whichever it is.
    const { rows } = await api.store.pool.query<{ id: string }>(`SELECT id FROM datasets WHERE status = 'active' ORDER BY first_seen DESC, id DESC LIMIT 1`);
    const newest = rows[0]!.id === id ? `<${IRI}>` : `<${PUBLIC_URL}/datasets/${rows[0]!.id}>`;
    expect(objects(second, catalog, `${DCAT}dataset`)).toEqual([newest]);
    expect([...objects(first, catalog, `${DCAT}dataset`), newest]).toContain(`<${IRI}>`);
    expect(other.id).not.toBe(source.id);
  });

  it('negotiates on /catalog (JSON-LD by default) and fixes the syntax by extension', async () => {
    expect((await get('/catalog')).headers['content-type']).toBe('application/ld+json');
    expect((await get('/catalog', { accept: 'text/turtle' })).headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect((await get('/catalog?format=nt')).headers['content-type']).toBe('application/n-triples; charset=utf-8');
    expect((await get('/catalog.rdf', { accept: 'text/turtle' })).headers['content-type']).toBe('application/rdf+xml; charset=utf-8');
    expect((await get('/catalog.nt')).headers['content-type']).toBe('application/n-triples; charset=utf-8');
    const jsonld = await parseJsonLd((await get('/catalog.jsonld?page=2')).body);
    expect(jsonld.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`)).toHaveLength(1);
    expect((await get('/catalog?format=nt&page=2')).body).toContain(`<${PUBLIC_URL}/catalog?page=1&format=nt>`);
  });
});
