/**
 * A harvest worker process for the benchmarks (one per process, like production's scaled
 * workers). Configured by environment: DATABASE_URL, MOISSON_BENCH_PREFIX (BullMQ prefix),
 * MOISSON_ALLOWED_HOSTS, MOISSON_BENCH_CONCURRENCY.
 * CSW is looked up here too while the registry does not list it yet, so its figures exist.
 */
import type { AnyHarvester } from '@moisson/core';
import { HarvestWorker } from '@moisson/queue';
import { harvesterFor } from '@moisson/registry';
import { openStore } from '@moisson/store';
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const extra = new Map<string, AnyHarvester>();
try {
  const csw = (await import('@moisson/harvester-csw')) as { cswHarvester: AnyHarvester };
  extra.set('csw', csw.cswHarvester);
} catch {
  // not built: CSW sources fail with "no harvester", which the driver reports
}

const store = await openStore(process.env.DATABASE_URL, 4);
const worker = new HarvestWorker(store, {
  prefix: process.env.MOISSON_BENCH_PREFIX,
  concurrency: Number(process.env.MOISSON_BENCH_CONCURRENCY ?? 2),
  archiveGraceMs: 0,
  harvesterFor: (protocol) => harvesterFor(protocol) ?? extra.get(protocol),
  log: () => undefined,
});
await worker.worker.waitUntilReady();
// MOISSON_BENCH_MEMORY_LOG: a file that gets one line of process.memoryUsage() (MB) a second.
const memoryLog = process.env.MOISSON_BENCH_MEMORY_LOG;
if (memoryLog) {
  const mb = (n: number) => Math.round(n / 1048576);
  setInterval(() => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), mb(s.space_used_size)]));
    appendFileSync(memoryLog, `${JSON.stringify({ t: Math.round(process.uptime()), rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), spaces })}\n`);
  }, 1000).unref();
}
process.stdout.write('worker ready\n');
process.on('SIGTERM', () => void worker.close().then(() => store.close()).then(() => process.exit(0)));
