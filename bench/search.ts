/**
 * The public query API under load (issue 8): N generated CKAN-shaped datasets (bench/generate/ckan.ts,
 * with varied extents and dates) are normalised and written through `commitPage` (so the search
 * triggers run as in a harvest), then the API listens on loopback and a concurrent loop measures
 * p50/p95 of 10 typical searches with facets and of a dataset fetch in each RDF syntax.
 *
 *   node --import tsx bench/search.ts [datasets=100000] [requests=200] [concurrency=4]
 *
 * The database `moisson_bench_search_<N>` is kept so a second run skips the load; MOISSON_BENCH_FRESH=1 reloads.
 * Each search is repeated, so with the search cache on (the default) every request after the
 * first is a cache hit: the warm figure. MOISSON_BENCH_SEARCH_CACHE=0 turns the cache off: every
 * request ranks its page and counts its facets, the cold figure. MOISSON_BENCH_FACET_INDEX=0 counts
 * facets in SQL instead of the in-memory facet index (the way before it, for an A/B).
 */
import { loadavg } from 'node:os';
import { buildApi } from '@moisson/api';
import { HttpClient } from '@moisson/http';
import type { HarvestQueue } from '@moisson/queue';
import { harvesterFor } from '@moisson/registry';
import { commitPage, createDatabaseIfMissing, dropDatabase, openStore, type Store } from '@moisson/store';
import { toRemoteRecord } from '../harvesters/ckan/src/pages.js';
import { processPage } from '../packages/queue/src/records.js';
import { ckanPackage } from './generate/ckan.js';

const size = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 200);
const concurrency = Number(process.argv[4] ?? 4);
const cacheSize = Number(process.env.MOISSON_BENCH_SEARCH_CACHE ?? 1000);
const facetIndex = process.env.MOISSON_BENCH_FACET_INDEX !== '0';
const PAGE = 500;

async function load(store: Store): Promise<number> {
  const harvester = harvesterFor('ckan')!;
  const source = await store.sources.create({ name: 'bench search', url: 'https://ckan.example.fr', protocol: 'ckan', config: {} });
  const { job } = await store.jobs.createIfIdle(source.id, 'manual');
  const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
  const started = performance.now();
  for (let start = 0; start < size; start += PAGE) {
    const records = [];
    for (let i = start; i < Math.min(start + PAGE, size); i++) records.push(toRemoteRecord(ckanPackage(i) as never));
    const page = processPage(harvester, { url: 'bench', records, next: null }, ctx);
    page.datasets.forEach((d, n) => {
      const i = start + n;
      const [w, s] = [-5 + (i % 100) / 10, 42 + (i % 80) / 10];
      d.data.spatial = [{ bbox: [w, s, w + 0.5, s + 0.5] }];
      d.data.modified = `${2015 + (i % 10)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    });
    await commitPage(store.pool, { sourceId: source.id, jobId: job.id, ...page, cursor: null });
    if ((start / PAGE) % 20 === 0) process.stderr.write(`\rloaded ${start + page.datasets.length}/${size}`);
  }
  process.stderr.write('\n');
  await store.pool.query('VACUUM ANALYZE datasets');
  await store.pool.query('VACUUM ANALYZE dataset_search');
  return (performance.now() - started) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(base: string, paths: string[], accept?: string): Promise<{ p50: number; p95: number; bytes: number; cpuMsPerRequest: number }> {
  for (const path of paths.slice(0, 5)) await (await fetch(base + path)).arrayBuffer();
  const cpu = process.cpuUsage();
  const latencies: number[] = [];
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const path = paths[next++ % paths.length] as string;
      const started = performance.now();
      const response = await fetch(base + path, { headers: accept ? { accept } : {} });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
      latencies.push(performance.now() - started);
      bytes += body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const used = process.cpuUsage(cpu);
  // The API's CPU (this process: client and server); PostgreSQL's is not in it.
  const cpuMsPerRequest = Math.round((used.user + used.system) / 1000 / latencies.length);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), bytes: Math.round(bytes / latencies.length), cpuMsPerRequest };
}

const url = new URL(process.env.MOISSON_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_bench');
url.pathname = `/moisson_bench_search_${size}`;
if (process.env.MOISSON_BENCH_FRESH) await dropDatabase(url.href);
await createDatabaseIfMissing(url.href);
const store = await openStore(url.href, 8, { search: { cacheSize, facetIndex } });
const { rows } = await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM datasets');
let loadSeconds: number | undefined;
if ((rows[0]?.n ?? 0) < size) {
  if ((rows[0]?.n ?? 0) > 0) throw new Error(`${url.pathname} is half loaded: rerun with MOISSON_BENCH_FRESH=1`);
  loadSeconds = await load(store);
}

const indexStarted = performance.now();
await store.search.loadFacetIndex();
const facetIndexLoadMs = Math.round(performance.now() - indexStarted);
process.stderr.write(`facet index loaded in ${facetIndexLoadMs} ms, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB\n`);

const app = buildApi({
  store,
  queue: {} as HarvestQueue, // the public routes never enqueue
  http: new HttpClient(),
  adminToken: 'bench-token-long-enough',
  publicUrl: 'https://moisson.example.org',
  rateLimit: false,
});
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const CC_BY = encodeURIComponent('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0');
const searches: Array<[string, string]> = [
  ['browse all (title order, all facets)', '/api/datasets'],
  ['q=transports', '/api/datasets?q=transports'],
  ['q=sante (accents folded)', '/api/datasets?q=sante'],
  ['q=donnees (matches every dataset)', '/api/datasets?q=donnees'],
  ['q=energie sort=modified', '/api/datasets?q=energie&sort=modified'],
  ['keyword=mot-42', '/api/datasets?keyword=mot-42'],
  ['q=culture licence=CC-BY', `/api/datasets?q=culture&license=${CC_BY}`],
  ['bbox=2,45,2.2,45.2', '/api/datasets?bbox=2,45,2.2,45.2'],
  ['modified_since=2024-01-01 sort=modified', '/api/datasets?modified_since=2024-01-01T00:00:00Z&sort=modified'],
  ['q=agriculture quality_min=60 page 3 by cursor', '/api/datasets?q=agriculture&quality_min=60&pageSize=20&page=3'],
];

const results: Record<string, unknown> = { datasets: size, loadSeconds, requests, concurrency, cacheSize, facetIndex, facetIndexLoadMs, loadAverage: loadavg() };
for (const [name, path] of searches) {
  results[name] = await measure(base, [path]);
  process.stderr.write(`${name}: ${JSON.stringify(results[name])}\n`);
}
const { rows: sample } = await store.pool.query<{ id: string }>('SELECT id FROM datasets ORDER BY random() LIMIT 200');
const ids = sample.map((r) => `/api/datasets/${r.id}`);
for (const accept of ['application/json', 'text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples']) {
  results[`GET dataset ${accept}`] = await measure(base, ids, accept);
  process.stderr.write(`${accept}: ${JSON.stringify(results[`GET dataset ${accept}`])}\n`);
}
results['GET /catalog.ttl page 500'] = await measure(base, ['/catalog.ttl?page=500']);
console.log(JSON.stringify(results, null, 2));
await app.close();
await store.close();
