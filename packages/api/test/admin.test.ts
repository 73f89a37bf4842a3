import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { auth, testApi, type TestApi } from './setup.js';

let api: TestApi;
let server: FixtureServer;

const PAGES: Record<string, unknown> = {
  '1': { fake: true, items: [{ id: 'a', title: 'Alpha' }, { id: 'b', title: 'Beta' }], next: 2 },
  '2': { fake: true, items: [{ id: 'c' }, { id: 'd', title: 'Delta' }], next: null },
};

beforeAll(async () => {
  api = await testApi();
  server = await new FixtureServer().start();
  server.route('/', { status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>a fake catalogue</h1>' });
  server.route('/fake/api', (request) => json(PAGES[request.url.searchParams.get('page') ?? '1'] ?? { fake: true, items: [], next: null }));
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = auth) => api.app.inject({ method: 'POST', url, payload: payload as object, headers });
const source = (extra: Record<string, unknown> = {}) => ({ name: 'Fake', url: server.at('/fake/api'), protocol: 'fake', ...extra });

describe('admin authentication', () => {
  it('answers 401 with a Bearer challenge without a token', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/admin/sources' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="moisson admin"');
    expect(response.json()).toEqual({
      error: 'unauthorized',
      message: 'the admin API needs the header "Authorization: Bearer <token>" (the token is MOISSON_ADMIN_TOKEN)',
    });
  });

  it.each([
    ['a wrong token of the same length', 'Bearer a-test-token-that-is-long-enougX'],
    ['a shorter token', 'Bearer short'],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ])('answers 401 with %s', async (_, header) => {
    const response = await api.app.inject({ method: 'POST', url: '/admin/sources', payload: source(), headers: { authorization: header } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="moisson admin", error="invalid_token"');
    expect(response.json()).toEqual({ error: 'unauthorized', message: 'the bearer token is not valid for this server (see MOISSON_ADMIN_TOKEN)' });
  });

  it('refuses before reading the body: a bad body without a token is still 401', async () => {
    const response = await post('/admin/sources', { url: 'nope' }, {});
    expect(response.statusCode).toBe(401);
  });
});

describe('POST /admin/sources refuses bad input with a message naming what is wrong', () => {
  it.each([
    ['a URL that is not one', { url: 'not a url' }, 'body/url must match format "uri"'],
    ['a missing name', { name: undefined }, "body must have required property 'name'"],
    ['a filter with a bad type', { filters: [{ key: 'tag', value: 'x', type: 'maybe' }] }, 'body/filters/0/type must be one of: include, exclude'],
    ['an unknown field', { schedul: '0 3 * * *' }, 'body has an unknown field "schedul"'],
  ])('400 for %s', async (_, extra, message) => {
    const response = await post('/admin/sources', source(extra));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'validation_failed', message });
  });

  it.each([
    ['a non-http URL', { url: 'ftp://127.0.0.1/pub' }, 'invalid_url', 'url must be http or https, not ftp'],
    [
      'a private address',
      { url: 'http://10.1.2.3/api' },
      'address_refused',
      'url refused: 10.1.2.3 resolves to 10.1.2.3, a private address; sources must be public (add it to MOISSON_ALLOWED_HOSTS to allow it)',
    ],
    [
      'the cloud metadata address',
      { url: 'http://169.254.169.254/latest/meta-data/' },
      'address_refused',
      'url refused: 169.254.169.254 resolves to 169.254.169.254, a linkLocal address; sources must be public (add it to MOISSON_ALLOWED_HOSTS to allow it)',
    ],
    ['credentials in the URL', { url: 'http://user:secret@127.0.0.1/' }, 'invalid_url', 'url must not hold a user name or password; give them as `credentials` (stored encrypted, sent to this host only)'],
    ['an unknown protocol', { protocol: 'gopher' }, 'unknown_protocol', 'unknown protocol "gopher"; known protocols: fake, weak'],
    [
      'a bad cron expression',
      { schedule: '61 * * * *' },
      'invalid_schedule',
      'schedule "61 * * * *" is not a valid cron expression; use 5 fields (minute hour day month weekday), e.g. "0 3 * * *" for every day at 03:00',
    ],
    [
      'an unknown filter key',
      { filters: [{ key: 'colour', value: 'blue', type: 'include' }] },
      'unknown_filter',
      'unknown filter key "colour" for protocol fake; known keys: tag, owner',
    ],
    ['a config value out of range', { config: { pageSize: 500 } }, 'invalid_config', 'invalid config for protocol fake: config/pageSize must be <= 50'],
    [
      'an unknown config field',
      { config: { colour: 'blue' } },
      'invalid_config',
      'invalid config for protocol fake: config has an unknown field "colour"; fake takes pageSize, and any source incremental, fullEveryDays, archiveGraceDays, politeness',
    ],
    [
      'an unknown field of a runner setting',
      { config: { politeness: { delay: 1000 } } },
      'invalid_config',
      'invalid config: config/politeness has an unknown field "delay"; known fields: concurrency, delayMs',
    ],
  ])('422 for %s', async (_, extra, error, message) => {
    const response = await post('/admin/sources', source(extra));
    expect(response.json()).toEqual({ error, message });
    expect(response.statusCode).toBe(422);
  });

  it('422 when no protocol recognises the URL', async () => {
    const url = server.at('/nothing/');
    const response = await post('/admin/sources', { name: 'Nothing', url });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: 'protocol_not_detected',
      message: `could not recognise the protocol of ${url} (tried fake, weak); give "protocol" explicitly`,
    });
  });

  it('stores nothing when it refuses', async () => {
    const list = await api.app.inject({ method: 'GET', url: '/admin/sources', headers: auth });
    expect(list.json().filter((s: { name: string }) => s.name === 'Nothing')).toEqual([]);
  });
});

