import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue, HarvestWorker } from '@moisson/queue';
import type { JobRow, Store } from '@moisson/store';
import { freshStore } from './support/database.js';
import { harvestThroughQueue } from './support/harvest.js';
import { FixtureServer, xml } from './support/fixture-server.js';

/**
 * Issue 10, through the queue: an OAI-PMH repository harvested twice; the second time it
 * answers a deleted header for one record, which archives that dataset at once, on an
 * incremental run too.
 */
const prefix = `moisson-oai-${randomBytes(4).toString('hex')}`;
let store: Store;
let drop: () => Promise<void>;
let queue: HarvestQueue;
let worker: HarvestWorker;
const server = new FixtureServer();
let deletedNow = false;
const froms: Array<string | null> = [];

function record(id: string, title: string): string {
  return `<record><header><identifier>oai:repo.example:${id}</identifier><datestamp>2025-01-10T10:00:00Z</datestamp></header>
  <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>${title}</dc:title><dc:identifier>${id}</dc:identifier><dc:description>${title}, relevés annuels.</dc:description>
  </oai_dc:dc></metadata></record>`;
}

function listRecords(records: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-03-04T10:20:00Z</responseDate>
<request verb="ListRecords">http://repo.example/oai</request><ListRecords>${records.join('\n')}</ListRecords></OAI-PMH>`;
}

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  queue = new HarvestQueue(store, { prefix }, { attempts: 1 });
  worker = new HarvestWorker(store, { prefix, archiveGraceMs: 0, httpFor: () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 1 }), log: () => undefined });
  await server
    .route('/oai', (request) => {
      if (request.url.searchParams.get('verb') !== 'ListRecords') return xml('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-03-04T10:20:00Z</responseDate><request>http://repo.example/oai</request><Identify><repositoryName>Repo</repositoryName><baseURL>http://repo.example/oai</baseURL><protocolVersion>2.0</protocolVersion><earliestDatestamp>2000-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>');
      froms.push(request.url.searchParams.get('from'));
      const loutres = deletedNow
        ? `<record><header status="deleted"><identifier>oai:repo.example:loutres</identifier><datestamp>2025-03-01T00:00:00Z</datestamp></header></record>`
        : record('loutres', "Observations de loutres d'Europe");
      return xml(listRecords([record('chiropteres', 'Suivi des chiroptères'), loutres]));
    })
    .start();
});

afterAll(async () => {
  await worker?.close();
  await queue?.queue.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await server.stop();
  await drop?.();
});

const harvest = (sourceId: string): Promise<JobRow> => harvestThroughQueue(queue, store, sourceId);

describe('OAI-PMH deleted records', () => {
  it('archive their dataset at once, even on an incremental run', async () => {
    const source = await store.sources.create({ name: 'Repo', url: server.at('/oai'), protocol: 'oai', config: { metadataPrefix: 'oai_dc' } });
    const first = await harvest(source.id);
    expect(first.counts).toMatchObject({ created: 2, archived: 0 });

    deletedNow = true;
    const second = await harvest(source.id);
    expect(froms[1]).not.toBeNull(); // incremental: asked `from` the last run
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 1, skipped: 0, archived: 1, failed: 0 });
    const loutres = await store.datasets.byRemoteId(source.id, 'oai:repo.example:loutres');
    expect(loutres).toMatchObject({ status: 'archived', archiveReason: 'deleted-at-source' });
    expect(await store.datasets.history(loutres!.id)).toMatchObject([{ event: 'archived', reason: 'deleted-at-source', jobId: second.id }]);
    expect((await store.datasets.byRemoteId(source.id, 'oai:repo.example:chiropteres'))?.status).toBe('active');
  });
});
