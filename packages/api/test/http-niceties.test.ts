import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harvest } from './catalogue-fixture.js';
import { testApi, type TestApi } from './setup.js';

let api: TestApi;
let limited: TestApi;
let id: string;
const get = (app: TestApi, url: string, headers: Record<string, string> = {}) => app.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  [api, limited] = await Promise.all([testApi(), testApi({ rateLimit: { max: 3, timeWindow: 60_000 } })]);
  const source = await api.store.sources.create({ name: 'S', url: 'https://s.example', protocol: 'fake' });
  await harvest(api.store, source, [{ remoteId: 'a', title: 'Arbres' }, { remoteId: 'b', title: 'Bancs' }]);
  id = (await api.store.datasets.byRemoteId(source.id, 'a'))!.id;
});
afterAll(async () => Promise.all([api?.close(), limited?.close()]));

describe('ETag and 304 on public reads', () => {
  it.each(['/api/datasets/:id', '/api/datasets/:id?format=ttl', '/api/datasets?q=arbres', '/catalog.ttl', '/api/sources'])('%s', async (path) => {
    const url = path.replace(':id', id);
    const first = await get(api, url);
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await get(api, url, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(api, url, { 'if-none-match': `"other", W/${tag}` })).statusCode).toBe(304);
    expect((await get(api, url, { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('gives each representation of a dataset its own tag, and a new one when it changes', async () => {
    const json = (await get(api, `/api/datasets/${id}`)).headers.etag;
    const turtle = (await get(api, `/api/datasets/${id}`, { accept: 'text/turtle' })).headers.etag;
    expect(turtle).not.toBe(json);
    await api.store.pool.query(`UPDATE datasets SET title = 'Arbres 2', data = jsonb_set(data, '{title}', '[{"value":"Arbres 2"}]'), hash = 'changed' WHERE id = $1`, [id]);
    const after = await get(api, `/api/datasets/${id}`, { 'if-none-match': json as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(json);
  });

  it('lets browsers on other origins read the tag', async () => {
    const response = await get(api, '/api/datasets', { origin: 'https://portal.example' });
    expect(response.headers['access-control-expose-headers']).toBe('ETag');
  });
});

describe('rate limit on public routes', () => {
  it('answers 429 with the shared error shape past the limit, and never limits the admin API', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(limited, '/api/datasets')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get(limited, '/api/sources');
    expect(refused.json()).toEqual({ error: 'too_many_requests', message: 'more than 3 requests from this address in the window; retry in 1 minute' });
    expect(refused.headers['retry-after']).toBe('60');
    expect((await get(limited, '/admin/sources', { authorization: 'Bearer a-test-token-that-is-long-enough' })).statusCode).toBe(200);
  });
});
