import { describe, expect, it } from 'vitest';
import { chooseSyntax, sniffSyntax } from '../src/syntax.js';
import { nextHydraPage } from '../src/hydra.js';
import { parseDocument, parseTriples } from '../src/parse.js';
import { shippedContext, ShippedContextLoader } from '../src/contexts/index.js';
import { wktToGeoJson } from '../src/spatial.js';
import { toNTriples } from '../src/terms.js';
import { DatasetGrouper, type GroupedRecord } from '../src/group.js';
import { fixture, groupDocument } from './helpers.js';

const H = 'http://www.w3.org/ns/hydra/core#';

describe('nextHydraPage', () => {
  it('follows hydra:next of a PartialCollectionView, resolving a relative link against the page', async () => {
    const ttl = `@prefix hydra: <${H}> .
      <http://x.example/catalog.ttl?page=2> a hydra:PartialCollectionView ; hydra:next <?page=3> ; hydra:previous <?page=1> .
      <http://x.example/catalog> a hydra:Collection ; hydra:totalItems 250 ; hydra:view <http://x.example/catalog.ttl?page=2> .`;
    const triples = await parseDocument(ttl, 'turtle', 'http://x.example/catalog.ttl?page=2');
    expect(nextHydraPage(triples, 'http://x.example/catalog.ttl?page=2')).toEqual({ next: 'http://x.example/catalog.ttl?page=3', total: 250 });
  });

  it('reads the legacy PagedCollection with nextPage as a literal (ckanext-dcat)', async () => {
    const triples = await parseDocument(fixture('ckanext-dcat-page-1.rdf'), 'rdfxml', 'http://ckan.example.org/catalog.xml?page=1');
    expect(nextHydraPage(triples, 'http://ckan.example.org/catalog.xml?page=1')).toEqual({ next: 'http://ckan.example.org/catalog.xml?page=2', total: 3 });
  });

  it('resolves a relative literal and says null on the last page', async () => {
    const rel = await parseDocument(`@prefix hydra: <${H}> . <http://x.example/c?page=1> a hydra:PagedCollection ; hydra:nextPage "c?page=2" .`, 'turtle', 'http://x.example/c?page=1');
    expect(nextHydraPage(rel, 'http://x.example/c?page=1').next).toBe('http://x.example/c?page=2');
    const last = await parseDocument(fixture('ckanext-dcat-page-2.rdf'), 'rdfxml', 'http://ckan.example.org/catalog.xml?page=2');
    expect(nextHydraPage(last, 'http://ckan.example.org/catalog.xml?page=2')).toEqual({ next: null, total: 3 });
  });

  it('prefers the view describing the current page when several are present', async () => {
    const ttl = `@prefix hydra: <${H}> .
      <http://x.example/c?page=1> a hydra:PartialCollectionView ; hydra:next <http://x.example/c?page=2> .
      <http://x.example/c?page=5> a hydra:PartialCollectionView ; hydra:next <http://x.example/c?page=6> .`;
    const triples = await parseDocument(ttl, 'turtle', 'http://x.example/c?page=5');
    expect(nextHydraPage(triples, 'http://x.example/c?page=5').next).toBe('http://x.example/c?page=6');
  });
});

describe('chooseSyntax', () => {
  it('lets the config override win over everything', () => {
    expect(chooseSyntax({ override: 'ntriples', contentType: 'application/rdf+xml', head: '<?xml' })).toBe('ntriples');
  });
  it('uses the Content-Type, then the extension, then sniffing', () => {
    expect(chooseSyntax({ contentType: 'text/turtle; charset=utf-8', url: 'http://x/c.rdf', head: '@prefix a: <x> .' })).toBe('turtle');
    expect(chooseSyntax({ contentType: 'application/octet-stream', url: 'http://x/catalog.jsonld', head: '{"@context"' })).toBe('jsonld');
    expect(chooseSyntax({ contentType: 'text/plain', url: 'http://x/catalog', head: '<http://a> <http://b> "c" .\n' })).toBe('ntriples');
  });
  it('fixes a content type the body contradicts by sniffing', () => {
    expect(chooseSyntax({ contentType: 'application/rdf+xml', url: 'http://x/catalog', head: '@prefix dcat: <http://www.w3.org/ns/dcat#> .' })).toBe('turtle');
    expect(chooseSyntax({ contentType: 'application/json', url: 'http://x/catalog', head: '<?xml version="1.0"?><rdf:RDF>' })).toBe('rdfxml');
    expect(chooseSyntax({ contentType: 'application/n-triples', head: '@prefix a: <x> .' })).toBe('turtle');
  });
  it('sniffs nothing from HTML-free noise', () => {
    expect(sniffSyntax('   ')).toBeUndefined();
    expect(sniffSyntax('<rdf:RDF xmlns:rdf="…">')).toBe('rdfxml');
  });
});

