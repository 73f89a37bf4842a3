import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processCpuTicks, TICKS_PER_SECOND } from './process-cpu.js';
import { HarvestQueue } from '@moisson/queue';
import { createDatabaseIfMissing, dropDatabase, openStore, type JobRow, type Store } from '@moisson/store';

const BASE = process.env.MOISSON_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_bench';
const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));
/**
 * The node flags a production worker runs with (docker-compose.yml, README): with a 1 GB
 * old-space cap V8 runs a major GC when the heap reaches about 1.6 times what was live after the
 * last one, instead of 4 times on a machine with a few GB. MOISSON_BENCH_WORKER_FLAGS replaces
 * them (an empty value runs the workers without).
 */
export const WORKER_NODE_FLAGS = '--max-old-space-size=1024 --heap-growing-percent=100 --no-allocation-site-pretenuring';

/**
 * The environment a production worker adds (docker-compose.yml, `npm start`): glibc keeps up to
 * eight malloc arenas a core, each holding freed buffers (HTTP bodies, PostgreSQL messages); two
 * hold the worker's peak RSS ~10 MB lower with ten jobs, at no cost in speed (BENCHMARKS.md).
 * A value already in the environment wins.
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };

/** A scratch database and BullMQ prefix, with worker processes on them. */
export class Harness {
  readonly id = randomBytes(4).toString('hex');
  readonly prefix = `moisson-bench-${this.id}`;
  readonly url: string;
  store!: Store;
  queue!: HarvestQueue;
  private readonly children: ChildProcess[] = [];

  constructor() {
    const url = new URL(BASE);
    url.pathname = `/moisson_bench_${this.id}`;
    this.url = url.href;
  }

  async open(): Promise<this> {
    await createDatabaseIfMissing(this.url);
    this.store = await openStore(this.url, 4);
    this.queue = new HarvestQueue(this.store, { prefix: this.prefix }, { attempts: 1 });
    return this;
  }

  /** Starts `count` worker processes and waits until each listens to the queue. */
  async startWorkers(count: number, concurrency = 2): Promise<ChildProcess[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () => {
        // MOISSON_BENCH_WORKER_FLAGS: node flags for the workers instead of the production ones, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
        const flags = (process.env.MOISSON_BENCH_WORKER_FLAGS ?? WORKER_NODE_FLAGS).split(' ').filter(Boolean);
        const child = spawn(process.execPath, [...flags, '--import', 'tsx', workerScript], {
          env: { ...process.env, ...WORKER_ENV, DATABASE_URL: this.url, MOISSON_BENCH_PREFIX: this.prefix, MOISSON_ALLOWED_HOSTS: '127.0.0.1', MOISSON_BENCH_CONCURRENCY: String(concurrency) },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        this.children.push(child);
        return new Promise<ChildProcess>((resolve, reject) => {
          child.stdout!.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('worker ready')) resolve(child);
          });
          child.on('exit', (code) => reject(new Error(`bench worker exited early (${code})`)));
        });
      }),
    );
    return started;
  }

  /** Peak resident memory (VmHWM) of each worker process, in MB. */
  workerPeakRssMb(): number[] {
    return this.children.map((child) => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    });
  }

  /** CPU seconds (user + system) the worker processes have spent since they started. */
  workerCpuSeconds(): number {
    let ticks = 0;
    for (const child of this.children) ticks += processCpuTicks(child.pid!);
    return ticks / TICKS_PER_SECOND;
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.children.length = 0;
  }

  /** Triggers the sources and waits until every run ended; returns the finished jobs. */
  async harvest(sourceIds: string[], timeoutMs = 3_600_000): Promise<JobRow[]> {
    const jobs = await Promise.all(sourceIds.map(async (id) => (await this.queue.trigger(id)).job));
    const end = Date.now() + timeoutMs;
    const finished: JobRow[] = [];
    for (const job of jobs) {
      for (;;) {
        const row = await this.store.jobs.get(job.id);
        if (row && (row.status === 'done' || row.status === 'failed')) {
          finished.push(row);
          break;
        }
        if (Date.now() > end) throw new Error(`job ${job.id} did not finish in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return finished;
  }

  async close(): Promise<void> {
    await this.stopWorkers();
    await this.queue?.queue.obliterate({ force: true }).catch(() => undefined);
    await this.queue?.close();
    await this.store?.close();
    await dropDatabase(this.url);
  }
}
