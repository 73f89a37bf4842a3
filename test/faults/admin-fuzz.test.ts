/**
 * 200 malformed admin API requests (seeded, reproducible): random JSON bodies, wrong types, huge
 * strings, deep nesting, NUL characters, bad UUIDs, unknown fields, wrong content types, broken
 * JSON, bad query values. Every answer must be a 4xx with `{error, message}`, never a 5xx, and
 * none may create, change or delete anything.
 *
 * A small PRNG (mulberry32) instead of fast-check: the cases are hand-shaped generators and we
 * only need them reproducible; set MOISSON_FUZZ_SEED to replay a failing run.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApi, harvesterList } from '@moisson/api';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue } from '@moisson/queue';
import { SecretBox, type Store } from '@moisson/store';
import { freshStore } from '../support/database.js';
import { FixtureServer, json } from '../support/fixture-server.js';
import { fakeHarvester } from '../../packages/api/test/fake-harvester.js';

const SEED = Number(process.env.MOISSON_FUZZ_SEED ?? 20240611);
const TOKEN = 'fuzz-admin-token-0123456789abcdef';
const COUNT = 200;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;

function randomString(): string {
  return pick([
    () => '',
    () => 'x'.repeat(int(1, 40)),
    () => 'ü€😀\u200b'.repeat(int(1, 10)),
    () => `a\u0000b`,
    () => '\ud800 lone surrogate',
    () => "'; DROP TABLE sources; --",
    () => '<script>alert(1)</script>',
    () => '%00%ff%',
    () => 'y'.repeat(int(3000, 70_000)),
  ])();
}

function randomJson(depth = 0): unknown {
  const leaf = () => pick<() => unknown>([() => null, () => random() < 0.5, () => int(-1e9, 1e9), () => random() * 1e308, randomString])();
  if (depth > 3) return leaf();
  return pick<() => unknown>([
    leaf,
    () => Array.from({ length: int(0, 5) }, () => randomJson(depth + 1)),
    () => Object.fromEntries(Array.from({ length: int(0, 5) }, () => [pick(['name', 'url', 'protocol', 'config', 'filters', 'x', '', 'credentials', 'enabled']), randomJson(depth + 1)])),
  ])();
}

function nested(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = random() < 0.5 ? [value] : { a: value };
  return value;
}

/** Nested objects and arrays as JSON text, deeper than JSON.stringify could write them. */
function deepText(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const object = random() < 0.5;
    open += object ? '{"a":' : '[';
    close = (object ? '}' : ']') + close;
  }
  return `${open}1${close}`;
}