describe('shipped JSON-LD contexts', () => {
  it('serves schema.org, Hydra, DCAT-AP and any udata instance context, and stands in for unknown ones', async () => {
    expect(shippedContext('https://schema.org/')).toBeDefined();
    expect(shippedContext('http://www.w3.org/ns/hydra/context.jsonld')).toBeDefined();
    expect(shippedContext('https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld')).toBeDefined();
    expect(shippedContext('https://data.other-udata.example/api/1/site/context.jsonld')).toBeDefined();
    const loader = new ShippedContextLoader();
    const triples = await parseDocument(
      JSON.stringify({ '@context': 'https://unreachable.example/ctx.jsonld', '@id': 'http://x/d', '@type': 'dcat:Dataset', 'dct:title': 'T' }),
      'jsonld',
      'http://x/',
      { contextLoader: loader },
    );
    expect(triples.map((t) => t.p)).toEqual(['http://purl.org/dc/terms/title', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type']);
    expect([...loader.substituted]).toEqual(['https://unreachable.example/ctx.jsonld']);
  });
});

describe('wktToGeoJson', () => {
  it('reads multipolygons and points, any case, with a CRS prefix', () => {
    expect(wktToGeoJson('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)),((2 2, 3 2, 3 3, 2 2)))')).toEqual({
      type: 'MultiPolygon',
      coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]],
    });
    expect(wktToGeoJson('<http://www.opengis.net/def/crs/OGC/1.3/CRS84> point(4.5 50.1)')).toEqual({ type: 'Point', coordinates: [4.5, 50.1] });
    expect(wktToGeoJson('CIRCLE(1 2)')).toBeUndefined();
  });

  it('reads signed, decimal and exponent numbers across any white space, and refuses a stray token', () => {
    expect(wktToGeoJson('LINESTRING (-1.5e1 2E-1,\n\t3.25   -4 ,5 6)')).toEqual({ type: 'LineString', coordinates: [[-15, 0.2], [3.25, -4], [5, 6]] });
    expect(wktToGeoJson('POINT(1\u00a02)')).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(wktToGeoJson('POINT(1 x2)')).toBeUndefined();
    expect(wktToGeoJson('POINT(1. 2)')).toBeUndefined();
  });
});

