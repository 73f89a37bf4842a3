/**
 * PostgreSQL rows/s through `commitPage` alone: pages of normalised CKAN records (prepared
 * before the clock) committed into a scratch database: first as new rows, then again unchanged.
 * Prints rows/s and the CPU the PostgreSQL server spent per row for each pass, and the CPU this
 * process spent per row preparing the pages (normalise, hash) and sending the new rows: the
 * worker's share of a row, but for fetching and parsing the remote's pages.
 *
 *   node --import tsx bench/store.ts [rows=10000] [pageSize=100]
 */
import { fileURLToPath } from 'node:url';
import { harvesterFor } from '@moisson/registry';
import { commitPage } from '@moisson/store';
import { toRemoteRecord } from '../harvesters/ckan/src/pages.js';
import { processPage, type ProcessedPage } from '../packages/queue/src/records.js';
import { ckanPackage } from './generate/ckan.js';
import { Harness } from './support/harness.js';
import { postgresCpuMeter } from './support/postgres-cpu.js';

export interface StoreResult {
  rows: number;
  pageSize: number;
  insertPerSecond: number;
  unchangedPerSecond: number;
  /** PostgreSQL CPU (user + system, the whole server) per row written, in milliseconds. */
  insertPgCpuMsPerRow: number;
  unchangedPgCpuMsPerRow: number;
  /** This process's CPU per row: `processPage` (normalise, hash, identity keys), then `commitPage`'s side of new rows. */
  prepareNodeCpuMsPerRow: number;
  insertNodeCpuMsPerRow: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export async function runStore(rows: number, pageSize = 100): Promise<StoreResult> {
  const harvester = harvesterFor('ckan')!;
  const harness = await new Harness().open();
  try {
    const source = await harness.store.sources.create({ name: 'bench store', url: 'https://ckan.example.fr', protocol: 'ckan', config: {} });
    const { job } = await harness.store.jobs.createIfIdle(source.id, 'manual');
    const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
    const pages: ProcessedPage[] = [];
    const preparing = process.cpuUsage();
    for (let start = 0; start < rows; start += pageSize) {
      const records = [];
      for (let i = start; i < Math.min(start + pageSize, rows); i++) records.push(toRemoteRecord(ckanPackage(i) as never));
      pages.push(processPage(harvester, { url: 'bench', records, next: null }, ctx));
    }
    const prepareNodeCpuMsPerRow = cpuMs(preparing) / rows;
    const pass = async () => {
      const started = performance.now();
      const pgCpu = postgresCpuMeter();
      const nodeCpu = process.cpuUsage();
      for (const page of pages) await commitPage(harness.store.pool, { sourceId: source.id, jobId: job.id, ...page, cursor: null });
      const perSecond = rows / ((performance.now() - started) / 1000);
      return { perSecond, pgCpuMsPerRow: (pgCpu.seconds() * 1000) / rows, nodeCpuMsPerRow: cpuMs(nodeCpu) / rows };
    };
    const insert = await pass();
    const unchanged = await pass();
    return {
      rows,
      pageSize,
      insertPerSecond: insert.perSecond,
      unchangedPerSecond: unchanged.perSecond,
      insertPgCpuMsPerRow: insert.pgCpuMsPerRow,
      unchangedPgCpuMsPerRow: unchanged.pgCpuMsPerRow,
      prepareNodeCpuMsPerRow,
      insertNodeCpuMsPerRow: insert.nodeCpuMsPerRow,
    };
  } finally {
    await harness.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runStore(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 100))));
  process.exit(0);
}
