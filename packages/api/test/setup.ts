import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApi, harvesterList, type HarvesterLookup } from '@moisson/api';
import { AddressGuard, HttpClient } from '@moisson/http';
import { HarvestQueue } from '@moisson/queue';
import type { Store } from '@moisson/store';
import { freshStore } from '../../../test/support/database.js';
import { fakeHarvester, weakHarvester } from './fake-harvester.js';

export const TOKEN = 'a-test-token-that-is-long-enough';
export const PUBLIC_URL = 'https://moisson.example.test';
export const auth = { authorization: `Bearer ${TOKEN}` };

export interface TestApi {
  app: FastifyInstance;
  store: Store;
  queue: HarvestQueue;
  close(): Promise<void>;
}

/** An API over a fresh database and its own BullMQ prefix, with the fake protocols unless told otherwise. */
export async function testApi(options: { rateLimit?: { max: number; timeWindow: number }; harvesters?: HarvesterLookup } = {}): Promise<TestApi> {
  const { store, drop } = await freshStore();
  const queue = new HarvestQueue(store, { prefix: `moisson-api-test-${randomBytes(4).toString('hex')}` });
  const guard = new AddressGuard(['127.0.0.1']);
  const app = buildApi({
    store,
    queue,
    harvesters: options.harvesters ?? harvesterList([fakeHarvester, weakHarvester]),
    http: new HttpClient({ guard, retries: 2, backoffMs: 10 }),
    adminToken: TOKEN,
    publicUrl: PUBLIC_URL,
    catalogTitle: 'moisson test',
    guard,
    rateLimit: options.rateLimit ?? false,
  });
  await app.ready();
  return {
    app,
    store,
    queue,
    async close() {
      await app.close();
      await queue.queue.obliterate({ force: true });
      await queue.close();
      await drop();
    },
  };
}
