/**
 * The quick benchmark set, printed as ONE table (see bench/README.md for each figure).
 *
 *   npm run bench                       # quick set: 10k / 100k
 *   npm run bench -- --full             # adds the 1M CKAN run (peak RSS at 1M)
 *   npm run bench -- --only ckan,dcat   # restrict the end-to-end protocols
 *   npm run bench -- --e2e-size 20000   # smaller end-to-end catalogues (a loaded machine)
 *
 * Runs against the built packages (`npx tsc -b packages/queue harvesters/csw` first).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { runE2E, type E2EResult, type E2EScenario } from './harvest-e2e.js';
import { normaliseProtocols, runNormalise } from './normalise.js';
import { runStore } from './store.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const full = args.includes('--full');
const only = flag('--only')?.split(',');
const e2eSize = Number(flag('--e2e-size') ?? 100_000);
const normaliseSize = Number(flag('--normalise-size') ?? 5_000);
const wanted = (protocol: string) => !only || only.includes(protocol);

interface Row {
  figure: string;
  protocol: string;
  size: string;
  workers: string;
  value: string;
  notes: string;
}
const rows: Row[] = [];
// Each row is also logged as soon as it is measured, so a long run that is stopped keeps its figures.
const add = (row: Row) => {
  rows.push(row);
  process.stderr.write(`row: | ${Object.values(row).join(' | ')} |\n`);
};
const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Updates a dataset cost each table, when there were any (overlapping sources: cluster moves, primary elections). */
function rowUpdates(r: E2EResult): string {
  const { datasets, search } = r.rowWritesPerDataset;
  if (datasets.updated + search.updated === 0) return '';
  return `row updates a dataset: datasets ${datasets.updated} (${datasets.hotUpdated} HOT), search ${search.updated} (${search.hotUpdated} HOT)`;
}

function e2eRows(r: E2EResult, label = 'harvest e2e'): void {
  const failures = r.error ? `FAILED: ${r.error.slice(0, 80)}` : r.failed ? `${r.failed} record errors` : '';
  add({
    figure: label,
    protocol: r.protocol,
    size: r.sources > 1 ? `${r.sources}×${k(r.size)}` : k(r.size),
    workers: String(r.workers),
    value: `${int(r.perSecond)} datasets/s`,
    notes: [`${r.seconds.toFixed(1)} s`, `${r.requests} requests`, `peak RSS ${int(r.peakRssMb)} MB`, `CPU a dataset: workers ${r.cpuMsPerDataset.workers.toFixed(2)} ms, PostgreSQL ${r.cpuMsPerDataset.postgres.toFixed(2)} ms`, rowUpdates(r), failures].filter(Boolean).join(', '),
  });
  if (r.again) {
    add({
      figure: 'unchanged re-harvest',
      protocol: r.protocol,
      size: rows.at(-1)!.size,
      workers: String(r.workers),
      value: `${r.again.seconds.toFixed(1)} s (${(r.seconds / r.again.seconds).toFixed(1)}x faster)`,
      notes: `${r.again.requests} requests, ${r.again.unchanged} unchanged, ${r.again.changed} changed; CPU s: workers ${r.again.cpuSeconds.workers}, PostgreSQL ${r.again.cpuSeconds.postgres}, catalogue server ${r.again.cpuSeconds.server}`,
    });
  }
}

