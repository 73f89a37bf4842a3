/**
 * Facet counting A/B in one process (issue 8): the SQL count (search-facets.ts) against the
 * in-memory facet index (facet-index.ts), for the filter sets of bench/search.ts, one request at a
 * time, over the database bench/search.ts loads (`moisson_bench_search_<N>`, kept between runs).
 *
 *   node --import tsx bench/search-facets.ts [datasets=100000] [rounds=5]
 *
 * Prints, per filter set and way, the median and worst wall ms over the rounds, the process CPU ms
 * (user+sys: Node's share; PostgreSQL's is not in it) per count, and the load average.
 */
import { loadavg } from 'node:os';
import { openStore, type SearchFilters } from '@moisson/store';
import { FacetIndexSync } from '../packages/store/src/facet-index-sync.js';
import { countFacets } from '../packages/store/src/search-facets.js';

const size = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);
const url = new URL(process.env.MOISSON_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_bench');
url.pathname = `/moisson_bench_search_${size}`;
const store = await openStore(url.href, 4);

const CC_BY = 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0';
const searches: Array<[string, SearchFilters]> = [
  ['browse all', {}],
  ['q=transports', { q: 'transports' }],
  ['q=sante', { q: 'sante' }],
  ['q=donnees (all)', { q: 'donnees' }],
  ['q=energie', { q: 'energie' }],
  ['keyword=mot-42', { keyword: ['mot-42'] }],
  ['q=culture licence=CC-BY', { q: 'culture', license: [CC_BY] }],
  ['bbox=2,45,2.2,45.2', { bbox: [2, 45, 2.2, 45.2] }],
  ['modified_since=2024-01-01', { modifiedSince: '2024-01-01T00:00:00Z' }],
  ['q=agriculture quality_min=60', { q: 'agriculture', qualityMin: 60 }],
];

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000, value };
}

const sync = new FacetIndexSync(store.pool);
const load = await timed(() => sync.refresh());
console.log(`index load: ${load.ms.toFixed(0)} ms wall, ${load.cpu.toFixed(0)} ms CPU, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB, load ${loadavg()[0]?.toFixed(1)}`);

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} / ${sorted[sorted.length - 1]?.toFixed(1)}`;
};
console.log('filter set | SQL median / worst ms (CPU ms) | index median / worst ms (CPU ms) | total');
for (const [name, filters] of searches) {
  const sql: number[] = [];
  const index: number[] = [];
  let sqlCpu = 0;
  let indexCpu = 0;
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    const a = await timed(() => countFacets(store.pool, filters, 'active', 20));
    const b = await timed(() => sync.count(filters, 'active', 20));
    if (!b.value) throw new Error(`${name}: the index could not count (a writer is committing?)`);
    if (JSON.stringify(a.value) !== JSON.stringify(b.value.counts)) throw new Error(`${name}: the index and SQL counts differ`);
    sql.push(a.ms);
    index.push(b.ms);
    sqlCpu += a.cpu;
    indexCpu += b.cpu;
    total = a.value.total;
  }
  console.log(`${name} | ${stats(sql)} (${(sqlCpu / rounds).toFixed(1)}) | ${stats(index)} (${(indexCpu / rounds).toFixed(1)}) | ${total}`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await store.close();
