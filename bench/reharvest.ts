/**
 * First harvest vs unchanged re-harvest of a CKAN catalogue of a few hundred datasets served with
 * ETags (or, with `plain`, without any validator: pages are then recognised by their body digest)
 * by a FixtureServer: requests, bytes, seconds, and the CPU seconds of this process (fetch,
 * normalise, hash) and of the PostgreSQL backends of the scratch database, per run.
 *
 *   node --import tsx bench/reharvest.ts [datasets=400] [pageSize=50] [etag|plain]
 *
 * Needs PostgreSQL (MOISSON_TEST_DATABASE_URL) and a build (`npm run build`).
 */
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { runHarvest, type RunOptions } from '@moisson/queue';
import type { AnyHarvester } from '@moisson/core';
import type { SourceRow, Store } from '@moisson/store';
import { freshStore } from '../test/support/database.js';
import { postgresCpuSeconds } from './support/postgres-cpu.js';
import { FixtureServer } from '../test/support/fixture-server.js';
import { serveConditionally } from '../test/support/conditional.js';
import { makePackages, servePackages } from '../harvesters/ckan/test/support.js';

const datasets = Number(process.argv[2] ?? 400);
const pageSize = Number(process.argv[3] ?? 50);
const plain = process.argv[4] === 'plain';
const incrementalCkan: AnyHarvester = { ...ckanHarvester, incremental: true };

async function measure(store: Store, source: SourceRow, label: string, harvester: AnyHarvester, options: RunOptions) {
  const { job } = await store.jobs.createIfIdle(source.id);
  const started = await store.jobs.start(job.id);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuSeconds(database);
  await runHarvest(store, harvester, source, started!, new HttpClient({ guard: new AddressGuard(['127.0.0.1']) }), { archiveGraceMs: 0, ...options });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = postgresCpuSeconds(database) - pg0;
  const row = (await store.jobs.get(job.id))!;
  return {
    run: label,
    mode: row.mode,
    requests: row.requests,
    '304': row.notModified,
    seconds: Number(seconds.toFixed(2)),
    'node cpu s': Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    'pg cpu s': Number(pgCpu.toFixed(2)),
    ...row.counts,
  };
}

const { store, url, drop } = await freshStore();
const database = new URL(url).pathname.slice(1);
const server = new FixtureServer();
if (plain) servePackages(server, makePackages(datasets));
else serveConditionally(server, (s) => servePackages(s, makePackages(datasets)));
await server.start();
try {
  const source = await store.sources.create({ name: 'bench', url: server.url, protocol: 'ckan', config: { pageSize } });
  const rows = [
    await measure(store, source, 'first harvest', ckanHarvester, { mode: 'full' }),
    await measure(store, source, `unchanged, full, ${plain ? 'body digests' : 'conditional GET'}`, ckanHarvester, { mode: 'full' }),
    await measure(store, source, 'unchanged, full, no validators', ckanHarvester, { mode: 'full', conditional: false }),
    await measure(store, source, 'unchanged, full, no validators, normalising all', ckanHarvester, { mode: 'full', conditional: false, skipUnchanged: false }),
    await measure(store, source, 'unchanged, incremental (CKAN fq)', incrementalCkan, {}),
  ];
  process.stdout.write(`CKAN fixture: ${datasets} datasets, ${pageSize} per page, ${plain ? 'no ETag' : 'ETags'}\n`);
  console.table(rows);
} finally {
  await server.stop();
  await drop();
}