/** Runs `run` with these variables set in the environment (the generated servers and harvest-e2e read them), then restores it. */
async function withEnv(vars: Record<string, string>, run: () => Promise<void>): Promise<void> {
  const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    await run();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function e2e(scenario: E2EScenario, label?: string): Promise<E2EResult | undefined> {
  log(`… ${label ?? 'e2e'} ${scenario.protocol} ${scenario.sources ?? 1}×${k(scenario.size)} with ${scenario.workers} worker(s)`);
  try {
    const result = await runE2E(scenario);
    e2eRows(result, label);
    return result;
  } catch (error) {
    add({ figure: label ?? 'harvest e2e', protocol: scenario.protocol, size: k(scenario.size), workers: String(scenario.workers), value: 'error', notes: String((error as Error).message).slice(0, 100) });
    return undefined;
  }
}

const load = loadavg()[0]!;
for (const protocol of normaliseProtocols.filter((p) => wanted(p.replace(/-.*/, '')))) {
  log(`… normalise ${protocol}`);
  const r = await runNormalise(protocol, normaliseSize);
  add({ figure: 'normalise (1 core)', protocol, size: k(r.records), workers: 'in-process', value: `${int(r.perSecond)} records/s`, notes: r.failed ? `${r.failed} failed` : '' });
}

log('… PostgreSQL commitPage');
const store = await runStore(Math.min(10_000, e2eSize));
add({ figure: 'PostgreSQL commitPage', protocol: 'ckan rows', size: k(store.rows), workers: 'in-process', value: `${int(store.insertPerSecond)} rows/s new`, notes: `${int(store.unchangedPerSecond)} rows/s unchanged, pages of ${store.pageSize}; PostgreSQL CPU ${store.insertPgCpuMsPerRow.toFixed(2)} ms a new row` });

// Flat memory: the same protocol at growing sizes, a fresh worker each (VmHWM is per process).
if (wanted('ckan')) {
  if (e2eSize > 10_000) await e2e({ protocol: 'ckan', size: 10_000, workers: 1, reharvest: false });
  for (const workers of [1, 2]) await e2e({ protocol: 'ckan', size: e2eSize, workers, reharvest: workers === 1 });
  // Its re-harvest is incremental (`fq=metadata_modified:[…]`), as CKAN answers it, then against a
  // server that ignores the filter and sends every package again.
  await e2e({ protocol: 'ckan-ignoring-modified', size: e2eSize, workers: 1 });
  if (full) await e2e({ protocol: 'ckan', size: 1_000_000, workers: 1, reharvest: false });
}
for (const protocol of ['dcat', 'ods']) {
  if (!wanted(protocol)) continue;
  for (const workers of [1, 2]) await e2e({ protocol, size: e2eSize, workers, reharvest: workers === 1 });
}
// CSW records are ~24 KB of ISO each: a tenth of the size keeps the quick set quick.
// Its re-harvest is incremental: against a server that honours the Modified constraint (GeoNetwork,
// pycsw), then against one that ignores it and sends every page again.
if (wanted('csw')) {
  await e2e({ protocol: 'csw', size: Math.max(e2eSize / 10, 1000), workers: 1 });
  await e2e({ protocol: 'csw-ignoring-modified', size: Math.max(e2eSize / 10, 1000), workers: 1 });
}

// Scaled out: 10 sources at once, 1 / 2 / 3 worker processes on the same Redis and PostgreSQL.
// Distinct portals first (no dataset in common), then ten copies of one catalogue (every page links
// clusters across sources: the worst case of cross-source identity).
if (wanted('ckan')) {
  for (const workers of [1, 2, 3]) await e2e({ protocol: 'ckan', size: e2eSize / 10, sources: 10, distinct: true, workers, reharvest: false }, 'scaled out, distinct');
  for (const workers of [1, 2, 3]) await e2e({ protocol: 'ckan', size: e2eSize / 10, sources: 10, workers, reharvest: false }, 'scaled out, same datasets');
  // The same distinct portals as remotes are: each answer 500 ms late and moisson's default
  // politeness (250 ms between requests to a host). The remotes, not this machine's two cores, are
  // then the limit, and this is how throughput grows with worker processes.
  await withEnv({ MOISSON_BENCH_LATENCY_MS: '500', MOISSON_BENCH_POLITE: '1' }, async () => {
    for (const workers of [1, 2, 3]) await e2e({ protocol: 'ckan', size: e2eSize / 10, sources: 10, distinct: true, workers, reharvest: false }, 'scaled out, remotes 500 ms');
  });
}

const head: Row = { figure: 'figure', protocol: 'protocol', size: 'size', workers: 'workers', value: 'value', notes: 'notes' };
const keys = Object.keys(head) as Array<keyof Row>;
const width = Object.fromEntries(keys.map((key) => [key, Math.max(...[head, ...rows].map((r) => r[key].length))])) as Record<keyof Row, number>;
const line = (r: Row) => `| ${keys.map((key) => r[key].padEnd(width[key])).join(' | ')} |`;
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; load average ${load.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`);
console.log(line(head));
console.log(`|${keys.map((key) => '-'.repeat(width[key] + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
process.exit(0);
