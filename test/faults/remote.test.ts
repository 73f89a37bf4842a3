/**
 * Remote faults through a real CKAN harvest (FixtureServer, real PostgreSQL): after a clean
 * first harvest of 12 datasets, a second run meets one fault on its second page. Each row
 * asserts the outcome and that nothing was lost, archived or duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, PageFetchError, ProtocolError } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { runHarvest } from '@moisson/queue';
import type { Store } from '@moisson/store';
import { freshStore } from '../support/database.js';
import { FixtureServer, type FixtureHandler, type FixtureReply, type FixtureRequest } from '../support/fixture-server.js';
import { makePackages, servePackages } from '../../harvesters/ckan/test/support.js';

type Fault = (request: FixtureRequest, hits: number) => FixtureReply | Promise<FixtureReply> | undefined;

let store: Store;
let drop: () => Promise<void>;
const server = new FixtureServer();
let fault: Fault | undefined;
let hits = 0;

beforeAll(async () => {
  ({ store, drop } = await freshStore());
  // The CKAN site, with a hook in front of page 2 (start=5).
  const recorder = Object.create(server) as FixtureServer;
  recorder.route = (path: string, handler: FixtureHandler | FixtureReply) => {
    const inner: FixtureHandler = typeof handler === 'function' ? handler : () => handler;
    server.route(path, async (request) => {
      if (fault && request.url.searchParams.get('start') === '5') {
        const reply = await fault(request, ++hits);
        if (reply) return reply;
      }
      return inner(request);
    });
    return recorder;
  };
  servePackages(recorder, makePackages(12));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await drop?.();
});

const once = (reply: FixtureReply | (() => Promise<FixtureReply>)): Fault => (_request, n) => (n === 1 ? (typeof reply === 'function' ? reply() : reply) : undefined);

const rows: Array<{ name: string; fault: Fault; outcome: 'complete' | (new (...args: never[]) => Error); says?: string }> = [
  { name: '429 with Retry-After, once', fault: once({ status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' }), outcome: 'complete' },
  { name: '503, once', fault: once({ status: 503, body: '<html>Service Unavailable</html>' }), outcome: 'complete' },
  { name: 'hang (longer than the request timeout), once', fault: once(async () => { await new Promise((r) => setTimeout(r, 1500)); return { status: 200, body: '{}' }; }), outcome: 'complete' },
  { name: 'truncated JSON, always', fault: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"help": "h", "success": true, "result": {"count": 12, "results": [{"id": "00000000-' }), outcome: ProtocolError },
  { name: 'HTML instead of data, always', fault: () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Maintenance</body></html>' }), outcome: ProtocolError },
  { name: '1 GB body declared, always', fault: () => ({ status: 200, headers: { 'content-type': 'application/json', 'content-length': String(1024 ** 3) }, body: '{' }), outcome: ProtocolError, says: `response of ${1024 ** 3} bytes is over the 1048576-byte limit` },
  { name: 'redirect loop, always', fault: (request) => ({ status: 302, headers: { location: request.url.pathname + request.url.search } }), outcome: ProtocolError, says: 'more than 5 redirects' },
  { name: '500, always', fault: () => ({ status: 500, body: 'Internal Server Error' }), outcome: PageFetchError },
];

describe('remote faults in the middle of a CKAN harvest', () => {
  for (const row of rows) {
    it(`${row.name}: ${row.outcome === 'complete' ? 'the run completes' : `the run fails with ${row.outcome.name}`}, nothing lost, archived or duplicated`, async () => {
      fault = undefined;
      hits = 0;
      const source = await store.sources.create({ name: row.name, url: server.url, protocol: 'ckan', config: { pageSize: 5, incremental: false } });
      const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10, timeoutMs: 400, maxBytes: 1024 * 1024 });
      const first = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
      await runHarvest(store, ckanHarvester, source, first!, http(), { archiveGraceMs: 0 });

      fault = row.fault;
      const second = await store.jobs.start((await store.jobs.createIfIdle(source.id)).job.id);
      // A full run: an incremental one (the default after a complete run) would not ask for page 2 at all.
      const outcome = await runHarvest(store, ckanHarvester, source, second!, http(), { archiveGraceMs: 0, mode: 'full' }).catch((e: unknown) => e);
      if (row.outcome === 'complete') {
        expect(outcome).toMatchObject({ complete: true, archived: 0 });
        expect((await store.jobs.get(second!.id))?.counts).toEqual({ created: 0, updated: 0, unchanged: 12, skipped: 0, archived: 0, failed: 0 });
      } else {
        expect(outcome).toBeInstanceOf(row.outcome);
        // CKAN's client turns a refused answer into a ProtocolError; the limit is its cause.
        if (row.says) expect(describeError(outcome)).toContain(row.says);
        await store.jobs.finish(second!.id, { status: 'failed', complete: false });
      }
      const { rows: counts } = await store.pool.query<{ total: string; distinct: string; active: string }>(
        `SELECT count(*) AS total, count(DISTINCT remote_id) AS distinct, count(*) FILTER (WHERE status = 'active') AS active FROM datasets WHERE source_id = $1`,
        [source.id],
      );
      expect(counts[0]).toEqual({ total: '12', distinct: '12', active: '12' });
    });
  }
});
