import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '@moisson/api';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import type { Store } from '@moisson/store';
import { freshStore } from './support/database.js';
import { FixtureServer, json } from './support/fixture-server.js';
import { makePackages, servePackages, type CkanSite } from '../harvesters/ckan/test/support.js';

/**
 * Issue 2, end to end: a CKAN site replayed on loopback, a source registered through the admin
 * API, harvests run by a real BullMQ worker into the real PostgreSQL, datasets read back through
 * the public API with their attribution.
 */
const prefix = `moisson-e2e-${randomBytes(4).toString('hex')}`;
const token = 'e2e-token';
const auth = { authorization: `Bearer ${token}` };
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
let api: FastifyInstance;
let site: CkanSite;
const server = new FixtureServer();

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 2, backoffMs: 50 });
  worker = new HarvestWorker(store, { prefix, archiveGraceMs: 0, httpFor: http, log: () => undefined });
  await server.start();
  const packages = makePackages(25, (i) =>
    i === 3
      ? {
          extras: [
            { key: 'harvest_source_title', value: 'Géoportail du producteur' },
            { key: 'harvest_url', value: 'https://geo.producteur.example/csw' },
            { key: 'guid', value: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b' },
            { key: 'source_url', value: 'https://geo.producteur.example/csw?request=GetRecordById&id=8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b' },
            { key: 'spatial_harvester', value: 'true' },
            { key: 'metadata-date', value: '2023-11-02' },
          ],
        }
      : {},
  );
  site = servePackages(server, packages, { siteTitle: 'Fixture CKAN' });
  api = buildApi({ store, queue, http: http(), adminToken: token, publicUrl: 'https://moisson.example.org', guard: new AddressGuard(['127.0.0.1']) });
  await api.ready();
});

afterAll(async () => {
  await api?.close();
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await server.stop();
  await drop?.();
});

