import { describeError } from '@moisson/core';
import { redisConnection } from '@moisson/queue';
import { createDatabaseIfMissing, createPool, migrate, Store } from '@moisson/store';
import { redact, type MoissonConfig } from './config.js';

const START_THEM = 'start them with `docker compose up -d postgres redis`';

/** A failure the command reports in one sentence and exits 1 on, without a stack trace. */
export class ServiceError extends Error {}

/** Input the command cannot use (an option, the URL, the protocol): reported like a ServiceError, exit 2. */
export class UsageError extends ServiceError {}

/** Creates the database if missing, migrates it, and returns the store; says what to do when PostgreSQL is not there. */
export async function connectStore(config: MoissonConfig, log: (line: string) => void): Promise<Store> {
  try {
    await createDatabaseIfMissing(config.databaseUrl);
    const pool = createPool(config.databaseUrl);
    const applied = await migrate(pool);
    if (applied.length) log(`postgres: applied ${applied.join(', ')}`);
    return new Store(pool, { search: { maxStaleMs: config.searchMaxStaleSeconds * 1000, facetIndex: config.searchFacetIndex } });
  } catch (error) {
    throw new ServiceError(
      `cannot reach PostgreSQL at ${redact(config.databaseUrl)} (${describeError(error)}); ${START_THEM}, or set DATABASE_URL`,
      { cause: error },
    );
  }
}

/**
 * Fails fast when Redis does not answer. BullMQ's connections retry forever, which is right
 * once running but would leave a mistyped REDIS_URL hanging silently at start.
 */
export async function checkRedis(config: MoissonConfig, timeoutMs = 5000): Promise<void> {
  const redis = redisConnection(config.redisUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
      redis.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
      redis.ping().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  } catch (error) {
    throw new ServiceError(`cannot reach Redis at ${redact(config.redisUrl)} (${describeError(error)}); ${START_THEM}, or set REDIS_URL`, { cause: error });
  } finally {
    redis.disconnect();
  }
}

/**
 * Runs `stop` on the first SIGINT or SIGTERM and exits when it is done; a second signal exits at
 * once (a harvest stops between pages and resumes from its cursor, so nothing is lost).
 */
export function onShutdown(stop: () => Promise<void>, log: (line: string) => void): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal}: shutting down (send it again to exit at once)`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
