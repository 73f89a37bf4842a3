import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@moisson/api';
import type { ProvenanceHop } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import type { HarvestQueue } from '@moisson/queue';
import { runHarvest } from '@moisson/queue';
import { harvesterFor } from '@moisson/registry';
import type { SourceRow, Store } from '@moisson/store';
import { freshStore } from './support/database.js';
import { harvest, type Spec } from '../packages/api/test/catalogue-fixture.js';

/**
 * Issue 5, the point of moisson: a dataset with a multi-hop chain harvested into moisson A; A's
 * `/catalog.ttl` served on loopback and harvested by the DCAT harvester into moisson B. B keeps
 * the whole chain with A as one more hop, flags no loop; A harvesting B back flags the loop.
 */
const A_URL = 'https://moisson-a.example.org';
const B_URL = 'https://moisson-b.example.org';
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

const producer: ProvenanceHop = {
  catalog: { title: 'Géoportail du producteur', url: 'https://geo.producteur.example/csw' },
  recordId: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b',
  recordUrl: 'https://geo.producteur.example/csw?request=GetRecordById&id=8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b',
  protocol: 'csw',
};
const national: ProvenanceHop = {
  catalog: { title: 'Portail national', url: 'https://national.example.org' },
  recordId: 'nat-42',
  recordUrl: 'https://national.example.org/dataset/nat-42',
  protocol: 'ckan',
  publisher: { uri: 'https://national.example.org/organization/dreal-occitanie', name: [{ value: 'DREAL Occitanie', lang: 'fr' }], homepage: 'https://www.occitanie.developpement-durable.gouv.fr/' },
};
const spec: Spec = {
  remoteId: 'reg-7', title: 'Qualité des eaux de baignade', keywords: ['eau'], formats: ['CSV'],
  uri: 'https://geo.producteur.example/datasets/baignade', chain: [producer, national],
};

interface Moisson {
  store: Store;
  drop(): Promise<void>;
  app: FastifyInstance;
  base: string;
}

async function moisson(publicUrl: string): Promise<Moisson> {
  const { store, drop } = await freshStore();
  const app = buildApi({ store, queue: {} as HarvestQueue, http: http(), adminToken: 'round-trip-token', publicUrl, catalogTitle: new URL(publicUrl).host, rateLimit: false });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { store, drop, app, base };
}

async function harvestCatalog(into: Moisson, from: Moisson, ownUrl: string): Promise<SourceRow> {
  const source = await into.store.sources.create({ name: `moisson at ${from.base}`, url: `${from.base}/catalog.ttl`, protocol: 'dcat' });
  const job = await into.store.jobs.create(source.id);
  const result = await runHarvest(into.store, harvesterFor('dcat')!, source, job, http(), { ownUrls: [ownUrl], archiveGraceMs: 0, conditional: false });
  expect(result.complete).toBe(true);
  return source;
}

const publicChain = async (m: Moisson, id: string) => (await m.app.inject({ method: 'GET', url: `/api/datasets/${id}` })).json();
const brief = (hops: ProvenanceHop[]) => hops.map((h) => ({ catalog: h.catalog.url, recordId: h.recordId }));

let a: Moisson;
let b: Moisson;

beforeAll(async () => {
  [a, b] = await Promise.all([moisson(A_URL), moisson(B_URL)]);
  const regional = await a.store.sources.create({ name: 'Portail régional', url: 'https://regional.example.org/api/3', protocol: 'ckan' });
  await harvest(a.store, regional, [spec]);
});
afterAll(async () => {
  for (const m of [a, b]) {
    await m?.app.close();
    await m?.drop();
  }
});