describe('DatasetGrouper', () => {
  const ttl = (n: number, gap: number) => {
    let out = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <http://e.example/> .\n';
    for (let i = 0; i < n; i++) out += `ex:d${i} a dcat:Dataset ; dct:title "D${i}" ; dcat:distribution ex:d${i}-x .\n`;
    for (let i = 0; i < gap; i++) out += `ex:filler${i} dct:title "filler" .\n`;
    for (let i = 0; i < n; i++) out += `ex:d${i}-x dcat:accessURL <http://e.example/f${i}.csv> .\n`;
    return out;
  };

  it('keeps a distribution described later than its dataset when it is within the window', async () => {
    const { groups } = await groupDocument(ttl(3, 100), 'turtle', 'http://e.example/', 1_000);
    expect(groups.map((g) => g.subject.value)).toEqual(['http://e.example/d0', 'http://e.example/d1', 'http://e.example/d2']);
    expect(groups[0]!.triples.some((t) => t.p === 'http://www.w3.org/ns/dcat#accessURL')).toBe(true);
  });

  it('emits datasets before the end of a long document and drops what nobody needs (bounded memory)', async () => {
    const { groups, grouper } = await groupDocument(ttl(3, 5_000), 'turtle', 'http://e.example/', 1_000);
    // the distributions came 5,000 triples later than the window allows: the datasets were emitted without them
    expect(groups).toHaveLength(3);
    expect(groups[0]!.triples.some((t) => t.p === 'http://www.w3.org/ns/dcat#accessURL')).toBe(false);
    expect(grouper.triplesRead).toBe(3 * 3 + 5_000 + 3);
  });

  it('brings a dataset split across a long dump together when its parts are within the window, while records around it stream out', async () => {
    const prefixes = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <http://e.example/> .\n';
    let doc = prefixes + 'ex:split a dcat:Dataset ; dct:title "Split" .\n';
    for (let i = 0; i < 600; i++) doc += `ex:d${i} a dcat:Dataset ; dct:title "D${i}" .\n`;
    doc += 'ex:split dcat:keyword "late" ; dcat:distribution ex:split-csv .\nex:split-csv dcat:accessURL <http://e.example/split.csv> .\n';
    for (let i = 600; i < 3_000; i++) doc += `ex:d${i} a dcat:Dataset ; dct:title "D${i}" .\n`;
    const grouper = new DatasetGrouper(1_500);
    const emittedBeforeEnd: string[] = [];
    const groups: GroupedRecord[] = [];
    for await (const batch of parseTriples([doc], 'turtle', 'http://e.example/', { batchSize: 100 })) {
      for (const t of batch) grouper.add(t);
      const ready = grouper.ready();
      emittedBeforeEnd.push(...ready.map((g) => g.subject.value));
      groups.push(...ready);
    }
    groups.push(...grouper.finish());
    // 1,203 triples apart, inside the 1,500-triple window: one record with both parts and the distribution
    const split = groups.filter((g) => g.subject.value === 'http://e.example/split');
    expect(split).toHaveLength(1);
    expect(split[0]!.triples.map((t) => t.p.replace(/.*[#/]/, '')).sort()).toEqual(['accessURL', 'distribution', 'keyword', 'title', 'type']);
    expect(groups).toHaveLength(3_001);
    // memory stays bounded: most records left before the end of the document, the split one among them
    expect(emittedBeforeEnd).toContain('http://e.example/split');
    expect(emittedBeforeEnd.length).toBeGreaterThan(2_000);
  });

  it('does not hold records back for a publisher described again after each dataset (udata dumps), and drops the repeats', async () => {
    const prefixes = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix ex: <http://e.example/> .\n';
    let doc = prefixes;
    for (let i = 0; i < 2_000; i++) doc += `ex:d${i} a dcat:Dataset ; dct:title "D${i}" ; dct:publisher ex:org .\nex:org a foaf:Organization ; foaf:name "Org" .\n`;
    const grouper = new DatasetGrouper(1_000);
    let emittedBeforeEnd = 0;
    for await (const batch of parseTriples([doc], 'turtle', 'http://e.example/', { batchSize: 100 })) {
      for (const t of batch) grouper.add(t);
      emittedBeforeEnd += grouper.ready().length;
    }
    const last = grouper.finish();
    expect(emittedBeforeEnd + last.length).toBe(2_000);
    // the publisher comes back every 5 triples, yet records leave once the window has passed them
    expect(emittedBeforeEnd).toBeGreaterThan(1_500);
    const record = last[last.length - 1]!;
    expect(record.triples.filter((t) => t.s.value === 'http://e.example/org').map((t) => t.o.value)).toEqual(['http://xmlns.com/foaf/0.1/Organization', 'Org']);
  });

  it('keeps the blank nodes of a record that the edge of the window cuts through, in a long dump', async () => {
    const prefixes = '@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix ex: <http://e.example/> .\n';
    let doc = prefixes;
    for (let i = 0; i < 3_000; i++) {
      doc += `ex:d${i} a dcat:Dataset ; dct:title "D${i}" ; dcat:contactPoint [ a vcard:Kind ; vcard:fn "Service ${i}" ] ; dct:spatial [ a dct:Location ; dcat:bbox "b${i}" ] ; dct:description "about ${i}" .\n`;
    }
    // groupDocument feeds it in small chunks: the grouper sweeps after each batch they give.
    const { groups } = await groupDocument(doc, 'turtle', 'http://e.example/', 1_000);
    expect(groups).toHaveLength(3_000);
    const incomplete = groups.filter((g) => !g.triples.some((t) => t.p === 'http://www.w3.org/2006/vcard/ns#fn') || !g.triples.some((t) => t.p === 'http://www.w3.org/ns/dcat#bbox'));
    expect(incomplete.map((g) => g.subject.value)).toEqual([]);
  });

  it('keeps blank nodes written just before the record that reaches them, in a long dump', async () => {
    let doc = '';
    for (let i = 0; i < 3_000; i++) {
      // The contact point's address first, then the contact point naming it, then the record.
      doc += `_:a${i} <http://www.w3.org/2006/vcard/ns#locality> "Ville ${i}" .\n`;
      doc += `_:c${i} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2006/vcard/ns#Kind> .\n_:c${i} <http://www.w3.org/2006/vcard/ns#hasAddress> _:a${i} .\n`;
      doc += `<http://e.example/d${i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n`;
      doc += `<http://e.example/d${i}> <http://purl.org/dc/terms/title> "D${i}" .\n<http://e.example/d${i}> <http://www.w3.org/ns/dcat#contactPoint> _:c${i} .\n`;
      // Records of different lengths, so the window's edge falls at every place in one.
      for (let k = 0; k < i % 5; k++) doc += `<http://e.example/d${i}> <http://www.w3.org/ns/dcat#keyword> "k${k}" .\n`;
    }
    const { groups } = await groupDocument(doc, 'ntriples', 'http://e.example/', 1_000);
    expect(groups).toHaveLength(3_000);
    expect(groups.filter((g) => !g.triples.some((t) => t.p === 'http://www.w3.org/2006/vcard/ns#locality')).map((g) => g.subject.value)).toEqual([]);
  });

  it('writes each record as its own N-Triples document', async () => {
    const { groups } = await groupDocument(ttl(1, 0), 'turtle', 'http://e.example/');
    expect(toNTriples(groups[0]!.triples)).toBe(
      '<http://e.example/d0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n' +
        '<http://e.example/d0> <http://purl.org/dc/terms/title> "D0" .\n' +
        '<http://e.example/d0> <http://www.w3.org/ns/dcat#distribution> <http://e.example/d0-x> .\n' +
        '<http://e.example/d0-x> <http://www.w3.org/ns/dcat#accessURL> <http://e.example/f0.csv> .\n',
    );
  });

  it('escapes IRIs, literals and blank node labels in N-Triples, on every triple that repeats a term', () => {
    const s = { kind: 'iri' as const, value: 'http://e.example/a b' };
    const blank = { kind: 'bnode' as const, value: 'b.1' };
    const odd = 'http://e.example/p|q';
    const dt = 'http://e.example/type{x}';
    const triples = [
      { s, p: odd, o: { kind: 'literal' as const, value: 'say "hi"\nnow\\', datatype: dt } },
      { s, p: odd, o: { kind: 'literal' as const, value: 'deux', datatype: dt } },
      { s, p: 'http://e.example/p', o: { kind: 'literal' as const, value: 'é', lang: 'fr' } },
      { s: blank, p: odd, o: s },
      { s: blank, p: 'http://e.example/p', o: blank },
    ];
    const expected =
      '<http://e.example/a\\u0020b> <http://e.example/p\\u007cq> "say \\"hi\\"\\nnow\\\\"^^<http://e.example/type\\u007bx\\u007d> .\n' +
      '<http://e.example/a\\u0020b> <http://e.example/p\\u007cq> "deux"^^<http://e.example/type\\u007bx\\u007d> .\n' +
      '<http://e.example/a\\u0020b> <http://e.example/p> "é"@fr .\n' +
      '_:b_1 <http://e.example/p\\u007cq> <http://e.example/a\\u0020b> .\n' +
      '_:b_1 <http://e.example/p> _:b_1 .\n';
    expect(toNTriples(triples)).toBe(expected);
    // a second document reuses what the first wrote for the same terms
    expect(toNTriples(triples)).toBe(expected);
  });

  it('counts stubs only referenced by dcat:servesDataset', async () => {
    const { groups, grouper } = await groupDocument(fixture('dcat-ap-3.ttl'), 'turtle', 'https://data.example.eu/catalog.ttl');
    expect(grouper.stubsSkipped).toBe(1);
    expect(groups.some((g) => g.subject.value === 'https://data.example.eu/dataset/not-on-this-page')).toBe(false);
  });
});
