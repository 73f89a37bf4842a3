import { describe, expect, it } from 'vitest';
import { catalogToQuads, negotiate } from '../src/index.js';
import { ckanEntry, minimalEntry, OPTIONS, serviceEntry } from './entries.js';
import { objects } from './graph-helpers.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const ADMS = 'http://www.w3.org/ns/adms#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const M = 'https://moisson.example.org';

describe('catalogToQuads', () => {
  const twin = ckanEntry();
  twin.id = '43';
  twin.source = { id: 'dgf', name: 'data.gouv.fr', url: 'https://www.data.gouv.fr', protocol: 'ckan' };
  const q = catalogToQuads(
    {
      entries: [ckanEntry(), minimalEntry(), serviceEntry(), twin],
      sources: [{ id: 'empty', name: 'Portail vide', url: 'https://vide.example.org', protocol: 'dcat' }],
      page: { current: `${M}/catalog?page=2`, first: `${M}/catalog?page=1`, previous: `${M}/catalog?page=1`, next: `${M}/catalog?page=3`, last: `${M}/catalog?page=9`, totalItems: 850, itemsPerPage: 100 },
      modified: '2024-06-01T00:00:00.000Z',
    },
    OPTIONS,
  );

  it('describes moisson\'s catalogue with one sub-catalogue per source', () => {
    expect(objects(q, `${M}/catalog`, `${DCT}title`)).toEqual(['"Moisson Occitanie"']);
    expect(objects(q, `${M}/catalog`, `${DCT}hasPart`)).toEqual([`<${M}/sources/dgf>`, `<${M}/sources/empty>`, `<${M}/sources/geo>`, `<${M}/sources/occitanie>`, `<${M}/sources/src-2>`]);
    expect(objects(q, `${M}/sources/empty`, `${DCT}title`)).toEqual(['"Portail vide"']);
    expect(objects(q, `${M}/sources/occitanie`, `${DCAT}record`)).toEqual([`<${M}/records/42>`]);
    expect(objects(q, `${M}/sources/geo`, `${DCAT}service`)).toEqual([`<${M}/datasets/svc-1>`]);
    expect(objects(q, `${M}/sources/geo`, `${DCAT}dataset`)).toEqual([]);
    expect(objects(q, `${M}/catalog`, `${DCAT}record`)).toHaveLength(4);
  });

  it('gives the second carrier of the same upstream IRI our own IRI, keeping the upstream one as an identifier', () => {
    const upstream = 'https://www.data.gouv.fr/datasets/5f1c2d3e4a5b6c7d8e9f0a1b';
    expect(objects(q, `${M}/sources/occitanie`, `${DCAT}dataset`)).toEqual([`<${upstream}>`]);
    expect(objects(q, `${M}/sources/dgf`, `${DCAT}dataset`)).toEqual([`<${M}/datasets/43>`]);
    expect(objects(q, upstream, `${DCT}title`)).toHaveLength(2);
    const ids = q.filter((x) => x.subject.value === `${M}/records/43` && x.predicate.value === `${ADMS}identifier`).flatMap((x) => objects(q, x.object, `${SKOS}notation`));
    expect(ids).toContain(`"${upstream}"^^<http://www.w3.org/2001/XMLSchema#anyURI>`);
  });

  it('pages with Hydra', () => {
    expect(objects(q, `${M}/catalog`, `${HYDRA}view`)).toEqual([`<${M}/catalog?page=2>`]);
    const view = `${M}/catalog?page=2`;
    expect(objects(q, view, `${HYDRA}next`)).toEqual([`<${M}/catalog?page=3>`]);
    expect(objects(q, view, `${HYDRA}previous`)).toEqual([`<${M}/catalog?page=1>`]);
    expect(objects(q, view, `${HYDRA}last`)).toEqual([`<${M}/catalog?page=9>`]);
    expect(objects(q, view, `${HYDRA}totalItems`)).toEqual(['"850"^^<http://www.w3.org/2001/XMLSchema#integer>']);
  });
});

describe('negotiate', () => {
  it.each([
    [undefined, undefined, 'application/json'],
    ['*/*', undefined, 'application/json'],
    ['text/turtle', undefined, 'text/turtle'],
    ['application/rdf+xml;q=0.9, text/turtle;q=0.5', undefined, 'application/rdf+xml'],
    ['text/html, application/ld+json;q=0.8, */*;q=0.1', undefined, 'application/ld+json'],
    ['application/n-triples', undefined, 'application/n-triples'],
    ['text/turtle;q=0, application/json', undefined, 'application/json'],
    ['text/html', 'ttl', 'text/turtle'],
    ['text/turtle', 'jsonld', 'application/ld+json'],
    [undefined, 'rdf', 'application/rdf+xml'],
    [undefined, 'nt', 'application/n-triples'],
    ['application/ld+json', 'nonsense', 'application/ld+json'],
  ])('Accept %s, format %s -> %s', (accept, format, expected) => {
    expect(negotiate(accept, format)).toBe(expected);
  });
});
