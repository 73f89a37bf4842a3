/**
 * Cold searches A/B in one process (issue 8): this checkout's `SearchRepository` against another
 * checkout's (MOISSON_BENCH_BASE, e.g. a worktree of main), alternated request by request, one at a
 * time, over the database bench/search.ts loads (`moisson_bench_search_<N>`, kept between runs).
 * Cache off: every request matches, ranks, pages and counts. CPU is counted on both sides, the
 * process's (user+sys) and PostgreSQL's (its backend's /proc stat, 10 ms ticks, summed over the
 * rounds), so the figures hold on a busy machine better than wall times do.
 *
 *   MOISSON_BENCH_BASE=/work/main node --import tsx bench/search-ab.ts [datasets=100000] [rounds=20]
 *
 * Both checkouts' sources are imported as they are (tsx): no build needed. Prints, per search and
 * side, the median and p95 wall ms, node CPU ms and PostgreSQL CPU ms per request, and the load.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import type { SearchQuery, SearchRepository } from '../packages/store/src/search.js';

const size = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 20);
const base = process.env.MOISSON_BENCH_BASE;
if (!base) throw new Error('MOISSON_BENCH_BASE: the other checkout to compare with');
const url = new URL(process.env.MOISSON_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_bench');
url.pathname = `/moisson_bench_search_${size}`;

type Repository = new (pool: pg.Pool, options: { cacheSize: number }) => SearchRepository;
const sides: Array<{ name: string; pool: pg.Pool; search: SearchRepository }> = [];
for (const [name, root] of [['base', resolve(base)], ['this', resolve(import.meta.dirname, '..')]] as const) {
  const { SearchRepository: Search } = (await import(`${root}/packages/store/src/search.ts`)) as { SearchRepository: Repository };
  // One connection a side: one PostgreSQL backend whose CPU is read.
  const pool = new pg.Pool({ connectionString: url.href, max: 1 });
  const search = new Search(pool, { cacheSize: 0 });
  const started = performance.now();
  await search.loadFacetIndex();
  console.log(`${name}: index loaded in ${Math.round(performance.now() - started)} ms`);
  sides.push({ name, pool, search });
}

const CC_BY = 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0';
/** The searches of bench/search.ts, as the API passes them. */
const searches: Array<[string, SearchQuery]> = [
  ['browse all', {}],
  ['q=transports', { q: 'transports' }],
  ['q=sante', { q: 'sante' }],
  ['q=donnees (all)', { q: 'donnees' }],
  ['q=energie sort=modified', { q: 'energie', sort: 'modified' }],
  ['keyword=mot-42', { keyword: ['mot-42'] }],
  ['q=culture licence=CC-BY', { q: 'culture', license: [CC_BY] }],
  ['bbox=2,45,2.2,45.2', { bbox: [2, 45, 2.2, 45.2] }],
  ['modified_since=2024-01-01 sort=modified', { modifiedSince: '2024-01-01T00:00:00Z', sort: 'modified' }],
  ['q=agriculture quality_min=60 page 3', { q: 'agriculture', qualityMin: 60, pageSize: 20, page: 3 }],
];

/** user+sys of a PostgreSQL backend, in ms (clock ticks of 10 ms). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
console.log(`search | side | wall p50 / p95 ms | node CPU ms | PostgreSQL CPU ms | same result (load ${loadavg()[0]?.toFixed(1)})`);
for (const [name, query] of searches) {
  const stats = sides.map(() => ({ walls: [] as number[], node: 0, pg: 0 }));
  let same = true;
  for (let round = 0; round < rounds + 1; round++) {
    const results: string[] = [];
    for (const [i, side] of sides.entries()) {
      const { rows } = await side.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pid = rows[0]?.pid as number;
      const pgBefore = backendCpuMs(pid);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await side.search.search(query);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      results.push(JSON.stringify(result));
      if (round === 0) continue; // warm-up: the first request of a side loads the query's plan and caches
      const stat = stats[i] as (typeof stats)[number];
      stat.walls.push(wall);
      stat.node += (used.user + used.system) / 1000;
      stat.pg += backendCpuMs(pid) - pgBefore;
    }
    same &&= results.every((r) => r === results[0]);
  }
  sides.forEach((side, i) => {
    const stat = stats[i] as (typeof stats)[number];
    console.log(
      `${name} | ${side.name} | ${pct(stat.walls, 50).toFixed(1)} / ${pct(stat.walls, 95).toFixed(1)} | ${(stat.node / rounds).toFixed(1)} | ${(stat.pg / rounds).toFixed(1)} | ${same}`,
    );
  });
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const side of sides) await side.pool.end();
