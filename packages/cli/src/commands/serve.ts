import { describeError } from '@moisson/core';
import { buildApi } from '@moisson/api';
import { consolePlugin } from '@moisson/console';
import { AddressGuard } from '@moisson/http';
import { HarvestQueue, HarvestWorker, httpFromEnv, Reaper, Scheduler } from '@moisson/queue';
import type { Store } from '@moisson/store';
import type { MoissonConfig } from '../config.js';
import { checkRedis, connectStore, onShutdown } from '../services.js';

export interface Roles {
  api: boolean;
  worker: boolean;
  scheduler: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const DAY_MS = 24 * 3600 * 1000;

/** `moisson migrate`: creates the database if missing and applies the migrations. */
export async function migrateCommand(config: MoissonConfig): Promise<void> {
  const store = await connectStore(config, log);
  await store.close();
  log('postgres: schema up to date');
}

/**
 * `start`, `api` and `worker`: the same services in one process or apart. Stops on SIGINT or
 * SIGTERM: the API stops accepting, the worker lets its harvests stop between pages (they
 * resume from their cursor), then the connections close.
 */
export async function serveCommand(config: MoissonConfig, roles: Roles): Promise<void> {
  const store: Store = await connectStore(config, log);
  try {
    await checkRedis(config);
  } catch (error) {
    await store.close();
    throw error;
  }
  const queue = new HarvestQueue(store, { redisUrl: config.redisUrl, prefix: config.queuePrefix });
  const stops: Array<() => Promise<void> | void> = [];

  if (roles.worker) {
    const worker = new HarvestWorker(store, {
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      archiveGraceMs: config.archiveGraceDays * DAY_MS,
      secrets: config.secrets,
      log,
    });
    const reaper = new Reaper(store, queue);
    reaper.start();
    stops.push(() => reaper.stop(), () => worker.close());
    log(`worker: running up to ${config.workerConcurrency} harvests at once`);
  }
  if (roles.scheduler) {
    const scheduler = new Scheduler(store, queue, { log });
    await scheduler.start();
    stops.push(() => scheduler.stop());
    log('scheduler: watching source schedules');
  }
  if (roles.api) {
    const app = buildApi({
      store,
      queue,
      http: httpFromEnv(),
      adminToken: config.adminToken,
      adminTokens: config.adminTokens,
      secrets: config.secrets,
      publicUrl: config.publicUrl,
      guard: new AddressGuard(config.allowedHosts),
      logger: process.env.MOISSON_LOG_REQUESTS === '1',
    });
    // The console sits beside the API rather than inside it, so the API keeps no front-end dependency.
    await app.register(consolePlugin, { prefix: '/admin/ui' });
    const address = await app.listen({ port: config.port, host: config.host });
    // The API closes first, so no request is accepted once the rest is going away.
    stops.unshift(() => app.close());
    log(`api: listening on ${address} (public URL ${config.publicUrl}, OpenAPI at ${address}/docs, console at ${address}/admin/ui/)`);
    if (config.adminTokenGenerated) {
      log(`api: MOISSON_ADMIN_TOKEN is not set; this run's admin token is ${config.adminToken}`);
    }
    // Searches count their facets in SQL until the in-memory facet index is loaded.
    if (config.searchFacetIndex) {
      const indexStarted = Date.now();
      store.search.loadFacetIndex().then(
        () => log(`api: search facet index loaded in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`),
        (error: unknown) => log(`api: search facet index not loaded (${describeError(error)}); the first search will try again`),
      );
    }
  }

  onShutdown(async () => {
    for (const stop of stops) await stop();
    await queue.close();
    await store.close();
  }, log);
}
