/**
 * Source credentials on the wire: the worker opens them and sends them to the source's origin
 * only — not to another host the harvester fetches, not after a redirect to another host.
 */
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyDataset, type Harvester, type Page } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { CredentialedHttp, HarvestQueue, HarvestWorker } from '@moisson/queue';
import { SecretBox, type JobRow, type Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';

const source = new FixtureServer();
const elsewhere = new FixtureServer();
const client = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
const BASIC = { type: 'basic' as const, username: 'harvester', password: 'pa:ss wörd' };
const BASIC_HEADER = `Basic ${Buffer.from('harvester:pa:ss wörd', 'utf8').toString('base64')}`;
const API_KEY = { type: 'header' as const, name: 'X-CKAN-API-Key', value: 'key-0123456789' };

beforeAll(async () => {
  await elsewhere.route('/doc', json({ about: 'a linked document' })).start();
  await source
    .route('/catalogue', json({ items: [{ id: 'one', title: 'One' }] }))
    .route('/moved-here', { status: 302, headers: { location: '/catalogue' } })
    .route('/moved-away', () => ({ status: 302, headers: { location: elsewhere.at('/doc') } }))
    .start();
});
afterAll(async () => {
  await source.stop();
  await elsewhere.stop();
});
beforeEach(() => {
  source.requests.length = 0;
  elsewhere.requests.length = 0;
});

describe('CredentialedHttp over HttpClient', () => {
  it('sends basic credentials to the source origin, also after a redirect that stays there', async () => {
    const http = new CredentialedHttp(client(), source.at('/catalogue'), BASIC);
    await http.get(source.at('/catalogue'));
    await http.get(source.at('/moved-here'));
    expect(source.requests.map((r) => [r.url.pathname, r.headers.authorization])).toEqual([
      ['/catalogue', BASIC_HEADER],
      ['/moved-here', BASIC_HEADER],
      ['/catalogue', BASIC_HEADER],
    ]);
  });

  it('sends an API key header to the source origin and nothing to another host', async () => {
    const http = new CredentialedHttp(client(), source.at('/catalogue'), API_KEY);
    await http.get(source.at('/catalogue'), { headers: { accept: 'application/json' } });
    await http.get(elsewhere.at('/doc'));
    await http.post(elsewhere.at('/doc'), '{}', 'application/json');
    expect(source.requests[0]!.headers['x-ckan-api-key']).toBe('key-0123456789');
    expect(source.requests[0]!.headers.accept).toBe('application/json');
    expect(elsewhere.requests).toHaveLength(2);
    for (const request of elsewhere.requests) {
      expect(request.headers['x-ckan-api-key']).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('drops the credentials when the source redirects to another host', async () => {
    const http = new CredentialedHttp(client(), source.at('/catalogue'), BASIC);
    const response = await http.get(source.at('/moved-away'));
    expect(response.url).toBe(elsewhere.at('/doc'));
    expect(source.requests[0]!.headers.authorization).toBe(BASIC_HEADER);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('the worker with a source that has credentials (real PostgreSQL and Redis)', () => {
  const prefix = `moisson-cred-test-${randomBytes(4).toString('hex')}`;
  const box = new SecretBox(randomBytes(32));
  let store: Store;
  let drop: () => Promise<void>;
  let queue: HarvestQueue;
  const workers: HarvestWorker[] = [];

  /** Reads the catalogue on the source and one linked document on another host. */
  const linking: Harvester<Record<string, never>, { id: string; title: string }> = {
    id: 'linking',
    displayName: 'Linking',
    configSchema: Type.Object({}),
    filters: [],
    async detect() {
      return null;
    },
    async *pages(spec, _cursor, http): AsyncIterable<Page<{ id: string; title: string }>> {
      const listing = JSON.parse((await http.get(spec.url)).body) as { items: Array<{ id: string; title: string }> };
      await http.get(elsewhere.at('/doc'));
      yield { url: spec.url, records: listing.items.map((r) => ({ remoteId: r.id, raw: r, original: { mediaType: 'application/json', body: JSON.stringify(r) } })), next: null };
    },
    normalise(raw) {
      return { remoteId: raw.id, dataset: { ...emptyDataset(), title: [{ value: raw.title }] }, chain: [] };
    },
  };

  const worker = (secrets?: SecretBox) => {
    const w = new HarvestWorker(store, { prefix, archiveGraceMs: 0, harvesterFor: (p) => (p === 'linking' ? linking : undefined), httpFor: client, log: () => undefined, ...(secrets ? { secrets } : {}) });
    workers.push(w);
    return w;
  };

  async function waitForEnd(jobId: string): Promise<JobRow> {
    for (let i = 0; i < 200; i++) {
      const job = await store.jobs.get(jobId);
      if (job && (job.status === 'done' || job.status === 'failed')) return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  beforeAll(async () => {
    ({ store, drop } = await freshStore());
    queue = new HarvestQueue(store, { prefix }, { attempts: 1 });
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await queue?.queue.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await drop?.();
  });

  it('opens them and sends them to the source host only', async () => {
    const w = worker(box);
    const row = await store.sources.create({ name: 'Private', url: source.at('/catalogue'), protocol: 'linking', credentials: box.seal(API_KEY) });
    const job = await waitForEnd((await queue.trigger(row.id)).job.id);
    await w.close();
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: "done", complete: true });
    expect(job.counts.created).toBe(1);
    expect(source.requests.map((r) => r.headers['x-ckan-api-key'])).toEqual(['key-0123456789']);
    expect(elsewhere.requests.map((r) => r.headers['x-ckan-api-key'])).toEqual([undefined]);
  });

  it('fails the run with a clear error, without a request, when it has no key to open them', async () => {
    const w = worker();
    const saved = process.env.MOISSON_SECRET_KEY;
    const row = await store.sources.create({ name: 'Locked', url: source.at('/catalogue'), protocol: 'linking', credentials: box.seal(BASIC) });
    const job = await waitForEnd((await queue.trigger(row.id)).job.id);
    await w.close();
    expect(saved).toBeUndefined();
    expect(job).toMatchObject({ status: 'failed', complete: false, error: 'the source has credentials but this worker has no MOISSON_SECRET_KEY to open them' });
    expect(source.requests).toHaveLength(0);
  });
});
