/**
 * CSW ISO 19139 throughput: a generated 100,000-record GetRecords listing (pages of 100) built
 * from the GeoNetwork fixture record, each page sliced (readCswResponse) and every record
 * normalised, as `pages` + `normalise` do in a harvest (HTTP aside). Then the largest real CSW
 * file of the corpus, when there is one. Prints records/s and peak RSS, and the XML reader alone
 * (saxes → tree) on the fixture record, to tell parsing from normalising on a shared machine.
 *
 *   node --import tsx bench/csw-normalise.ts [records] [pageSize]
 */
import { readFileSync, statSync } from 'node:fs';
import { corpusFiles } from '../test/support/corpus.js';
import { normaliseCswRecord, parseXml, readCswResponse } from '../harvesters/csw/src/index.js';

const total = Number(process.argv[2] ?? 100_000);
const pageSize = Number(process.argv[3] ?? 100);
const ctx = { source: { url: 'https://www.geo2france.fr/geonetwork/srv/fre/csw' }, config: {}, filters: [], harvestedAt: new Date().toISOString() };
const template = readFileSync(new URL('../harvesters/csw/test/fixtures/geonetwork-iso-record.xml', import.meta.url), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');

let peakRss = process.memoryUsage().rss;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function page(start: number, count: number): string {
  const records: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i;
    records.push(
      template
        .replace('4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91', `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`)
        .replace('de type 1</gco:CharacterString>', `de type 1 n°${n}</gco:CharacterString>`),
    );
  }
  const next = start + count > total ? 0 : start + count;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" version="2.0.2"><csw:SearchStatus timestamp="2024-03-19T08:13:39Z"/><csw:SearchResults numberOfRecordsMatched="${total}" numberOfRecordsReturned="${count}" nextRecord="${next}" elementSet="full">${records.join('\n')}</csw:SearchResults></csw:GetRecordsResponse>`;
}

interface Result {
  records: number;
  failed: number;
  /** Wall-clock milliseconds spent slicing and normalising. */
  ms: number;
  /** CPU milliseconds (user + system) this process spent on the same work: the figure for "one core" on a busy machine. */
  cpuMs: number;
  bytes: number;
}

function run(pages: Iterable<string>): Result {
  let records = 0;
  let failed = 0;
  let ms = 0;
  let cpuMs = 0;
  let bytes = 0;
  for (const text of pages) {
    bytes += text.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const response = readCswResponse(text);
    if (response.kind !== 'results') throw new Error(`unexpected ${response.kind}`);
    for (const record of response.records) {
      try {
        normaliseCswRecord({ xml: record.xml }, ctx);
        records++;
      } catch {
        failed++;
      }
    }
    ms += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuMs += (cpu.user + cpu.system) / 1000;
    sampleRss();
  }
  return { records, failed, ms, cpuMs, bytes };
}

function* generated(): Iterable<string> {
  for (let start = 1; start <= total; start += pageSize) yield page(start, Math.min(pageSize, total - start + 1));
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
run((function* () { for (let start = 1; start <= 2_000; start += pageSize) yield page(start, pageSize); })()); // warm-up
const result = run(generated());
console.log(`generated ISO 19139 CSW: ${result.records} records (${result.failed} failed) in ${total / pageSize} pages, ${(result.bytes / 1e6).toFixed(0)} MB of XML`);
const rate = (r: Result, ms: number) => (r.records / (ms / 1000)).toFixed(0);
console.log(`  ${rate(result, result.cpuMs)} records per CPU-second (slice + parse + normalise, one thread), ${(result.bytes / 1e6 / (result.cpuMs / 1000)).toFixed(1)} MB/CPU-s`);
console.log(`  ${rate(result, result.ms)} records/s wall clock (lower when other processes share the cores), peak RSS ${mb(peakRss)} MB`);

{
  const rounds = 3_000;
  for (let i = 0; i < 300; i++) parseXml(template);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < rounds; i++) parseXml(template);
  const cpu = process.cpuUsage(cpu0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  console.log(`  reader alone (parseXml on the ${(template.length / 1e3).toFixed(0)} kB fixture record): ${(rounds / seconds).toFixed(0)} records per CPU-second, ${((rounds * template.length) / 1e6 / seconds).toFixed(1)} MB/CPU-s`);
}

const largest = corpusFiles('csw').sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (largest) {
  const text = readFileSync(largest, 'utf8');
  if (/GetRecordsResponse/.test(text.slice(0, 2000))) {
    const rounds = 20;
    const real = run(Array.from({ length: rounds }, () => text));
    console.log(`largest real fixture ${largest} (${(text.length / 1e3).toFixed(0)} kB): ${rate(real, real.cpuMs)} records per CPU-second, ${rate(real, real.ms)} wall, over ${rounds} rounds (${real.failed / rounds} invalid per round), peak RSS ${mb(peakRss)} MB`);
  }
} else {
  console.log('no real CSW corpus (MOISSON_CORPUS): real-fixture figure skipped');
}
