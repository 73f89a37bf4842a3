/**
 * DCAT-AP output throughput of @moisson/rdf: N entries (a mix of a CKAN dataset with two
 * distributions and a 3-hop chain, a bare CSW record and a WMS service, each with its own ids)
 * turned into quads and written in each syntax, two ways: one document per dataset (the API's
 * `GET /api/datasets/:id`) and catalogue pages of 100 (`GET /catalog`). Prints entries/s, MB/s
 * of output and the output size per entry.
 *
 *   node --import tsx bench/rdf-serialise.ts [entries=10000]
 */
import { catalogToQuads, datasetToQuads, serialise, type CatalogEntry, type RdfMediaType } from '../packages/rdf/src/index.js';
import { ckanEntry, minimalEntry, OPTIONS, serviceEntry } from '../packages/rdf/test/entries.js';

const total = Number(process.argv[2] ?? 10_000);

function entries(): CatalogEntry[] {
  const makers = [ckanEntry, minimalEntry, serviceEntry];
  return Array.from({ length: total }, (_, i) => {
    const entry = makers[i % makers.length]!();
    entry.id = `e${i}`;
    if (entry.dataset.uri) entry.dataset.uri = `${entry.dataset.uri.replace(/[#/]?$/, '')}-${i}`;
    entry.dataset.title = entry.dataset.title.map((t) => ({ ...t, value: `${t.value} n°${i}` }));
    entry.dataset.distributions.forEach((d, n) => {
      if (d.uri) d.uri = `${d.uri}-${i}-${n}`;
    });
    return entry;
  });
}

const formats: RdfMediaType[] = ['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json'];
const all = entries();

function run(label: string, documents: () => Iterable<string>): void {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (const text of documents()) bytes += Buffer.byteLength(text);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mb = bytes / 1e6;
  console.log(
    `${label.padEnd(38)} ${String(Math.round(total / seconds)).padStart(7)} entries/s  ${(mb / seconds).toFixed(1).padStart(6)} MB/s  ${(bytes / total / 1024).toFixed(1).padStart(5)} KiB/entry  (${seconds.toFixed(2)} s, ${mb.toFixed(1)} MB)`,
  );
}

// Warm-up so the first format measured does not pay for JIT compilation.
for (const f of formats) serialise(datasetToQuads(all[0]!, OPTIONS), f);

const quadStart = process.hrtime.bigint();
let quadCount = 0;
for (const e of all) quadCount += datasetToQuads(e, OPTIONS).length;
const quadSeconds = Number(process.hrtime.bigint() - quadStart) / 1e9;
console.log(`quads only: ${Math.round(total / quadSeconds)} entries/s, ${Math.round(quadCount / total)} quads/entry, ${Math.round(quadCount / quadSeconds)} quads/s`);

for (const format of formats) {
  run(`per dataset  ${format}`, function* () {
    for (const e of all) yield serialise(datasetToQuads(e, OPTIONS), format);
  });
}
for (const format of formats) {
  run(`pages of 100 ${format}`, function* () {
    for (let i = 0; i < all.length; i += 100) yield serialise(catalogToQuads({ entries: all.slice(i, i + 100), page: { current: `${OPTIONS.publicUrl}catalog?page=${i / 100 + 1}`, totalItems: total } }, OPTIONS), format);
  });
}
console.log(`peak RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
