import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const QUEUE_NAME = 'harvest';

/** A Redis connection as BullMQ workers need it (no per-command retry limit). */
export function redisConnection(url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL, connectionName?: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...(connectionName ? { connectionName } : {}) });
}

export interface QueueConnection {
  redisUrl?: string;
  /** BullMQ key prefix; tests use their own so they never see each other's jobs. @defaultValue 'moisson' */
  prefix?: string;
}
