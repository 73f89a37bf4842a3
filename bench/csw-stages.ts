/**
 * Where one CSW ISO 19139 record's CPU goes, stage by stage, on the generated catalogue
 * (bench/generate/csw.ts, ~24 KB GeoNetwork records): the harvester's `pages` over in-memory
 * pages, then each step `processPage` takes, timed apart on the same records. Every stage is
 * run over the whole set before the next one, so each figure is its own loop's CPU time
 * (process.cpuUsage, user + system) divided by the records; "whole path" is `pages` +
 * `processPage` together, the figure the stages should add up to.
 *
 *   node --import tsx bench/csw-stages.ts [records=5000] [rounds=3]
 *
 * Imports the built harvester (`npx tsc -b harvesters/csw packages/queue` first).
 */
import type { AnyHarvester, Page } from '@moisson/core';
import { contentHash, identityKeys, type NormalisedRecord } from '@moisson/core';
import { cswHarvester, getRecordByIdUrl, ISO_SCHEMA, normaliseIso, parseXml, readCswResponse, type CswRecord } from '@moisson/harvester-csw';
import { processPage, toWrite } from '../packages/queue/src/records.js';
import { CSW_PATH, getRecordsPage } from './generate/csw.js';
import { MemoryHttp } from './support/memory-http.js';

const size = Number(process.argv[2] ?? 5_000);
const rounds = Number(process.argv[3] ?? 3);
const pageSize = 100;
const url = `https://catalogue.example.fr${CSW_PATH}`;
const bodies: string[] = [];
for (let start = 1; start <= size; start += pageSize) bodies.push(getRecordsPage(size, start, pageSize));
const byStart = new Map(bodies.map((body, i) => [1 + i * pageSize, body]));
const routes = {
  [CSW_PATH]: (request: { body: string; url: URL }) => {
    const start = Number(/startPosition="(\d+)"/.exec(request.body)?.[1] ?? request.url.searchParams.get('startPosition') ?? 1);
    return { body: byStart.get(start) ?? '' };
  },
};
const source = { id: 'bench', name: 'bench', url, filters: [], config: { pageSize } };
const ctx = { source: { id: 'bench', name: 'bench', url }, config: { pageSize }, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
const harvester = cswHarvester as unknown as AnyHarvester;

function cpuMs(work: () => void | Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  return Promise.resolve(work()).then(() => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
}

async function collectPages(): Promise<Page<CswRecord>[]> {
  const pages: Page<CswRecord>[] = [];
  for await (const page of cswHarvester.pages(source, null, new MemoryHttp(routes as never))) pages.push(page);
  return pages;
}

const pages = await collectPages();
const records = pages.flatMap((page) => page.records);
const trees = records.map((record) => parseXml(record.raw.xml));
const normalised: NormalisedRecord[] = records.map((record) => cswHarvester.normalise(record.raw, ctx as never));
if (records.length !== size) throw new Error(`expected ${size} records, read ${records.length}`);

const stages: Array<[string, () => void | Promise<void>]> = [
  ['whole path: pages + processPage', async () => {
    for await (const page of harvester.pages(source, null, new MemoryHttp(routes as never))) processPage(harvester, page, ctx as never);
  }],
  ['  readCswResponse (page slicer)', () => void bodies.forEach((body) => readCswResponse(body))],
  ['  parseXml (record → tree)', () => void records.forEach((record) => parseXml(record.raw.xml))],
  ['  normaliseIso (tree → dataset)', () => void trees.forEach((tree) => normaliseIso(tree.element))],
  ['  getRecordByIdUrl', () => void normalised.forEach((n) => getRecordByIdUrl(url, n.remoteId, ISO_SCHEMA))],
  ['  contentHash', () => void normalised.forEach((n) => contentHash({ dataset: n.dataset, chain: n.chain, remoteUrl: n.remoteUrl, remoteModified: n.remoteModified }))],
  ['  identityKeys', () => void normalised.forEach((n) => identityKeys(n.dataset, n.chain, { url, remoteId: n.remoteId }))],
  ['  toWrite (hash + keys + row)', () => void normalised.forEach((n, i) => toWrite(n, records[i]!.original, { sourceUrl: url, ownUrls: [] }))],
];

const totals = new Map<string, number[]>();
for (let round = 0; round < rounds + 1; round++) {
  for (const [name, work] of stages) {
    const ms = await cpuMs(work);
    if (round > 0) totals.set(name, [...(totals.get(name) ?? []), ms]); // round 0 warms up
  }
}
const { rss } = process.memoryUsage();
console.log(`${size} generated ISO 19139 records (${(bodies.reduce((n, b) => n + b.length, 0) / size / 1e3).toFixed(1)} kB each), ${rounds} rounds, median CPU ms per record:`);
for (const [name, list] of totals) {
  const median = [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  const perRecord = median / size;
  console.log(`${name.padEnd(36)} ${perRecord.toFixed(3)} ms  (${(1000 / perRecord).toFixed(0)} records per CPU-second)`);
}
console.log(`rss now ${(rss / 1024 / 1024).toFixed(0)} MB (the pages and trees are all held); load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
