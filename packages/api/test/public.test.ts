import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '@moisson/api';
import { contentHash, emptyDataset, type ProvenanceHop } from '@moisson/core';
import { HttpClient } from '@moisson/http';
import { commitPage, createPool, Store, type DatasetWrite, type SourceRow } from '@moisson/store';
import { PUBLIC_URL, TOKEN, testApi, type TestApi } from './setup.js';
import { cleanPage } from '../../../test/support/page-commit.js';

let api: TestApi;
let source: SourceRow;
let other: SourceRow;

const upstream: ProvenanceHop = {
  catalog: { title: 'Portail national', url: 'https://national.example.org' },
  recordId: 'nat-42',
  recordUrl: 'https://national.example.org/dataset/nat-42',
  publisher: { name: [{ value: 'Office de l’eau' }] },
  protocol: 'ckan',
};

function write(remoteId: string, title: string, chain: ProvenanceHop[] = []): DatasetWrite {
  const data = { ...emptyDataset(), title: [{ value: title, lang: 'fr' }], modified: '2024-03-01' };
  return {
    remoteId,
    remoteUrl: `https://catalogue.example.org/dataset/${remoteId}`,
    remoteModified: '2024-03-02T10:00:00Z',
    identifiers: [remoteId],
    title,
    data,
    chain,
    rawOriginal: `{"id":"${remoteId}","title":"${title}"}`,
    rawMediaType: 'application/json; charset=utf-8',
    hash: contentHash({ data, chain }),
  };
}

const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
const idOf = async (remoteId: string) => (await api.store.datasets.byRemoteId(source.id, remoteId))!.id;

beforeAll(async () => {
  api = await testApi();
  source = await api.store.sources.create({ name: 'Catalogue régional', url: 'https://catalogue.example.org/api/3', protocol: 'fake', config: { apiKey: 'secret' } as never });
  other = await api.store.sources.create({ name: 'Other', url: 'https://other.example.org', protocol: 'fake' });
  const job = await api.store.jobs.create(source.id);
  await commitPage(api.store.pool, cleanPage(source.id, job.id, [write('eau', 'Qualité de l’eau', [upstream]), write('air', 'Air'), write('sols', 'Sols')]));
  await api.store.jobs.finish(job.id, { status: 'done', complete: true });
  const second = await api.store.jobs.create(source.id);
  await commitPage(api.store.pool, cleanPage(source.id, second.id, [write('eau', 'Qualité de l’eau', [upstream]), write('air', 'Air')]));
  await api.store.datasets.archiveUnseen(source.id, second.id, 0);
  await api.store.jobs.finish(second.id, { status: 'done', complete: true, archived: 1 });
});
afterAll(async () => api?.close());

describe('GET /api/datasets', () => {
  it('lists the active datasets by title, with their source', async () => {
    const response = await get('/api/datasets');
    expect(response.statusCode).toBe(200);
    const eau = await idOf('eau');
    const body = response.json();
    expect(body.next).toBeNull();
    expect(Object.keys(body.facets)).toEqual(['source', 'publisher', 'theme', 'keyword', 'format', 'license', 'language', 'status', 'quality']);
    expect({ ...body, facets: undefined, next: undefined }).toEqual({
      total: 2,
      page: 1,
      pageSize: 20,
      items: [
        expect.objectContaining({ title: 'Air', remoteId: 'air' }),
        {
          id: eau,
          title: 'Qualité de l’eau',
          source: { id: source.id, name: 'Catalogue régional', url: 'https://catalogue.example.org/api/3', protocol: 'fake' },
          remoteId: 'eau',
          remoteUrl: 'https://catalogue.example.org/dataset/eau',
          status: 'active',
          modified: '2024-03-01',
          lastChanged: expect.stringMatching(/Z$/),
          quality: { score: 5, criteria: expect.objectContaining({ title: true, description: false }) },
          loop: false,
          origins: [],
          links: { self: `${PUBLIC_URL}/api/datasets/${eau}` },
        },
      ],
    });
  });

  it('filters by status and source, and pages', async () => {
    const titles = async (query: string) => (await get(`/api/datasets?${query}`)).json().items.map((i: { title: string }) => i.title);
    expect(await titles('status=archived')).toEqual(['Sols']);
    expect(await titles('status=all')).toEqual(['Air', 'Qualité de l’eau', 'Sols']);
    expect(await titles(`source=${other.id}`)).toEqual([]);
    expect(await titles(`source=${source.id}&status=all&pageSize=1&page=2`)).toEqual(['Qualité de l’eau']);
    expect((await get('/api/datasets?pageSize=1&page=2&status=all')).json()).toMatchObject({ total: 3, page: 2, pageSize: 1 });
  });

  it('answers 400 naming the parameter', async () => {
    expect((await get('/api/datasets?source=42')).json()).toEqual({ error: 'validation_failed', message: 'querystring/source/0 must match format "uuid"' });
    expect((await get('/api/datasets?status=deleted')).json()).toEqual({ error: 'validation_failed', message: 'querystring/status must be one of: active, archived, all' });
    expect((await get('/api/datasets?pageSize=5000')).statusCode).toBe(400);
  });
});

