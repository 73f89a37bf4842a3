import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InvalidRecord, SkipRecord } from '@moisson/core';
import { describe, expect, it } from 'vitest';
import { chooseSyntax, DatasetGrouper, parseTriples } from '@moisson/harvester-dcat';
import { dcatHarvester } from '@moisson/harvester-dcat';
import { corpusFiles } from '../support/corpus.js';

/** Every DCAT file, plus the RDF outputs kept among the ODS and CSW responses (recognised by extension or content). */
function rdfFiles(): Array<{ path: string; syntax: NonNullable<ReturnType<typeof chooseSyntax>> }> {
  const out: Array<{ path: string; syntax: NonNullable<ReturnType<typeof chooseSyntax>> }> = [];
  for (const path of [...corpusFiles('dcat'), ...corpusFiles('ods'), ...corpusFiles('csw')]) {
    const head = readFileSync(path, 'utf8').slice(0, 4096);
    const fromDcat = path.includes('/dcat/');
    const looksRdf = /\.(ttl|nt|nq|rdf|jsonld|n3|trig)$/i.test(path) || /rdf:RDF|@prefix|dcat#|"@context"/.test(head);
    if (!fromDcat && !looksRdf) continue;
    const syntax = chooseSyntax({ url: pathToFileURL(path).href, head });
    if (syntax) out.push({ path, syntax });
  }
  return out;
}

const files = rdfFiles();
const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?)?)?$/;

describe.skipIf(files.length === 0)('dcat corpus', () => {
  it.each(files)('$path normalises to titled, identified records or clear errors', async ({ path, syntax }) => {
    const base = pathToFileURL(path).href.replace(/^file:\/\//, 'http://corpus.local');
    const grouper = new DatasetGrouper(200_000);
    const groups = [];
    let parseError: unknown;
    try {
      for await (const batch of parseTriples([readFileSync(path, 'utf8')], syntax, base)) {
        for (const t of batch) grouper.add(t);
        groups.push(...grouper.ready());
      }
      groups.push(...grouper.finish());
    } catch (error) {
      parseError = error;
    }
    if (parseError) {
      // an error envelope or a broken document: it must say what is wrong
      expect((parseError as Error).message).toMatch(/^invalid (turtle|ntriples|nquads|trig|rdfxml|jsonld) document: ./);
      return;
    }
    for (const group of groups) {
      try {
        const record = dcatHarvester.normalise({ subject: group.subject, kind: group.kind, triples: group.triples }, { source: { url: base }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00Z' });
        expect(record.remoteId.length).toBeGreaterThan(0);
        expect(record.dataset.title.length).toBeGreaterThan(0);
        for (const date of [record.dataset.issued, record.dataset.modified, ...record.dataset.distributions.map((d) => d.modified)]) {
          if (date !== undefined) expect(date).toMatch(DATE);
        }
        for (const d of record.dataset.distributions) if (d.byteSize !== undefined) expect(Number.isInteger(d.byteSize)).toBe(true);
        if (record.chain.length > 0) expect(record.chain[0]?.role).toBe('origin');
      } catch (error) {
        if (!(error instanceof InvalidRecord) && !(error instanceof SkipRecord)) throw error;
        expect(error.message.length).toBeGreaterThan(0);
      }
    }
  });
});
