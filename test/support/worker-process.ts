/**
 * A harvest worker in its own process, for tests that kill one mid-run.
 * Configured by environment: DATABASE_URL, MOISSON_TEST_PREFIX (BullMQ prefix),
 * MOISSON_ALLOWED_HOSTS, MOISSON_LOCK_MS, MOISSON_STALLED_MS.
 */
import { openStore } from '@moisson/store';
import { HarvestWorker } from '@moisson/queue';

const store = await openStore(process.env.DATABASE_URL, 3);
const worker = new HarvestWorker(store, {
  prefix: process.env.MOISSON_TEST_PREFIX,
  lockDurationMs: Number(process.env.MOISSON_LOCK_MS ?? 2000),
  stalledIntervalMs: Number(process.env.MOISSON_STALLED_MS ?? 1000),
  archiveGraceMs: 0,
  concurrency: 1,
  log: (line) => process.stdout.write(`${line}\n`),
});
await worker.worker.waitUntilReady();
process.stdout.write('worker ready\n');
process.on('SIGTERM', () => void worker.close().then(() => store.close()).then(() => process.exit(0)));
