import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import type { JobRow, Store } from '@moisson/store';
import { completeChain } from '@moisson/core';
import { freshStore } from './support/database.js';
import { harvestThroughQueue } from './support/harvest.js';
import { FixtureServer } from './support/fixture-server.js';
import { serveGbifRegistry, serveIpt } from '../harvesters/gbif/test/support.js';

/**
 * Issue 10 through the queue: a GBIF registry search over two pages, and an IPT RSS feed, each
 * harvested by a real worker into PostgreSQL, with the publisher → IPT → GBIF chain kept.
 */
const prefix = `moisson-bio-${randomBytes(4).toString('hex')}`;
const fixture = (name: string) => readFileSync(new URL(`../harvesters/gbif/test/fixtures/${name}`, import.meta.url), 'utf8');
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
const server = new FixtureServer();

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 1 });
  worker = new HarvestWorker(store, { prefix, archiveGraceMs: 0, httpFor: () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 1 }), log: () => undefined });
  await server.start();
  const results = JSON.parse(fixture('gbif-search-results.json')) as Array<Record<string, unknown>>;
  const ipt = server.at('/ipt').replace(/\/$/, '');
  serveGbifRegistry(
    server,
    results.map((search, i) => ({
      search,
      eml: i === 0 ? fixture('ipt-eml-2.1.1-full.xml') : null,
      endpoints: i === 0 ? [{ key: 1, type: 'DWC_ARCHIVE', url: `${ipt}/archive.do?r=odonates-vanoise` }, { key: 2, type: 'EML', url: `${ipt}/eml.do?r=odonates-vanoise` }] : [],
    })),
  );
  serveIpt(server, [
    { shortName: 'odonates-vanoise', title: 'Inventaire des odonates', eml: fixture('ipt-eml-2.1.1-full.xml') },
    { shortName: 'flore-2022', title: 'Flore 2022', eml: fixture('eml-2.2.0.xml'), dwca: false },
  ]);
});

afterAll(async () => {
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await server.stop();
  await drop?.();
});

const harvest = (sourceId: string): Promise<JobRow> => harvestThroughQueue(queue, store, sourceId);

describe('biodiversity sources through the queue', () => {
  it('harvests a GBIF registry search over two pages, with the publisher → IPT → GBIF chain', async () => {
    const source = await store.sources.create({ name: 'GBIF', url: server.url.replace(/\/$/, ''), protocol: 'gbif', config: { pageSize: 2 } });
    const job = await harvest(source.id);
    expect(job).toMatchObject({ status: 'done', complete: true, pages: 2 });
    expect(job.counts).toMatchObject({ created: 3, failed: 0 });
    const searches = server.requests.filter((r) => r.url.pathname === '/v1/dataset/search').map((r) => r.url.searchParams.get('offset'));
    expect(searches).toEqual(['0', '2']);

    const odonates = await store.datasets.byRemoteId(source.id, '7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718');
    expect(odonates?.data.otherIdentifiers.map((i) => i.notation)).toContain('https://doi.org/10.15468/ab12cd');
    expect(odonates?.data.distributions.some((d) => d.downloadURL.some((u) => u.includes('archive.do?r=odonates-vanoise')))).toBe(true);
    const chain = completeChain(odonates!.chain, { ...odonates!, source: odonates!.source }, { title: 'moisson', url: 'https://moisson.example.org' });
    expect(chain.map((h) => h.role)).toEqual(['origin', 'intermediate', 'source', 'moisson']);
    expect(chain[0]?.catalog.url).toBe('https://www.gbif.org/publisher/1f2e3d4c-0000-4000-8000-00000000aaaa');
    expect(chain[1]).toMatchObject({ recordId: 'odonates-vanoise' });
  });

  it('harvests an IPT RSS feed: each resource from its EML, the DwC-A as a distribution', async () => {
    const source = await store.sources.create({ name: 'IPT', url: server.at('/ipt'), protocol: 'ipt' });
    const job = await harvest(source.id);
    expect(job).toMatchObject({ status: 'done', complete: true });
    expect(job.counts).toMatchObject({ created: 2, failed: 0 });
    const odonates = await store.datasets.byRemoteId(source.id, 'odonates-vanoise');
    expect(odonates?.data.distributions.flatMap((d) => d.downloadURL)).toContain(`${server.at('/ipt').replace(/\/$/, '')}/archive.do?r=odonates-vanoise`);
    expect(odonates?.data.themes.map((t) => t.uri)).toContain('http://publications.europa.eu/resource/authority/data-theme/ENVI');
    const flore = await store.datasets.byRemoteId(source.id, 'flore-2022');
    expect(flore?.data.distributions.some((d) => d.downloadURL.some((u) => u.includes('archive.do')))).toBe(false);
  });
});
