import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '@moisson/queue';
import { dropDatabase } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { REPO, runCli, startCli } from './run-cli.js';

const TEST_DB = process.env.MOISSON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/moisson_test';
const START_THEM = 'start them with `docker compose up -d postgres redis`';

let database: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: REPO, stdio: 'inherit' });
  database = await freshStore();
});
afterAll(async () => database?.drop());

describe('services: clear errors when something is missing', () => {
  it('names the PostgreSQL URL (without its password) and what to run', async () => {
    const { code, stderr } = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/moisson' });
    expect(stderr).toMatch(/^error: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/moisson \(.*ECONNREFUSED.*\); /);
    expect(stderr.trim().endsWith(`${START_THEM}, or set DATABASE_URL`)).toBe(true);
    expect(stderr).not.toContain('hunter2');
    expect(code).toBe(1);
  });

  it('names the Redis URL and what to run', async () => {
    const { code, stderr } = await runCli(['worker'], { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(stderr).toMatch(/error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\); /);
    expect(stderr.trim().endsWith(`${START_THEM}, or set REDIS_URL`)).toBe(true);
    expect(code).toBe(1);
  });

  it.each([
    [{ PORT: 'http' }, 'error: PORT must be an integer from 0 to 65535, not "http"'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'error: DATABASE_URL must be a postgres or postgresql URL, not "mysql://localhost/x"'],
    [{ MOISSON_WORKER_CONCURRENCY: '0' }, 'error: MOISSON_WORKER_CONCURRENCY must be an integer from 1 to 64, not "0"'],
  ])('refuses a bad setting %j', async (env, message) => {
    const { code, stderr } = await runCli(['migrate'], env);
    expect(stderr.trim()).toBe(message);
    expect(code).toBe(2);
  });
});

describe('moisson migrate', () => {
  it('creates the database when it is missing and applies the migrations, once', async () => {
    const url = new URL(TEST_DB);
    url.pathname = `/moisson_cli_${randomBytes(4).toString('hex')}`;
    try {
      const first = await runCli(['migrate'], { DATABASE_URL: url.href });
      expect(first.stderr).toMatch(/^postgres: applied 001_[\w-]+\.sql/);
      expect(first.code).toBe(0);
      const second = await runCli(['migrate'], { DATABASE_URL: url.href });
      expect(second.stderr).toBe('postgres: schema up to date\n');
      expect(second.code).toBe(0);
    } finally {
      await dropDatabase(url.href);
    }
  });
});

/** Deletes the Redis keys a daemon left under its queue prefix (its BullMQ queue's metadata). */
async function removeQueueKeys(prefix: string): Promise<void> {
  const redis = redisConnection();
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe('moisson start', () => {
  it('serves the API with a generated token printed once, and stops cleanly on SIGTERM', async () => {
    const prefix = `moisson-cli-test-${randomBytes(4).toString('hex')}`;
    const cli = startCli(['start'], {
      DATABASE_URL: database.url,
      PORT: '0',
      MOISSON_ADMIN_TOKEN: '',
      MOISSON_QUEUE_PREFIX: prefix,
    });
    try {
      const [, address] = await cli.waitFor(/api: listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const [, token] = await cli.waitFor(/this run's admin token is (\S+)/);
      expect(token).toMatch(/^[\w-]{32}$/);
      const health = await fetch(`${address}/health`);
      expect(await health.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
      expect((await fetch(`${address}/admin/sources`)).status).toBe(401);
      const sources = await fetch(`${address}/admin/sources`, { headers: { authorization: `Bearer ${token}` } });
      expect(sources.status).toBe(200);
      expect(await sources.json()).toEqual([]);
      // The admin console is mounted beside the API (503 with the build command when not built).
      const consolePage = await fetch(`${address}/admin/ui/`);
      expect([200, 503]).toContain(consolePage.status);
      expect(consolePage.headers.get('content-type')).toMatch(consolePage.status === 200 ? /text\/html/ : /text\/plain/);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.stderr()).toContain('SIGTERM: shutting down');
      expect(cli.stderr().split(token!).length - 1).toBe(1);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      await removeQueueKeys(prefix);
    }
  });
});