describe('GET /api/datasets/:id', () => {
  it('returns the DCAT-AP dataset with its attribution and the whole chain, producer to moisson', async () => {
    const id = await idOf('eau');
    const response = await get(`/api/datasets/${id}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const row = (await api.store.datasets.get(id))!;
    expect(body).toMatchObject({
      id,
      status: 'active',
      source: { id: source.id, name: 'Catalogue régional', url: 'https://catalogue.example.org/api/3', protocol: 'fake' },
      remoteId: 'eau',
      remoteUrl: 'https://catalogue.example.org/dataset/eau',
      remoteModified: '2024-03-02T10:00:00Z',
      archivedAt: null,
      hash: row.hash,
      links: { self: `${PUBLIC_URL}/api/datasets/${id}`, raw: `${PUBLIC_URL}/api/datasets/${id}/raw` },
    });
    expect(body.dataset.title).toEqual([{ value: 'Qualité de l’eau', lang: 'fr' }]);
    expect(body.firstSeen).toBe(new Date(row.firstSeen).toISOString());
    expect(body.chain).toEqual([
      { ...upstream, role: 'origin' },
      {
        role: 'source',
        catalog: { title: 'Catalogue régional', url: 'https://catalogue.example.org/api/3' },
        recordId: 'eau',
        recordUrl: 'https://catalogue.example.org/dataset/eau',
        modified: '2024-03-02T10:00:00Z',
        protocol: 'fake',
        harvestedAt: new Date(row.lastSeen).toISOString(),
      },
      {
        role: 'moisson',
        catalog: { title: 'moisson test', url: PUBLIC_URL },
        recordId: id,
        recordUrl: `${PUBLIC_URL}/api/datasets/${id}`,
        harvestedAt: new Date(row.firstSeen).toISOString(),
        modified: new Date(row.lastChanged).toISOString(),
        protocol: 'moisson',
      },
    ]);
  });

  it('shows an archived dataset as archived', async () => {
    const body = (await get(`/api/datasets/${await idOf('sols')}`)).json();
    expect(body.status).toBe('archived');
    expect(body.archivedAt).toMatch(/Z$/);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await get('/api/datasets/00000000-0000-4000-8000-000000000000')).json()).toEqual({
      error: 'not_found',
      message: 'no dataset with id "00000000-0000-4000-8000-000000000000"',
    });
    expect((await get('/api/datasets/nope')).statusCode).toBe(404);
    expect((await get('/api/datasets/nope/raw')).statusCode).toBe(404);
  });

  it('serves the raw original record as received, with its media type, sandboxed', async () => {
    const response = await get(`/api/datasets/${await idOf('eau')}/raw`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe('{"id":"eau","title":"Qualité de l’eau"}');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('GET /api/sources', () => {
  it('lists sources with counts and last harvest, never their config', async () => {
    const body = (await get('/api/sources')).json();
    expect(body).toEqual([
      {
        id: source.id,
        name: 'Catalogue régional',
        url: 'https://catalogue.example.org/api/3',
        protocol: 'fake',
        datasets: { active: 2, archived: 1 },
        lastHarvest: { id: expect.any(String), status: 'done', createdAt: expect.stringMatching(/Z$/), finishedAt: expect.stringMatching(/Z$/) },
      },
      { id: other.id, name: 'Other', url: 'https://other.example.org', protocol: 'fake', datasets: { active: 0, archived: 0 }, lastHarvest: null },
    ]);
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('allows any origin on public routes, not on admin ones', async () => {
    expect((await get('/api/sources', { origin: 'https://elsewhere.example' })).headers['access-control-allow-origin']).toBe('*');
    const admin = await get('/admin/sources', { origin: 'https://elsewhere.example', authorization: `Bearer ${TOKEN}` });
    expect(admin.statusCode).toBe(200);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('GET /health', () => {
  it('says ok when PostgreSQL and Redis answer', async () => {
    const response = await get('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });

  it('answers 503 naming what is down', async () => {
    // A store whose PostgreSQL refuses connections (nothing listens on port 1).
    const deadStore = new Store(createPool('postgres://postgres@127.0.0.1:1/moisson', 1));
    const app = buildApi({ store: deadStore, queue: api.queue, http: new HttpClient(), adminToken: TOKEN, publicUrl: PUBLIC_URL });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', postgres: 'down', redis: 'up' });
    } finally {
      await app.close();
      await deadStore.close();
    }
  });
});

describe('the API as a whole', () => {
  it('publishes an OpenAPI document listing every route, with the admin ones secured', async () => {
    const response = await get('/docs/json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/admin/jobs/{id}',
      '/admin/preview',
      '/admin/protocols',
      '/admin/sources',
      '/admin/sources/{id}',
      '/admin/sources/{id}/harvest',
      '/admin/sources/{id}/jobs',
      '/api/datasets',
      '/api/datasets/{id}',
      '/api/datasets/{id}/raw',
      '/api/sources',
      '/catalog',
      '/catalog.jsonld',
      '/catalog.nt',
      '/catalog.rdf',
      '/catalog.ttl',
      '/health',
    ]);
    expect(Object.keys(doc.paths['/admin/sources/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/admin/sources'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/admin/sources'].post.requestBody.content['application/json'].schema.required).toEqual(['name', 'url']);
    expect(doc.components.schemas.ErrorBody.required).toEqual(['error', 'message']);
    expect(doc.paths['/api/datasets'].get.security).toBeUndefined();
    const ui = await get('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers an unknown route with the same error shape', async () => {
    expect((await get('/nope?x=1')).json()).toEqual({ error: 'not_found', message: 'no route GET /nope; the API is described at /docs' });
  });

  it('answers a body that is not JSON with 400 and the shared shape', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/admin/sources',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad_request' });
  });
});
