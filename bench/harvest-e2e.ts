/**
 * End-to-end harvest throughput: generated catalogues on loopback, real worker PROCESSES on a
 * scratch PostgreSQL database and a unique BullMQ prefix. Times the first harvest (trigger →
 * every dataset committed, job done), then an unchanged re-harvest, and reads each worker's
 * peak RSS (VmHWM) before stopping it.
 *
 *   node --import tsx bench/harvest-e2e.ts <protocol> <size> [workers=1] [sources=1] [same|distinct]
 *
 * `distinct`: the sources share no dataset (CKAN only); by default each serves the same catalogue,
 * so every page links clusters across sources.
 */
import { fileURLToPath } from 'node:url';
import { catalogues, distinctCatalogues, type ServedCatalogue } from './generate/index.js';
import { Harness } from './support/harness.js';
import { postgresCpuMeter } from './support/postgres-cpu.js';
import { rowWritesMeter, type TableWrites } from './support/row-writes.js';

export interface E2EScenario {
  protocol: string;
  /** Datasets per source. */
  size: number;
  workers: number;
  sources?: number;
  /** Sources share no dataset (a federation of distinct portals) instead of serving one catalogue each. @defaultValue false */
  distinct?: boolean;
  /** Also time an unchanged re-harvest. @defaultValue true */
  reharvest?: boolean;
}

export interface E2EResult extends Required<E2EScenario> {
  datasets: number;
  failed: number;
  seconds: number;
  perSecond: number;
  requests: number;
  peakRssMb: number;
  /**
   * CPU milliseconds a dataset of the first harvest cost the workers and the PostgreSQL server:
   * steadier than datasets/s on a shared host, where another tenant's load (steal) slows the wall clock.
   */
  cpuMsPerDataset: { workers: number; postgres: number };
  /**
   * Row versions the first harvest wrote a dataset, per table (see support/row-writes.ts): the
   * write amplification of cluster moves and primary elections when sources overlap.
   */
  rowWritesPerDataset: { datasets: TableWrites; search: TableWrites };
  /**
   * The unchanged re-harvest. `cpuSeconds`: what it cost the workers, the PostgreSQL server and this
   * process, which serves the generated catalogues (generating a page is the remote's work, not
   * moisson's, but it shares the host's cores).
   */
  again?: { seconds: number; requests: number; unchanged: number; changed: number; replayedPages: number; cpuSeconds: { workers: number; postgres: number; server: number } };
  error?: string;
}

const hundredths = (x: number) => Math.round(x * 100) / 100;

export async function runE2E(scenario: E2EScenario): Promise<E2EResult> {
  const { protocol, size, workers } = scenario;
  const sources = scenario.sources ?? 1;
  const same = catalogues[protocol];
  const distinct = distinctCatalogues[protocol];
  if (!same) throw new Error(`no generator for ${protocol} (known: ${Object.keys(catalogues).join(', ')})`);
  if (scenario.distinct && !distinct) throw new Error(`no distinct catalogues for ${protocol} (known: ${Object.keys(distinctCatalogues).join(', ')})`);
  const serve = (n: number) => (scenario.distinct ? distinct!(size, n) : same(size));
  const harness = await new Harness().open();
  const served: ServedCatalogue[] = [];
  try {
    for (let s = 0; s < sources; s++) served.push(await serve(s));
    const ids: string[] = [];
    for (const [s, c] of served.entries()) {
      // No politeness delay: the default 250 ms between requests to one host caps a source at
      // pageSize / 0.25 s (400 datasets/s with pages of 100), a policy for remote servers that
      // would hide what moisson itself costs. MOISSON_BENCH_POLITE=1 keeps the default.
      const politeness: Record<string, { delayMs: number }> = process.env.MOISSON_BENCH_POLITE === '1' ? {} : { politeness: { delayMs: 0 } };
      const source = await harness.store.sources.create({ name: `bench ${protocol} ${s}`, url: c.url, protocol: c.protocol.replace(/-.*/, ''), config: { ...c.config, ...politeness } });
      ids.push(source.id);
    }
    await harness.startWorkers(workers);
    const requestsOf = () => served.reduce((n, c) => n + c.stats.requests, 0);

    const workerCpu0 = harness.workerCpuSeconds();
    const postgresCpu = postgresCpuMeter();
    const rowWrites = await rowWritesMeter(harness.store.pool);
    const t0 = performance.now();
    const first = await harness.harvest(ids);
    const seconds = (performance.now() - t0) / 1000;
    const datasets = first.reduce((n, j) => n + j.counts.created + j.counts.updated, 0);
    const perDataset = (cpuSeconds: number) => Math.round((cpuSeconds * 1e6) / Math.max(datasets, 1)) / 1000;
    const cpuMsPerDataset = { workers: perDataset(harness.workerCpuSeconds() - workerCpu0), postgres: perDataset(postgresCpu.seconds()) };
    const written = await rowWrites.read(first.reduce((n, j) => n + j.counts.created, 0));
    const perDatasetWrites = (w: TableWrites): TableWrites => {
      const ratio = (n: number) => hundredths(n / Math.max(datasets, 1));
      return { inserted: ratio(w.inserted), updated: ratio(w.updated), hotUpdated: ratio(w.hotUpdated), deleted: ratio(w.deleted) };
    };
    const rowWritesPerDataset = { datasets: perDatasetWrites(written.datasets), search: perDatasetWrites(written.dataset_search) };
    const failed = first.reduce((n, j) => n + j.counts.failed, 0);
    const requests = requestsOf();
    const error = first.find((j) => j.status !== 'done')?.error ?? undefined;

    let again: E2EResult['again'];
    if (scenario.reharvest !== false && !error) {
      const t1 = performance.now();
      const workerCpu1 = harness.workerCpuSeconds();
      const postgresCpu1 = postgresCpuMeter();
      const serverCpu1 = process.cpuUsage();
      const second = await harness.harvest(ids);
      const serverCpu = process.cpuUsage(serverCpu1);
      again = {
        seconds: (performance.now() - t1) / 1000,
        cpuSeconds: { workers: hundredths(harness.workerCpuSeconds() - workerCpu1), postgres: hundredths(postgresCpu1.seconds()), server: hundredths((serverCpu.user + serverCpu.system) / 1e6) },
        requests: requestsOf() - requests,
        unchanged: second.reduce((n, j) => n + j.counts.unchanged, 0),
        changed: second.reduce((n, j) => n + j.counts.created + j.counts.updated, 0),
        // Pages not parsed again: answered 304, or fetched with an unchanged body digest.
        replayedPages: second.reduce((n, j) => n + j.notModified, 0),
      };
    }
    const peakRssMb = Math.max(...harness.workerPeakRssMb());
    return { protocol, size, workers, sources, distinct: scenario.distinct ?? false, reharvest: scenario.reharvest ?? true, datasets, failed, seconds, perSecond: datasets / seconds, requests, peakRssMb, cpuMsPerDataset, rowWritesPerDataset, again, error };
  } finally {
    await harness.close();
    await Promise.all(served.map((c) => c.server.stop()));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [protocol = 'ckan', size = '10000', workers = '1', sources = '1', kind = 'same'] = process.argv.slice(2);
  const result = await runE2E({ protocol, size: Number(size), workers: Number(workers), sources: Number(sources), distinct: kind === 'distinct' });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
