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

describe('grouping a dump larger than the window (bench/generate/dcat.ts catalogues)', () => {
  const size = 1_500;
  const cases: Array<[string, RdfSyntax, string]> = [
    ['udata Turtle, publishers and contacts as their own nodes', 'turtle', turtlePage('https://data.example.fr/api/1/site/catalog.ttl', size, 1, size)],
    ['ckanext-dcat RDF/XML', 'rdfxml', rdfXmlPage('https://data.example.fr/catalog.xml', size, 1, size)],
  ];
  for (const [name, syntax, document] of cases) {
    it(`gives each record of the ${name} dump exactly what grouping the whole document at once gives`, async () => {
      const whole = await records(document, syntax, 10_000_000);
      expect(whole.size).toBe(size);
      // A window a few records wide: its edge cuts through a record at nearly every sweep.
      for (const window of [2_000, 3_333]) {
        const streamed = await records(document, syntax, window);
        const differing = [...whole].filter(([id, body]) => streamed.get(id) !== body).map(([id]) => id);
        expect({ window, differing }).toEqual({ window, differing: [] });
      }
    });
  }
});
