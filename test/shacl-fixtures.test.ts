import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { describe, expect, it } from 'vitest';
import { completeChain, type NormalisedRecord } from '@moisson/core';
import { datasetToQuads, type CatalogEntry } from '@moisson/rdf';
import { fixtureRecords } from './support/fixture-records.js';

/**
 * Issue 8: the DCAT-AP output of every dataset our harvesters make from their fixtures, whatever
 * the protocol, through the official DCAT-AP 3.0.1 core shapes (read in place from
 * ../shared/shacl or MOISSON_SHACL): zero violations.
 */
const here = dirname(fileURLToPath(import.meta.url));
const shaclDir = process.env.MOISSON_SHACL ?? resolve(here, '../../shared/shacl');
const present = existsSync(join(shaclDir, 'dcat-ap-3.0.1-shapes.ttl'));
if (!present) process.stderr.write(`DCAT-AP SHACL shapes not found in ${shaclDir}: fixture SHACL suite skipped (set MOISSON_SHACL)\n`);

const OPTIONS = { publicUrl: 'https://moisson.example.org', catalogTitle: 'moisson' };
const SOURCE = (protocol: string, url: string) => ({ id: `source-${protocol}`, name: `${protocol} source`, url, protocol });

function entry(protocol: string, url: string, record: NormalisedRecord, n: number): CatalogEntry {
  const info = { source: SOURCE(protocol, url), remoteId: record.remoteId, remoteUrl: record.remoteUrl, remoteModified: record.remoteModified, firstSeen: '2026-01-02T10:00:00.000Z', lastChanged: '2026-01-03T10:00:00.000Z', lastSeen: '2026-01-04T10:00:00.000Z' };
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    dataset: record.dataset,
    chain: completeChain(record.chain, info, { title: OPTIONS.catalogTitle, url: OPTIONS.publicUrl }),
    firstSeen: info.firstSeen,
    lastChanged: info.lastChanged,
    status: 'active',
    source: info.source,
  };
}

async function fixtureEntries(): Promise<Array<[string, CatalogEntry]>> {
  return (await fixtureRecords()).map(({ label, protocol, url, record }, n) => [`${protocol}: ${label}`, entry(protocol, url, record, n + 1)]);
}

/** Results of severity Violation (the core shapes also hold a few Warnings, e.g. a series with no member). */
async function violations(shapes: Store, quads: Quad[]): Promise<string[]> {
  const report = await new SHACLValidator(shapes).validate(new Store(quads));
  return report.results
    .filter((r) => r.severity?.value === 'http://www.w3.org/ns/shacl#Violation')
    .map((r) => `${r.path?.value ?? ''} on ${r.focusNode?.value ?? ''}: ${r.message.map((m) => m.value).join(' ')}`);
}

describe.skipIf(!present)('DCAT-AP 3.0.1 core shapes over every fixture-derived dataset', async () => {
  const core = new Store();
  if (present) core.addQuads(new Parser({ format: 'text/turtle' }).parse(readFileSync(join(shaclDir, 'dcat-ap-3.0.1-shapes.ttl'), 'utf8')));
  const entries = present ? await fixtureEntries() : [];

  it('covers every protocol', () => {
    expect(new Set(entries.map(([label]) => label.split(':')[0]))).toEqual(new Set(['ckan', 'csw', 'ods', 'dcat', 'ipt']));
  });

  it.each(entries)('%s: zero violations', async (_label, e) => {
    expect(await violations(core, datasetToQuads(e, OPTIONS))).toEqual([]);
  });
});
