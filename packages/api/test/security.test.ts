/**
 * Security of the admin API: token rotation, source credentials sealed and never returned, and
 * request logs without secrets.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi, harvesterList } from '@moisson/api';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue } from '@moisson/queue';
import { SecretBox, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { fakeHarvester } from './fake-harvester.js';

const OLD_TOKEN = 'the-token-being-retired-0123456789';
const NEW_TOKEN = 'the-token-replacing-it-9876543210';
const PASSWORD = 's3cr3t-P4ssw0rd-never-shown';
const API_KEY = 'api-key-value-never-shown-42';
const KEY = randomBytes(32);

let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let server: FixtureServer;
const logLines: string[] = [];
const apps: FastifyInstance[] = [];

function api(options: { adminToken?: string; adminTokens?: string[]; secrets?: SecretBox } = {}): FastifyInstance {
  const guard = new AddressGuard(['127.0.0.1']);
  const app = buildApi({
    store,
    queue,
    harvesters: harvesterList([fakeHarvester]),
    http: new HttpClient({ guard, retries: 2, backoffMs: 10 }),
    publicUrl: 'https://moisson.example.test',
    guard,
    logger: { write: (line: string) => void logLines.push(line) },
    ...options,
  });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix: `moisson-security-test-${randomBytes(4).toString('hex')}` });
  server = await new FixtureServer().start();
  server.route('/fake/api', json({ fake: true, items: [], next: null }));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await server?.stop();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await drop?.();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('admin token rotation', () => {
  it('accepts MOISSON_ADMIN_TOKEN and every MOISSON_ADMIN_TOKENS entry, and nothing else', async () => {
    const app = api({ adminToken: OLD_TOKEN, adminTokens: [NEW_TOKEN, 'a-third-token-for-a-script'] });
    const status = async (headers: Record<string, string>) => (await app.inject({ method: 'GET', url: '/admin/sources', headers })).statusCode;
    expect(await status(bearer(OLD_TOKEN))).toBe(200);
    expect(await status(bearer(NEW_TOKEN))).toBe(200);
    expect(await status(bearer('a-third-token-for-a-script'))).toBe(200);
    expect(await status(bearer(`${NEW_TOKEN}x`))).toBe(401);
    expect(await status(bearer(NEW_TOKEN.slice(0, -1)))).toBe(401);
    expect(await status(bearer(`${OLD_TOKEN},${NEW_TOKEN}`))).toBe(401);
  });

  it('works with adminTokens alone (the old token retired) and refuses the retired one', async () => {
    const app = api({ adminTokens: [NEW_TOKEN] });
    expect((await app.inject({ method: 'GET', url: '/admin/sources', headers: bearer(NEW_TOKEN) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/admin/sources', headers: bearer(OLD_TOKEN) })).statusCode).toBe(401);
  });

  it('refuses to start without any token', async () => {
    await expect(api({ adminTokens: ['', '  '] }).ready()).rejects.toThrow('the admin token must not be empty');
  });
});

describe('source credentials', () => {
  const newSource = (credentials: unknown) => ({ name: 'Private CKAN', url: server.at('/fake/api'), protocol: 'fake', credentials });

  it('are sealed in the database, opened only with the key, and answered as {type, set} only', async () => {
    const secrets = new SecretBox(KEY);
    const app = api({ adminToken: NEW_TOKEN, secrets });
    const created = await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSource({ type: 'basic', username: 'harvester', password: PASSWORD }) });
    expect(created.statusCode).toBe(201);
    expect(created.json().credentials).toEqual({ type: 'basic', set: true });
    const id = created.json().id as string;

    const { rows } = await store.pool.query<{ credentials: { type: string; sealed: string } }>('SELECT credentials FROM sources WHERE id = $1', [id]);
    const stored = rows[0]!.credentials;
    expect(stored.type).toBe('basic');
    expect(stored.sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored)).not.toContain('harvester');
    expect(secrets.open(stored)).toEqual({ type: 'basic', username: 'harvester', password: PASSWORD });
    expect(() => new SecretBox(randomBytes(32)).open(stored)).toThrow('cannot be opened with this MOISSON_SECRET_KEY');

    const answers = [
      await app.inject({ method: 'GET', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN) }),
      await app.inject({ method: 'GET', url: '/admin/sources', headers: bearer(NEW_TOKEN) }),
      await app.inject({ method: 'PATCH', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN), payload: { name: 'Renamed' } }),
      await app.inject({ method: 'GET', url: '/api/sources' }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.body).not.toContain(PASSWORD);
      expect(answer.body).not.toContain(stored.sealed.split('.')[3]);
    }
    expect(answers[0]!.json().credentials).toEqual({ type: 'basic', set: true });
    expect(answers[1]!.json().find((s: { id: string }) => s.id === id).credentials).toEqual({ type: 'basic', set: true });
    expect(answers[2]!.json()).toMatchObject({ name: 'Renamed', credentials: { type: 'basic', set: true } });
  });

  it('are replaced by a PATCH with other credentials and removed by credentials: null', async () => {
    const secrets = new SecretBox(KEY);
    const app = api({ adminToken: NEW_TOKEN, secrets });
    const id = (await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSource({ type: 'basic', username: 'u', password: PASSWORD }) })).json().id as string;
    const replaced = await app.inject({ method: 'PATCH', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN), payload: { credentials: { type: 'header', name: 'X-CKAN-API-Key', value: API_KEY } } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().credentials).toEqual({ type: 'header', set: true });
    expect(replaced.body).not.toContain(API_KEY);
    expect(secrets.open((await store.sources.get(id))!.credentials!)).toEqual({ type: 'header', name: 'X-CKAN-API-Key', value: API_KEY });

    const removed = await app.inject({ method: 'PATCH', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN), payload: { credentials: null } });
    expect(removed.json().credentials).toBeNull();
    expect((await store.sources.get(id))!.credentials).toBeNull();
  });

  it('are refused with 422 when the server has no MOISSON_SECRET_KEY, and nothing is stored', async () => {
    const app = api({ adminToken: NEW_TOKEN });
    const before = (await store.sources.list()).length;
    const answer = await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSource({ type: 'header', name: 'X-API-Key', value: API_KEY }) });
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toEqual({
      error: 'credentials_need_key',
      message: 'this server cannot store credentials: start it with MOISSON_SECRET_KEY (32 random bytes in base64 or hex, e.g. `openssl rand -base64 32`)',
    });
    expect((await store.sources.list()).length).toBe(before);
  });

  it.each([
    ['a header name with a space', { type: 'header', name: 'X API Key', value: 'v' }, 400],
    ['a header value with a line break', { type: 'header', name: 'X-Key', value: 'v\r\nX-Evil: 1' }, 400],
    ['a user name with a colon', { type: 'basic', username: 'a:b', password: 'p' }, 400],
    ['an unknown type', { type: 'oauth', token: 't' }, 400],
    ['a header moisson sets itself', { type: 'header', name: 'Host', value: 'evil.example' }, 422],
  ])('refuses %s', async (_, credentials, status) => {
    const app = api({ adminToken: NEW_TOKEN, secrets: new SecretBox(KEY) });
    const answer = await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSource(credentials) });
    expect(answer.statusCode).toBe(status);
    expect(Object.keys(answer.json()).sort()).toEqual(['error', 'message']);
  });

  it('are not carried to another host by a URL change without new credentials', async () => {
    const app = api({ adminToken: NEW_TOKEN, secrets: new SecretBox(KEY) });
    const id = (await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSource({ type: 'basic', username: 'u', password: PASSWORD }) })).json().id as string;
    const other = await new FixtureServer().start();
    try {
      other.route('/fake/api', json({ fake: true, items: [], next: null }));
      const moved = await app.inject({ method: 'PATCH', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN), payload: { url: other.at('/fake/api') } });
      expect(moved.statusCode).toBe(422);
      expect(moved.json().error).toBe('credentials_host_changed');
      expect((await store.sources.get(id))!.url).toBe(server.at('/fake/api'));
      const withNew = await app.inject({ method: 'PATCH', url: `/admin/sources/${id}`, headers: bearer(NEW_TOKEN), payload: { url: other.at('/fake/api'), credentials: null } });
      expect(withNew.statusCode).toBe(200);
      expect(withNew.json()).toMatchObject({ url: other.at('/fake/api'), credentials: null });
    } finally {
      await other.stop();
    }
  });

  it('parse a 32-byte key in hex or base64 and refuse anything else', () => {
    const box = new SecretBox(KEY.toString('hex'));
    expect(new SecretBox(KEY.toString('base64')).open(box.seal({ type: 'header', name: 'X-K', value: 'v' }))).toEqual({ type: 'header', name: 'X-K', value: 'v' });
    expect(SecretBox.fromEnv({})).toBeUndefined();
    expect(() => SecretBox.fromEnv({ MOISSON_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow('MOISSON_SECRET_KEY must be 32 random bytes');
    expect(() => new SecretBox('not a key at all!')).toThrow('MOISSON_SECRET_KEY must be 32 random bytes');
  });
});

describe('request logs', () => {
  it('never hold the admin token nor source credentials, and redact headers when a line carries them', async () => {
    logLines.length = 0;
    const app = api({ adminToken: NEW_TOKEN, secrets: new SecretBox(KEY) });
    await app.inject({ method: 'GET', url: '/admin/sources', headers: bearer(NEW_TOKEN) });
    await app.inject({ method: 'GET', url: '/admin/sources', headers: bearer(OLD_TOKEN) });
    await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: newSourceWith({ type: 'basic', username: 'u', password: PASSWORD }) });
    await app.inject({ method: 'POST', url: '/admin/sources', headers: bearer(NEW_TOKEN), payload: { ...newSourceWith({ type: 'basic', username: 'u', password: PASSWORD }), url: 42 } });
    // Fastify's serializer keeps no headers of `req`; a line logging headers itself is redacted.
    app.log.info({ req: { method: 'GET', url: '/admin/sources', headers: { authorization: `Bearer ${NEW_TOKEN}` } } }, 'a line that carries a request');
    app.log.info({ headers: { authorization: `Bearer ${NEW_TOKEN}`, cookie: 'session=abc', accept: 'application/json' } }, 'a line that carries headers');
    app.log.info({ body: { name: 'x', credentials: { type: 'basic', username: 'u', password: PASSWORD } } }, 'a line that carries a body');
    const all = logLines.join('');
    expect(logLines.length).toBeGreaterThanOrEqual(10);
    expect(all).not.toContain(NEW_TOKEN);
    expect(all).not.toContain(OLD_TOKEN);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('session=abc');
    const carried = JSON.parse(logLines.find((l) => l.includes('a line that carries headers'))!);
    expect(carried.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' });
    expect(JSON.parse(logLines.find((l) => l.includes('a line that carries a body'))!).body).toEqual({ name: 'x', credentials: '[redacted]' });
  });
});

function newSourceWith(credentials: unknown) {
  return { name: 'Logged', url: server.at('/fake/api'), protocol: 'fake', credentials };
}
