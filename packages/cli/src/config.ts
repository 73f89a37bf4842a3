import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, SecretBox, SecretKeyError } from '@moisson/store';
import { DEFAULT_REDIS_URL } from '@moisson/queue';

/** Everything moisson reads from its environment, read and checked in one place. */
export interface MoissonConfig {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  host: string;
  adminToken: string;
  /** More valid admin tokens (`MOISSON_ADMIN_TOKENS`, comma-separated), for rotation. */
  adminTokens: string[];
  /** True when neither `MOISSON_ADMIN_TOKEN` nor `MOISSON_ADMIN_TOKENS` was set and the token was made up at start. */
  adminTokenGenerated: boolean;
  /** Seals source credentials (`MOISSON_SECRET_KEY`); undefined when not set. */
  secrets: SecretBox | undefined;
  /** Hosts, addresses or CIDRs sources may use although private (`MOISSON_ALLOWED_HOSTS`). */
  allowedHosts: string[];
  /** moisson's own base URL (record URLs, its hop in provenance chains). */
  publicUrl: string;
  workerConcurrency: number;
  archiveGraceDays: number;
  /** How old public search counts may be while harvests write (`MOISSON_SEARCH_MAX_STALE_SECONDS`). */
  searchMaxStaleSeconds: number;
  /** Count search facets over an in-memory index in the API process (`MOISSON_SEARCH_FACET_INDEX`, on by default). */
  searchFacetIndex: boolean;
  /** BullMQ key prefix, so two moissons (or tests) can share one Redis. */
  queuePrefix: string;
}

/** A configuration value that cannot work; the message names the variable. */
export class ConfigError extends Error {}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off (1/0, true/false), not "${env[name]}"`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, not "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must be a ${protocols.map((p) => p.replace(/:$/, '')).join(' or ')} URL, not "${raw}"`);
  }
  return raw;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): MoissonConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const token = env.MOISSON_ADMIN_TOKEN?.trim();
  const tokens = (env.MOISSON_ADMIN_TOKENS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const generated = !token && tokens.length === 0;
  let secrets: SecretBox | undefined;
  try {
    secrets = SecretBox.fromEnv(env);
  } catch (error) {
    if (error instanceof SecretKeyError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    databaseUrl: url(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    adminToken: token || (generated ? randomBytes(24).toString('base64url') : ''),
    adminTokens: tokens,
    adminTokenGenerated: generated,
    secrets,
    allowedHosts: (env.MOISSON_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    publicUrl: url(env, 'MOISSON_PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']).replace(/\/+$/, ''),
    workerConcurrency: integer(env, 'MOISSON_WORKER_CONCURRENCY', 2, 1, 64),
    archiveGraceDays: integer(env, 'MOISSON_ARCHIVE_GRACE_DAYS', 7, 0, 3650),
    searchMaxStaleSeconds: integer(env, 'MOISSON_SEARCH_MAX_STALE_SECONDS', 10, 0, 3600),
    searchFacetIndex: flag(env, 'MOISSON_SEARCH_FACET_INDEX', true),
    queuePrefix: env.MOISSON_QUEUE_PREFIX?.trim() || 'moisson',
  };
}

/** A URL fit for a log line: the password, if any, is hidden. */
export function redact(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return raw;
  }
}
