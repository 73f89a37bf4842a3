/**
 * A CKAN site whose second page (start=5) can be held: the test learns when the harvest asks
 * for it, does its damage (kills connections) while the worker waits, then lets the page go.
 */
import type { JobRow, Store } from '@moisson/store';
import { FixtureServer, type FixtureHandler, type FixtureReply } from '../support/fixture-server.js';
import { makePackages, servePackages, type CkanSite } from '../../harvesters/ckan/test/support.js';

export interface HeldCkan {
  server: FixtureServer;
  site: CkanSite;
  /** Resolves when page 2 is first asked for; the answer waits for `release()`. */
  asked: Promise<void>;
  release(): void;
  /** The `start` of every package_search received, in order. */
  starts(): string[];
}

export async function heldCkan(count = 12): Promise<HeldCkan> {
  const server = new FixtureServer();
  let held = false;
  let signal!: () => void;
  let release!: () => void;
  const asked = new Promise<void>((resolve) => (signal = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  // Put a gate in front of the CKAN site's handlers.
  const gated = Object.create(server) as FixtureServer;
  gated.route = (path: string, handler: FixtureHandler | FixtureReply) => {
    const inner: FixtureHandler = typeof handler === 'function' ? handler : () => handler;
    server.route(path, async (request) => {
      if (!held && request.url.searchParams.get('start') === '5') {
        held = true;
        signal();
        await released;
      }
      return inner(request);
    });
    return gated;
  };
  const site = servePackages(gated, makePackages(count));
  await server.start();
  return { server, site, asked, release, starts: () => site.searches.map((u) => u.searchParams.get('start') ?? '0') };
}

export async function waitForJob(store: Store, jobId: string, done: (job: JobRow) => boolean, timeoutMs = 40_000): Promise<JobRow> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = await store.jobs.get(jobId).catch(() => undefined);
    if (job && done(job)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId}: condition not reached in ${timeoutMs} ms (${JSON.stringify(await store.jobs.get(jobId))})`);
}

/** Rows, distinct remote ids and active rows of a source's datasets. */
export async function datasetCounts(store: Store, sourceId: string): Promise<{ total: string; distinct: string; active: string }> {
  const { rows } = await store.pool.query<{ total: string; distinct: string; active: string }>(
    `SELECT count(*) AS total, count(DISTINCT remote_id) AS distinct, count(*) FILTER (WHERE status = 'active') AS active FROM datasets WHERE source_id = $1`,
    [sourceId],
  );
  return rows[0]!;
}
