import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { describe, expect, it } from 'vitest';
import { catalogToQuads, datasetToQuads } from '../src/index.js';
import { ckanEntry, minimalEntry, OPTIONS, serviceEntry } from './entries.js';

/**
 * The official DCAT-AP 3.0.1 shapes, read in place (never copied into the repository).
 * Core shapes (`dcat-ap-3.0.1-shapes.ttl`) must give zero violations. The range shapes need
 * the vocabularies' own class declarations (EU NAL, IANA…) for IRIs we only point to, so their
 * results are reported, not failed on; the recommended shapes give a count (quality score).
 * Left out: `mdr-vocabularies.shape.ttl` (checks `skos:inScheme` of every NAL concept, which
 * needs the NAL data from `mdr_imports.ttl`'s external imports) and `deprecateduris.ttl`.
 */
const here = dirname(fileURLToPath(import.meta.url));
const shaclDir = process.env.MOISSON_SHACL ?? resolve(here, '../../../../shared/shacl');
const present = existsSync(join(shaclDir, 'dcat-ap-3.0.1-shapes.ttl'));
if (!present) process.stderr.write(`DCAT-AP SHACL shapes not found in ${shaclDir}: SHACL suite skipped (set MOISSON_SHACL)\n`);

function shapes(...files: string[]): Store {
  const store = new Store();
  for (const file of files) store.addQuads(new Parser({ format: 'text/turtle' }).parse(readFileSync(join(shaclDir, file), 'utf8')));
  return store;
}

interface Finding {
  focus: string;
  path: string;
  message: string;
  severity: string;
}

async function validate(shapeStore: Store, quads: Quad[]): Promise<Finding[]> {
  const report = await new SHACLValidator(shapeStore).validate(new Store(quads));
  return report.results.map((r) => ({
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join(' '),
    severity: r.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? '',
  }));
}

const outputs: Array<[string, () => Quad[]]> = [
  ['CKAN dataset with a 3-hop chain', () => datasetToQuads(ckanEntry(), OPTIONS)],
  ['bare CSW record (no description, download URL only)', () => datasetToQuads(minimalEntry(), OPTIONS)],
  ['archived WMS data service', () => datasetToQuads(serviceEntry(), OPTIONS)],
  [
    'catalogue page with the same dataset from two sources and Hydra paging',
    () => {
      const again = ckanEntry();
      again.id = '43';
      again.source = { id: 'dgf', name: 'data.gouv.fr', url: 'https://www.data.gouv.fr', protocol: 'ckan' };
      return catalogToQuads(
        { entries: [ckanEntry(), minimalEntry(), serviceEntry(), again], page: { current: 'https://moisson.example.org/catalog?page=1', next: 'https://moisson.example.org/catalog?page=2', totalItems: 4 } },
        OPTIONS,
      );
    },
  ],
];

describe.skipIf(!present)('DCAT-AP 3.0.1 SHACL', () => {
  const core = present ? shapes('dcat-ap-3.0.1-shapes.ttl') : new Store();
  const range = present ? shapes('dcat-ap-3.0.1-range.ttl') : new Store();
  const recommended = present ? shapes('dcat-ap-3.0.1-shapes_recommended.ttl') : new Store();

  it.each(outputs)('%s: zero violations of the core shapes', async (name, build) => {
    const quads = build();
    const findings = await validate(core, quads);
    expect(findings).toEqual([]);
    const ranges = await validate(range, quads);
    const advice = await validate(recommended, quads);
    process.stdout.write(`SHACL ${name}: core 0, range ${ranges.length}, recommended ${advice.length}\n`);
    for (const f of ranges) process.stdout.write(`  ${f.severity} ${f.path} on ${f.focus}: ${f.message}\n`);
  });

  it('would catch a violation (the engine and shapes are really loaded)', async () => {
    const quads = datasetToQuads(minimalEntry(), OPTIONS).filter((q) => q.predicate.value !== 'http://www.w3.org/ns/dcat#accessURL');
    const findings = await validate(core, quads);
    expect(findings.map((f) => f.path)).toEqual(['http://www.w3.org/ns/dcat#accessURL']);
  });
});
