import { describe, expect, it } from 'vitest';
import { catalogToQuads, datasetToJsonLd, datasetToQuads, serialise } from '../src/index.js';
import { ckanEntry, minimalEntry, OPTIONS, serviceEntry } from './entries.js';
import { canonical, parseJsonLd, parseRdfXml, parseTurtle } from './graph-helpers.js';

const page = () =>
  catalogToQuads(
    { entries: [ckanEntry(), minimalEntry(), serviceEntry()], page: { current: 'https://moisson.example.org/catalog?page=2', first: 'https://moisson.example.org/catalog?page=1', next: 'https://moisson.example.org/catalog?page=3', totalItems: 250, itemsPerPage: 100 } },
    OPTIONS,
  );

describe.each([
  ['one dataset', () => datasetToQuads(ckanEntry(), OPTIONS)],
  ['a catalogue page', page],
])('every syntax parses back to the same graph: %s', (_name, build) => {
  const quads = build();
  const expected = canonical(quads);

  it('has something to compare', () => {
    expect(expected.length).toBeGreaterThan(100);
  });

  it('Turtle', () => {
    expect(canonical(parseTurtle(serialise(quads, 'text/turtle')))).toEqual(expected);
  });

  it('N-Triples', () => {
    const text = serialise(quads, 'application/n-triples');
    expect(text.trim().split('\n')).toHaveLength(quads.length);
    expect(canonical(parseTurtle(text, 'application/n-triples'))).toEqual(expected);
  });

  it('RDF/XML', async () => {
    expect(canonical(await parseRdfXml(serialise(quads, 'application/rdf+xml')))).toEqual(expected);
  });

  it('JSON-LD', async () => {
    expect(canonical(await parseJsonLd(serialise(quads, 'application/ld+json')))).toEqual(expected);
  });
});

describe('awkward literals survive every syntax', () => {
  const entry = minimalEntry();
  entry.dataset.title = [{ value: 'A & B <tag> "quoted" \'single\' ]]> \\ back', lang: 'fr-CA' }];
  entry.dataset.description = [{ value: 'line one\r\nline two\ttab — ünïcödé 🐟' }];
  entry.dataset.keywords = [{ value: '  padded  ', lang: 'en' }];
  const quads = datasetToQuads(entry, OPTIONS);
  const expected = canonical(quads);

  it.each(['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json'] as const)('%s', async (mediaType) => {
    const text = serialise(quads, mediaType);
    const parsed =
      mediaType === 'application/rdf+xml' ? await parseRdfXml(text) : mediaType === 'application/ld+json' ? await parseJsonLd(text) : parseTurtle(text, mediaType);
    expect(canonical(parsed)).toEqual(expected);
  });
});

describe('JSON-LD shape', () => {
  it('has a prefix-only context, one node per subject, compact keys and typed values', () => {
    const doc = datasetToJsonLd(ckanEntry(), OPTIONS);
    expect(doc['@context']['dcat']).toBe('http://www.w3.org/ns/dcat#');
    expect(doc['@context']['hydra']).toBeUndefined();
    const ids = doc['@graph'].map((n) => n['@id']);
    expect(new Set(ids).size).toBe(ids.length);
    const dataset = doc['@graph'].find((n) => n['@id'] === 'https://www.data.gouv.fr/datasets/5f1c2d3e4a5b6c7d8e9f0a1b')!;
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['dct:title']).toEqual([
      { '@value': 'Qualité des eaux de baignade 2023', '@language': 'fr' },
      { '@value': 'Bathing water quality 2023', '@language': 'en' },
    ]);
    expect(dataset['dct:issued']).toEqual({ '@value': '2023-06-01', '@type': 'xsd:date' });
    expect(dataset['dct:publisher']).toEqual({ '@id': 'https://www.data.gouv.fr/organizations/ars-occitanie/' });
  });
});