describe('sources', () => {
  it('detects the protocol when omitted: the most confident harvester wins and its endpoint is kept', async () => {
    const response = await post('/admin/sources', { name: 'Detected', url: server.url });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'Detected', protocol: 'fake', url: server.at('/fake/api') });
    // fake asked its API, weak read the page: both were asked.
    expect(server.requests.map((r) => r.url.pathname)).toEqual(expect.arrayContaining(['/fake/api', '/']));
    await api.app.inject({ method: 'DELETE', url: `/admin/sources/${response.json().id}`, headers: auth });
  });

  it('creates, lists, reads, changes and deletes a source', async () => {
    const created = await post('/admin/sources', source({ schedule: '0 3 * * *', filters: [{ key: 'tag', value: 'water', type: 'include' }], config: { pageSize: 10 } }));
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Fake',
      url: server.at('/fake/api'),
      protocol: 'fake',
      filters: [{ key: 'tag', value: 'water', type: 'include' }],
      config: { pageSize: 10 },
      schedule: '0 3 * * *',
      enabled: true,
      credentials: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const url = `/admin/sources/${body.id}`;

    const list = await api.app.inject({ method: 'GET', url: '/admin/sources', headers: auth });
    expect(list.json().filter((s: { id: string }) => s.id === body.id)).toEqual([{ ...body, datasets: { active: 0, archived: 0 }, lastJob: null }]);
    expect((await api.app.inject({ method: 'GET', url, headers: auth })).json()).toEqual(body);

    const patched = await api.app.inject({ method: 'PATCH', url, headers: auth, payload: { name: 'Fake renamed', schedule: null, enabled: false } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Fake renamed', schedule: null, enabled: false, config: { pageSize: 10 } });

    // A change is checked on the source as it would become.
    const badCron = await api.app.inject({ method: 'PATCH', url, headers: auth, payload: { schedule: 'every day' } });
    expect(badCron.statusCode).toBe(422);
    expect(badCron.json().error).toBe('invalid_schedule');
    const otherProtocol = await api.app.inject({ method: 'PATCH', url, headers: auth, payload: { protocol: 'weak' } });
    expect(otherProtocol.json()).toEqual({ error: 'unknown_filter', message: 'unknown filter key "tag" for protocol weak; weak takes no filters' });
    const privateUrl = await api.app.inject({ method: 'PATCH', url, headers: auth, payload: { url: 'http://192.168.1.10/' } });
    expect(privateUrl.json().error).toBe('address_refused');
    const empty = await api.app.inject({ method: 'PATCH', url, headers: auth, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'validation_failed', message: 'body must NOT have fewer than 1 properties' });
    expect((await api.app.inject({ method: 'GET', url, headers: auth })).json()).toMatchObject({ name: 'Fake renamed', protocol: 'fake', schedule: null });

    const deleted = await api.app.inject({ method: 'DELETE', url, headers: auth });
    expect(deleted.statusCode).toBe(204);
    const gone = await api.app.inject({ method: 'GET', url, headers: auth });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ error: 'not_found', message: `no source with id "${body.id}"` });
    expect((await api.app.inject({ method: 'DELETE', url, headers: auth })).statusCode).toBe(404);
  });

  it('answers 404, not 500, for an id that is not a uuid', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await api.app.inject({ method, url: '/admin/sources/42', headers: auth, payload: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: 'no source with id "42"' });
    }
  });
});