async function harvest(sourceId: string): Promise<{ status: string; counts: Record<string, number>; errors: Array<{ code: string; message: string }>; complete: boolean; pages: number }> {
  const triggered = await api.inject({ method: 'POST', url: `/admin/sources/${sourceId}/harvest`, headers: auth });
  expect(triggered.statusCode).toBe(202);
  const { jobId } = triggered.json() as { jobId: string };
  for (let i = 0; i < 300; i++) {
    const job = (await api.inject({ method: 'GET', url: `/admin/jobs/${jobId}`, headers: auth })).json();
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('CKAN end to end through the admin API, the queue and the public API', () => {
  let sourceId: string;

  it('registers the source', async () => {
    const created = await api.inject({
      method: 'POST',
      url: '/admin/sources',
      headers: auth,
      // Full runs every time: the archive and "unchanged" behaviour is what this test is about
      // (incremental runs are tested below and in packages/queue).
      payload: { name: 'Fixture CKAN', url: server.url.replace(/\/$/, ''), protocol: 'ckan', config: { pageSize: 10, incremental: false }, schedule: '0 3 * * *' },
    });
    expect(created.statusCode).toBe(201);
    sourceId = created.json().id;
  });

  it('harvests every page and serves the datasets with their attribution', async () => {
    const job = await harvest(sourceId);
    expect(job).toMatchObject({ status: 'done', complete: true, pages: 3 });
    expect(job.counts).toEqual({ created: 25, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    expect(site.searches.slice(-3).map((u) => [u.searchParams.get('start'), u.searchParams.get('rows'), u.searchParams.get('sort')])).toEqual([
      ['0', '10', 'id asc'],
      ['10', '10', 'id asc'],
      ['20', '10', 'id asc'],
    ]);

    const list = (await api.inject({ method: 'GET', url: `/api/datasets?source=${sourceId}&pageSize=50` })).json();
    expect(list.total).toBe(25);
    const harvested = list.items.find((d: { title: string }) => d.title === 'Dataset 0003');
    const detail = (await api.inject({ method: 'GET', url: `/api/datasets/${harvested.id}` })).json();
    expect(detail.remoteId).toBe('00000000-0000-4000-8000-000000000003');
    expect(detail.source).toMatchObject({ id: sourceId, name: 'Fixture CKAN', protocol: 'ckan' });
    expect(detail.dataset.distributions[0].accessURL).toEqual(['https://files.example.org/0003.csv']);
    // The producer's catalogue, the CKAN source, then moisson: the chain survives the hops.
    expect(detail.chain.map((hop: { role: string }) => hop.role)).toEqual(['origin', 'source', 'moisson']);
    expect(detail.chain[0]).toMatchObject({
      catalog: { title: 'Géoportail du producteur', url: 'https://geo.producteur.example/csw' },
      recordId: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b',
      protocol: 'iso19139',
    });
    expect(detail.chain[1]).toMatchObject({ recordId: '00000000-0000-4000-8000-000000000003', protocol: 'ckan' });

    const raw = await api.inject({ method: 'GET', url: `/api/datasets/${harvested.id}/raw` });
    expect(raw.statusCode).toBe(200);
    expect(JSON.parse(raw.body).name).toBe('dataset-0003');
  });

  it('reports an unchanged catalogue as unchanged', async () => {
    const job = await harvest(sourceId);
    expect(job.counts).toEqual({ created: 0, updated: 0, unchanged: 25, skipped: 0, archived: 0, failed: 0 });
  });

  it('archives exactly the dataset the source dropped, after a complete run', async () => {
    site.packages = site.packages.filter((p) => p['name'] !== 'dataset-0017');
    const job = await harvest(sourceId);
    expect(job.counts).toEqual({ created: 0, updated: 0, unchanged: 24, skipped: 0, archived: 1, failed: 0 });
    const archived = (await api.inject({ method: 'GET', url: `/api/datasets?source=${sourceId}&status=archived&pageSize=50` })).json();
    expect(archived.items.map((d: { title: string }) => d.title)).toEqual(['Dataset 0017']);
  });

  it('runs incrementally once the operator allows it: only what changed is asked for, nothing archived', async () => {
    const patched = await api.inject({ method: 'PATCH', url: `/admin/sources/${sourceId}`, headers: auth, payload: { config: { pageSize: 10 } } });
    expect(patched.statusCode).toBe(200);
    const touched = site.packages.find((p) => p['name'] === 'dataset-0009')!;
    touched['metadata_modified'] = new Date(Date.now() + 60_000).toISOString().replace('Z', '');
    touched['title'] = 'Dataset 0009 (revised)';
    const dropped = site.packages.splice(site.packages.findIndex((p) => p['name'] === 'dataset-0011'), 1);
    const job = await harvest(sourceId);
    site.packages.push(...dropped);
    expect(job).toMatchObject({ status: 'done', pages: 1 });
    expect(job.counts).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0, archived: 0, failed: 0 });
    expect(site.searches.at(-1)?.searchParams.get('fq')).toMatch(/^\+metadata_modified:\[\S+ TO \*\]$/);
    await api.inject({ method: 'PATCH', url: `/admin/sources/${sourceId}`, headers: auth, payload: { config: { pageSize: 10, incremental: false } } });
  });

  it('archives nothing when the harvest fails halfway, and records the error', async () => {
    site.packages = site.packages.filter((p) => p['name'] !== 'dataset-0005');
    site.fail = ({ start }) => (start >= 10 ? json({ error: 'database unavailable' }, 500) : undefined);
    const job = await harvest(sourceId);
    site.fail = undefined;
    expect(job).toMatchObject({ status: 'failed', complete: false });
    expect(job.counts.archived).toBe(0);
    expect(job.errors.at(-1)?.message).toContain('HTTP 500');
    const active = (await api.inject({ method: 'GET', url: `/api/datasets?source=${sourceId}&pageSize=50` })).json();
    expect(active.total).toBe(24);
  });
});
