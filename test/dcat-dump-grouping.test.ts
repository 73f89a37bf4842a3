import { describe, expect, it } from 'vitest';
import { DatasetGrouper, parseTriples, toRemoteRecord, type RdfSyntax } from '@moisson/harvester-dcat';
import { rdfXmlPage, turtlePage } from '../bench/generate/dcat.js';

/** A record's N-Triples with blank node labels numbered in order of appearance and lines sorted. */
function canonical(ntriples: string): string {
  const labels = new Map<string, string>();
  return ntriples
    .replace(/_:[\w-]+/g, (label) => {
      if (!labels.has(label)) labels.set(label, `_:n${labels.size}`);
      return labels.get(label) as string;
    })
    .split('\n')
    .sort()
    .join('\n');
}

/** Every record of the document, grouped through a window of `window` triples. */
async function records(document: string, syntax: RdfSyntax, window: number): Promise<Map<string, string>> {
  const grouper = new DatasetGrouper(window);
  const out = new Map<string, string>();
  const take = (groups: ReturnType<DatasetGrouper['finish']>) => {
    for (const group of groups) {
      const record = toRemoteRecord(group);
      out.set(record.remoteId as string, canonical(record.original.body));
    }
  };
  // In pieces of 2,000 characters, as a response arrives: the grouper sweeps after each batch they give.
  for await (const batch of parseTriples(document.match(/[^]{1,2000}/g) ?? [], syntax, 'https://data.example.fr/catalog', { batchSize: 250 })) {
    for (const t of batch) grouper.add(t);
    take(grouper.ready());
  }
  take(grouper.finish());
  return out;
}

/** A JSON-LD dump: one `@graph`, each dataset with its contact point (and its address), coverage and distribution nested. */
function jsonLdDump(size: number): string {
  const dataset = (i: number) => ({
    '@id': `https://data.example.fr/datasets/${i}/`,
    '@type': 'dcat:Dataset',
    'dct:title': { '@value': `Jeu de données ${i}`, '@language': 'fr' },
    'dcat:keyword': Array.from({ length: i % 5 }, (_, k) => `mot ${k}`),
    'dcat:contactPoint': { '@type': 'vcard:Kind', 'vcard:fn': `Service ${i % 50}`, 'vcard:hasAddress': { 'vcard:locality': `Ville ${i}` } },
    'dct:spatial': { '@type': 'dct:Location', 'dcat:bbox': `POLYGON((${i} 1, 2 2, 3 3, ${i} 1))` },
    'dcat:distribution': { '@id': `https://data.example.fr/datasets/${i}/#csv`, '@type': 'dcat:Distribution', 'dcat:accessURL': { '@id': `https://data.example.fr/r/${i}` } },
    'dct:publisher': { '@id': `https://data.example.fr/organizations/org-${i % 20}/`, '@type': 'foaf:Organization', 'foaf:name': `Organisation ${i % 20}` },
  });
  const context = { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', vcard: 'http://www.w3.org/2006/vcard/ns#', foaf: 'http://xmlns.com/foaf/0.1/' };
  return JSON.stringify({ '@context': context, '@graph': Array.from({ length: size }, (_, i) => dataset(i)) });
}

describe('grouping a dump larger than the window (bench/generate/dcat.ts catalogues, and a JSON-LD one)', () => {
  const size = 1_500;
  // JSON-LD is read ten times slower: fewer datasets (~15 triples each), still many windows long.
  const cases: Array<[string, RdfSyntax, string, number]> = [
    ['udata Turtle, publishers and contacts as their own nodes', 'turtle', turtlePage('https://data.example.fr/api/1/site/catalog.ttl', size, 1, size), size],
    ['ckanext-dcat RDF/XML', 'rdfxml', rdfXmlPage('https://data.example.fr/catalog.xml', size, 1, size), size],
    ['JSON-LD @graph, nested nodes', 'jsonld', jsonLdDump(600), 600],
  ];
  for (const [name, syntax, document, count] of cases) {
    it(`gives each record of the ${name} dump exactly what grouping the whole document at once gives`, async () => {
      const whole = await records(document, syntax, 10_000_000);
      expect(whole.size).toBe(count);
      // A window a few records wide: its edge cuts through a record at nearly every sweep.
      for (const window of [2_000, 3_333]) {
        const streamed = await records(document, syntax, window);
        const differing = [...whole].filter(([id, body]) => streamed.get(id) !== body).map(([id]) => id);
        expect({ window, differing }).toEqual({ window, differing: [] });
      }
    });
  }
});