describe('harvest runs', () => {
  it('a trigger answers 202 with a job; a second trigger returns the same job', async () => {
    const { id } = (await post('/admin/sources', source({ name: 'Triggered' }))).json();
    const first = await post(`/admin/sources/${id}/harvest`, undefined);
    expect(first.statusCode).toBe(202);
    const { jobId } = first.json();
    expect(first.json()).toEqual({ jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), created: true });
    expect(first.headers.location).toBe(`/admin/jobs/${jobId}`);
    const second = await post(`/admin/sources/${id}/harvest`, undefined);
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual({ jobId, created: false });
    // The BullMQ job carries the database job id: one run, one queue entry.
    expect((await api.queue.queue.getJob(jobId))?.data).toEqual({ sourceId: id, harvestJobId: jobId });

    const job = await api.app.inject({ method: 'GET', url: `/admin/jobs/${jobId}`, headers: auth });
    expect(job.statusCode).toBe(200);
    expect(job.json()).toEqual({
      id: jobId,
      sourceId: id,
      status: 'queued',
      trigger: 'manual',
      createdAt: expect.stringMatching(/Z$/),
      startedAt: null,
      finishedAt: null,
      complete: false,
      pages: 0,
      total: null,
      counts: { created: 0, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 },
      error: null,
      errors: [],
    });
    const jobs = await api.app.inject({ method: 'GET', url: `/admin/sources/${id}/jobs`, headers: auth });
    const { errors: _errors, ...summary } = job.json();
    expect(jobs.json()).toEqual([summary]);
  });

  it('a finished run reports its counts and item errors', async () => {
    const { id } = (await post('/admin/sources', source({ name: 'Reported' }))).json();
    const { jobId } = (await post(`/admin/sources/${id}/harvest`, undefined)).json();
    await api.store.jobs.start(jobId);
    await api.store.jobs.addError(jobId, { remoteId: 'c', pageUrl: 'http://x/?page=2', code: 'INVALID_RECORD', message: 'fake item c has no title' });
    await api.store.jobs.finish(jobId, { status: 'failed', complete: false, error: 'the source answered 500 on page 2' });
    const job = (await api.app.inject({ method: 'GET', url: `/admin/jobs/${jobId}`, headers: auth })).json();
    expect(job).toMatchObject({ status: 'failed', complete: false, error: 'the source answered 500 on page 2', startedAt: expect.stringMatching(/Z$/), finishedAt: expect.stringMatching(/Z$/) });
    expect(job.errors).toEqual([
      { remoteId: 'c', pageUrl: 'http://x/?page=2', code: 'INVALID_RECORD', message: 'fake item c has no title', createdAt: expect.stringMatching(/Z$/) },
    ]);
    const list = (await api.app.inject({ method: 'GET', url: '/admin/sources', headers: auth })).json();
    expect(list.find((s: { id: string }) => s.id === id).lastJob).toMatchObject({ id: jobId, status: 'failed' });
  });

  it('404 for an unknown source or job', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    expect((await post(`/admin/sources/${uuid}/harvest`, undefined)).json()).toEqual({ error: 'not_found', message: `no source with id "${uuid}"` });
    expect((await api.app.inject({ method: 'GET', url: `/admin/sources/${uuid}/jobs`, headers: auth })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/admin/jobs/${uuid}`, headers: auth })).json()).toEqual({ error: 'not_found', message: `no run with id "${uuid}"` });
  });
});

describe('POST /admin/preview', () => {
  it('returns the first normalised datasets and item errors, and stores nothing', async () => {
    const before = await api.store.datasets.list({ status: undefined, includeArchived: true });
    server.requests.length = 0;
    const response = await post('/admin/preview', { url: server.at('/fake/api'), protocol: 'fake', limit: 3 });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.protocol).toBe('fake');
    expect(body.datasets.map((d: { remoteId: string; dataset: { title: unknown } }) => [d.remoteId, d.dataset.title])).toEqual([
      ['a', [{ value: 'Alpha', lang: 'en' }]],
      ['b', [{ value: 'Beta', lang: 'en' }]],
      ['d', [{ value: 'Delta', lang: 'en' }]],
    ]);
    expect(body.errors).toEqual([{ remoteId: 'c', code: 'INVALID_RECORD', message: 'fake item c has no title' }]);
    expect(body.pages).toBe(2);
    expect(server.requests.map((r) => r.url.search)).toEqual(['?page=1', '?page=2']);
    expect((await api.store.datasets.list({ includeArchived: true })).total).toBe(before.total);
  });

  it('stops reading pages once it has enough', async () => {
    server.requests.length = 0;
    const body = (await post('/admin/preview', { url: server.at('/fake/api'), protocol: 'fake', limit: 1 })).json();
    expect(body.datasets).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('detects the protocol, and checks the input like a source', async () => {
    expect((await post('/admin/preview', { url: server.url, limit: 1 })).json()).toMatchObject({ protocol: 'fake', url: server.at('/fake/api') });
    expect((await post('/admin/preview', { url: 'http://10.0.0.1/' })).json().error).toBe('address_refused');
    expect((await post('/admin/preview', { url: server.url, protocol: 'fake', filters: [{ key: 'x', value: 'y', type: 'exclude' }] })).json().error).toBe('unknown_filter');
    expect((await post('/admin/preview', { url: server.url, limit: 1000 })).json()).toEqual({ error: 'validation_failed', message: 'body/limit must be <= 100' });
  });

  it('502 when the remote fails', async () => {
    const response = await post('/admin/preview', { url: server.at('/missing'), protocol: 'fake' });
    expect(response.statusCode).toBe(502);
    expect(response.json().error).toBe('remote_failed');
    expect(response.json().message).toMatch(/^the source did not answer usably: .*404/);
  });
});