describe('moisson → moisson', () => {
  it('B keeps A\'s whole chain with A as one more hop, and flags no loop', async () => {
    const source = await harvestCatalog(b, a, B_URL);
    const inA = (await a.store.search.search({ q: 'baignade' })).items[0]!;
    const inB = (await b.store.search.search({ q: 'baignade' })).items[0]!;
    const chainA: ProvenanceHop[] = (await publicChain(a, inA.id)).chain;
    const chainB: ProvenanceHop[] = (await publicChain(b, inB.id)).chain;
    expect(brief(chainA)).toEqual([
      { catalog: producer.catalog.url, recordId: producer.recordId },
      { catalog: national.catalog.url, recordId: national.recordId },
      { catalog: 'https://regional.example.org/api/3', recordId: 'reg-7' },
      { catalog: A_URL, recordId: inA.id },
    ]);
    expect(brief(chainB)).toEqual([...brief(chainA), { catalog: source.url, recordId: expect.any(String) }, { catalog: B_URL, recordId: inB.id }]);
    expect(chainB.slice(0, 4).map((h) => h.catalog.title)).toEqual(chainA.map((h) => h.catalog.title));
    // Every hop of A comes back whole: catalogue, record id and page, publisher, protocol, harvest
    // date. Roles are B's to give; A's own protocol reads back as what A exposes, DCAT; and DCAT-AP's
    // mandatory dct:modified stands in where a hop had none, so modified is not compared.
    const hop = (h: ProvenanceHop) => ({ catalog: h.catalog, recordId: h.recordId, recordUrl: h.recordUrl, publisher: h.publisher, protocol: h.protocol, harvestedAt: h.harvestedAt });
    expect(chainB.slice(0, 4).map(hop)).toEqual(chainA.map((h) => hop({ ...h, protocol: h.role === 'moisson' ? 'dcat' : h.protocol })));
    expect(chainB[1]!.publisher).toEqual(national.publisher);
    expect(chainB[3]).toMatchObject({ role: 'intermediate', catalog: { title: 'moisson-a.example.org', url: A_URL }, recordUrl: `${A_URL}/api/datasets/${inA.id}` });
    expect(inB.loop).toBe(false);
    expect(inB.title).toBe('Qualité des eaux de baignade');
  });

  it('B keeps the producer as origin, the catalogue it read as source, itself last; no loop', async () => {
    const source = (await b.store.sources.list())[0]!;
    const inB = (await b.store.search.search({ q: 'baignade' })).items[0]!;
    const chainB: ProvenanceHop[] = (await publicChain(b, inB.id)).chain;
    expect(chainB[0]).toMatchObject({ role: 'origin', catalog: producer.catalog, recordId: producer.recordId, recordUrl: producer.recordUrl, protocol: 'csw' });
    expect(chainB.at(-2)).toMatchObject({ role: 'source', catalog: { url: source.url } });
    expect(chainB.at(-1)).toMatchObject({ role: 'moisson', catalog: { url: B_URL }, recordId: inB.id });
    expect(inB.loop).toBe(false);
    expect(inB.title).toBe('Qualité des eaux de baignade');
  });

  it('A harvesting B back links it to its own copy', async () => {
    await harvestCatalog(a, b, A_URL);
    const { items } = await a.store.search.search({ q: 'baignade', status: 'all' });
    expect(items).toHaveLength(1);
    const detail = await publicChain(a, items[0]!.id);
    expect(detail.origins.map((o: { source: { name: string }; primary: boolean }) => [o.source.name, o.primary])).toEqual([
      ['Portail régional', true],
      [expect.stringMatching(/^moisson at /), false],
    ]);
    expect((await b.store.search.search({ status: 'all' })).items.every((i) => !i.loop)).toBe(true);
  });

  // A's own hop travelled through B's records with A's public URL: A sees itself in them.
  it('A harvesting B back flags the loop', async () => {
    const { items } = await a.store.search.search({ q: 'baignade', status: 'all' });
    const detail = await publicChain(a, items[0]!.id);
    const looped = await publicChain(a, detail.origins[1].id as string);
    expect(looped.loop).toBe(true);
    expect(brief(looped.chain).map((h) => h.catalog)).toEqual([
      producer.catalog.url, national.catalog.url, 'https://regional.example.org/api/3', A_URL,
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/catalog\.ttl$/), B_URL,
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/catalog\.ttl$/), A_URL,
    ]);
  });
});