/** A value of the wrong type (or shape) for each field of a source body. */
const wrong: Record<string, () => unknown> = {
  name: () => pick([42, null, true, [], {}, '', 'n'.repeat(301), ['Fuzz']]),
  url: () => pick(['not a url', 'ftp://example.org/', 'javascript:alert(1)', 'http://[::1', 'file:///etc/passwd', 42, null, {}, `http://example.org/${'p'.repeat(2100)}`, 'http://user:pw@example.org/', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/']),
  protocol: () => pick([42, '', 'nope', null, ['fake'], 'x'.repeat(5000)]),
  filters: () => pick(['tag=water', [{}], [{ key: 1, value: 'v', type: 'include' }], [{ key: 'tag', value: 'v', type: 'maybe' }], [{ key: 'nope', value: 'v', type: 'include' }], Array.from({ length: 201 }, () => ({ key: 'tag', value: 'v', type: 'include' })), [{ key: 'tag', value: 'a\u0000b', type: 'include' }]]),
  schedule: () => pick([5, 'every day', '* * *', '61 * * * *', 's'.repeat(201), {}, '0 3 * * *\u0000']),
  config: () => pick([[], 'x', 12, { pageSize: 'ten' }, { pageSize: 1e9 }, { unknownSetting: true }, { pageSize: nested(int(50, 400)) }, { politeness: { delayMs: 'slow' } }]),
  enabled: () => pick(['yes', 1, null, {}, 'true ']),
  credentials: () => pick(['secret', [], {}, { type: 'basic' }, { type: 'basic', username: 'a:b', password: 'p' }, { type: 'header', name: '', value: 'v' }, { type: 'header', name: 'X-Key', value: 'v\r\nX-Evil: 1' }, { type: 'header', name: 'Host', value: 'evil' }, { type: 'oauth', token: 't' }, { type: 'basic', username: 'u', password: 'p', extra: 1 }]),
};

interface Case {
  kind: string;
  request: InjectOptions;
}

let app: FastifyInstance;
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let server: FixtureServer;
let sourceId: string;

const base = () => ({ name: 'Fuzz', url: server.at('/fake/api'), protocol: 'fake' });
const auth = { authorization: `Bearer ${TOKEN}` };
const badIds = () => pick(['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-8fff-ffffffffffff', "1' OR '1'='1", '%00', 'x'.repeat(3000), '..%2F..%2Fetc', '💥', `${randomBytes(16).toString('hex')}`]);

function bodyCase(target: () => { method: 'POST' | 'PATCH'; url: string }): Case {
  const { method, url } = target();
  return pick<() => Case>([
    () => ({ kind: 'not an object', request: { method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(pick([randomJson(), [], 'text', 42, null, true])) } }),
    () => {
      const field = pick(Object.keys(wrong));
      return { kind: `wrong ${field}`, request: { method, url, headers: auth, payload: { ...base(), [field]: wrong[field]!() } } };
    },
    () => ({ kind: 'unknown field', request: { method, url, headers: auth, payload: { ...base(), [pick(['schedul', 'id', 'createdAt', '__proto__x', 'Name', 'x'.repeat(200)])]: randomJson() } } }),
    () => ({ kind: 'deep nesting', request: { method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ ...base(), config: null }).replace('null', deepText(int(500, 50_000))) } }),
    () => ({ kind: 'deep body', request: { method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: '['.repeat(int(5000, 200_000)) } }),
    () => ({ kind: 'huge string', request: { method, url, headers: auth, payload: { ...base(), name: 'h'.repeat(int(300, 2_000_000)) } } }),
    () => ({ kind: 'broken JSON', request: { method, url, headers: { ...auth, 'content-type': 'application/json' }, payload: pick(['{"name":', '{', 'nul', '{"a":1,}', "{'name':'x'}", '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '']) } }),
    () => ({ kind: 'wrong content type', request: { method, url, headers: { ...auth, 'content-type': pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'image/png']) }, payload: pick(['name=Fuzz&url=http://x', '<source/>', JSON.stringify(base())]) } }),
    () => ({ kind: 'random JSON object', request: { method, url, headers: auth, payload: { ...(random() < 0.5 ? base() : {}), ...(randomJson() as object), [`extra${int(0, 9)}`]: 1 } } }),
    () => ({ kind: 'empty or NUL', request: { method, url, headers: auth, payload: pick([{}, { name: 'a\u0000b', url: server.at('/fake/api'), protocol: 'fake' }, { ...base(), config: { 'k\u0000': 1 } }]) } }),
  ])();
}

function nextCase(): Case {
  return pick<() => Case>([
    () => bodyCase(() => ({ method: 'POST', url: '/admin/sources' })),
    () => bodyCase(() => ({ method: 'POST', url: '/admin/preview' })),
    () => bodyCase(() => ({ method: 'PATCH', url: `/admin/sources/${random() < 0.7 ? sourceId : badIds()}` })),
    () => ({ kind: 'bad id', request: { method: pick(['GET', 'DELETE'] as const), url: `/admin/sources/${encodeURIComponent(badIds())}`, headers: auth } }),
    () => ({ kind: 'bad id', request: { method: 'POST', url: `/admin/sources/${encodeURIComponent(badIds())}/harvest`, headers: auth } }),
    () => ({ kind: 'bad job id or query', request: { method: 'GET', url: `/admin/jobs/${encodeURIComponent(badIds())}?errors=${pick(['-1', 'abc', '1e9', '5', '', '10001'])}`, headers: auth } }),
    () => ({ kind: 'bad query', request: { method: 'GET', url: `/admin/sources/${sourceId}/jobs?limit=${pick(['0', '-5', 'abc', '501', '1.5', '9'.repeat(400)])}`, headers: auth } }),
    () => ({ kind: 'bad token', request: { method: pick(['GET', 'POST'] as const), url: '/admin/sources', headers: { authorization: pick(['Bearer', 'Bearer ', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer \u00e9', `bearer  ${'t'.repeat(10_000)}`]) }, payload: base() } }),
  ])();
}

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix: `moisson-fuzz-${randomBytes(4).toString('hex')}` });
  server = await new FixtureServer().start();
  server.route('/fake/api', json({ fake: true, items: [], next: null }));
  const guard = new AddressGuard(['127.0.0.1']);
  app = buildApi({
    store,
    queue,
    harvesters: harvesterList([fakeHarvester]),
    http: new HttpClient({ guard, retries: 1, backoffMs: 10, timeoutMs: 2000 }),
    adminToken: TOKEN,
    secrets: new SecretBox(randomBytes(32)),
    publicUrl: 'https://moisson.example.test',
    guard,
  });
  await app.ready();
  sourceId = (await store.sources.create({ ...base(), url: server.at('/fake/api') })).id;
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await drop?.();
});

describe(`${COUNT} fuzzed admin API requests (seed ${SEED})`, () => {
  it('are all answered 4xx with {error, message}, and change nothing', async () => {
    const before = await store.sources.get(sourceId);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < COUNT; i++) {
      const { kind, request } = nextCase();
      const response = await app.inject(request);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      let body: unknown;
      try {
        body = response.json();
      } catch {
        body = response.body.slice(0, 200);
      }
      const shaped =
        typeof body === 'object' && body !== null && Object.keys(body).sort().join() === 'error,message' &&
        typeof (body as { error: unknown }).error === 'string' && typeof (body as { message: unknown }).message === 'string' &&
        (body as { message: string }).message.length > 0;
      if (response.statusCode < 400 || response.statusCode >= 500 || !shaped) {
        const payload = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload ?? '');
        failures.push(`#${i} ${kind}: ${request.method} ${String(request.url).slice(0, 80)} ${payload.slice(0, 120)} → ${response.statusCode} ${JSON.stringify(body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    // The generators reach each kind of refusal, not only one.
    for (const status of [400, 401, 404]) expect(statuses.get(status) ?? 0, `status ${status} in ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    expect(statuses.size, JSON.stringify([...statuses])).toBeGreaterThanOrEqual(5);
    const sources = await store.sources.list();
    expect(sources.map((s) => s.id)).toEqual([sourceId]);
    expect(await store.sources.get(sourceId)).toEqual(before);
    const { rows } = await store.pool.query<{ n: string }>('SELECT count(*) AS n FROM harvest_jobs');
    expect(rows[0]!.n).toBe('0');
  }, 120_000);
});

describe('what the fuzzing found, pinned', () => {
  const send = (request: InjectOptions) => app.inject({ ...request, headers: { ...auth, ...request.headers } });

  it.each([
    ['a NUL character in a string (PostgreSQL text cannot hold it)', { method: 'POST', url: '/admin/sources', payload: { name: 'a\u0000b', url: 'http://127.0.0.1:1/fake/api', protocol: 'fake' } }, 400, { error: 'validation_failed', message: 'body/name holds a NUL character (\\u0000), which cannot be stored' }],
    ['a query number too big to be finite (ajv lets Infinity pass maximum)', { method: 'GET', url: `/admin/sources/00000000-0000-4000-8000-000000000000/jobs?limit=${'9'.repeat(400)}` }, 400, { error: 'validation_failed', message: 'querystring/limit must be a finite number' }],
    ['an id longer than the router takes', { method: 'GET', url: `/admin/sources/${'x'.repeat(3000)}` }, 414, { error: 'uri_too_long', message: `a path segment of /admin/sources/${'x'.repeat(85)}… is too long to be an id` }],
    ['null for a boolean (was coerced to false)', { method: 'POST', url: '/admin/sources', payload: { name: 'n', url: 'http://127.0.0.1:1/fake/api', protocol: 'fake', enabled: null } }, 400, { error: 'validation_failed', message: 'body/enabled must be boolean' }],
    ['an array for a string (was coerced to its item)', { method: 'POST', url: '/admin/sources', payload: { name: 'n', url: 'http://127.0.0.1:1/fake/api', protocol: ['fake'] } }, 400, { error: 'validation_failed', message: 'body/protocol must be string' }],
    ['a number for a string (was coerced to text)', { method: 'POST', url: '/admin/sources', payload: { name: 42, url: 'http://127.0.0.1:1/fake/api', protocol: 'fake' } }, 400, { error: 'validation_failed', message: 'body/name must be string' }],
  ] as Array<[string, InjectOptions, number, object]>)('%s', async (_, request, status, body) => {
    const response = await send(request);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual(body);
  });

  it('still coerces query strings, which are text', async () => {
    const response = await send({ method: 'GET', url: `/admin/sources/${sourceId}/jobs?limit=5` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });
});
