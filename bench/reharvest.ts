/**
 * First harvest vs unchanged re-harvests of one catalogue served by a FixtureServer, in-process:
 * requests, bytes, seconds, and the CPU seconds of this process (fetch, parse, normalise, hash) and
 * of the PostgreSQL server, per run. Catalogues: `ckan` (with ETags),
 * `ckan-plain` (no validator: pages are recognised by their body digest), `dcat` (the generated
 * udata Turtle, Hydra-paged, no validator either), `csw` (the generated GeoNetwork CSW, ISO records by
 * POST: pages recognised by their body digest; its incremental runs against a server that honours
 * the Modified constraint, then against one that ignores it).
 *
 *   node --import tsx bench/reharvest.ts [datasets=400] [pageSize=50] [ckan|ckan-plain|dcat|csw]
 *
 * Needs PostgreSQL (MOISSON_TEST_DATABASE_URL) and a build (`npm run build`).
 */
import { AddressGuard, HttpClient } from '@moisson/http';
import { ckanHarvester } from '@moisson/harvester-ckan';
import { cswHarvester } from '@moisson/harvester-csw';
import { dcatHarvester } from '@moisson/harvester-dcat';
import { runHarvest, type RunOptions } from '@moisson/queue';
import type { AnyHarvester } from '@moisson/core';
import type { SourceRow, Store } from '@moisson/store';
import { freshStore } from '../test/support/database.js';
import { postgresCpuMeter } from './support/postgres-cpu.js';
import { FixtureServer } from '../test/support/fixture-server.js';
import { serveConditionally } from '../test/support/conditional.js';
import { makePackages, servePackages } from '../harvesters/ckan/test/support.js';
import { serveCsw, type CswBehaviour } from './generate/csw.js';
import { serveDcat } from './generate/dcat.js';

const datasets = Number(process.argv[2] ?? 400);
const pageSize = Number(process.argv[3] ?? 50);
const catalogue = process.argv[4] ?? 'ckan';
if (!['ckan', 'ckan-plain', 'dcat', 'csw'].includes(catalogue)) throw new Error(`unknown catalogue ${catalogue} (ckan, ckan-plain, dcat, csw)`);
const incrementalCkan: AnyHarvester = { ...ckanHarvester, incremental: true };

async function measure(store: Store, source: SourceRow, label: string, harvester: AnyHarvester, options: RunOptions) {
  const { job } = await store.jobs.createIfIdle(source.id);
  const started = await store.jobs.start(job.id);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const pg = postgresCpuMeter();
  await runHarvest(store, harvester, source, started!, new HttpClient({ guard: new AddressGuard(['127.0.0.1']) }), { archiveGraceMs: 0, ...options });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = pg.seconds();
  const row = (await store.jobs.get(job.id))!;
  return {
    run: label,
    mode: row.mode,
    requests: row.requests,
    replayed: row.notModified,
    seconds: Number(seconds.toFixed(2)),
    'node cpu s': Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    'pg cpu s': Number(pgCpu.toFixed(2)),
    ...row.counts,
  };
}

const { store, drop } = await freshStore();
const server = new FixtureServer();
let sourceUrl = server.url;
let harvester: AnyHarvester = ckanHarvester;
let stopGenerated: (() => Promise<void>) | undefined;
let config: Record<string, unknown> = { pageSize };
const generated = catalogue === 'dcat' || catalogue === 'csw';
/** Read by the generated CSW at each request: the last row plays a server that ignores the Modified constraint. */
const cswBehaviour: CswBehaviour = { honourModified: true };
if (generated) {
  const served = catalogue === 'dcat' ? await serveDcat(datasets, 'turtle', pageSize) : await serveCsw(datasets, pageSize, cswBehaviour);
  config = served.config;
  sourceUrl = served.url;
  harvester = (catalogue === 'dcat' ? dcatHarvester : cswHarvester) as AnyHarvester;
  stopGenerated = () => served.server.stop();
} else {
  if (catalogue === 'ckan-plain') servePackages(server, makePackages(datasets));
  else serveConditionally(server, (s) => servePackages(s, makePackages(datasets)));
  await server.start();
  sourceUrl = server.url;
}
// The incremental re-harvests, where the protocol asks for changes only: CKAN through `fq`, CSW
// through its Modified constraint, answered as GeoNetwork does, then by a server that ignores it
// (every page comes back).
const ignoreModified = () => void (cswBehaviour.honourModified = false);
const incremental: Array<{ label: string; harvester: AnyHarvester; before?: () => void }> =
  catalogue === 'dcat'
    ? []
    : catalogue === 'csw'
      ? [
          { label: 'unchanged, incremental (the server honours the Modified constraint)', harvester },
          { label: 'unchanged, incremental (a server ignoring the Modified constraint)', harvester, before: ignoreModified },
        ]
      : [{ label: 'unchanged, incremental (CKAN fq)', harvester: incrementalCkan }];
try {
  const source = await store.sources.create({ name: 'bench', url: sourceUrl, protocol: harvester.id, config });
  const rows = [
    await measure(store, source, 'first harvest', harvester, { mode: 'full' }),
    await measure(store, source, `unchanged, full, ${catalogue === 'ckan' ? 'conditional GET' : 'body digests'}`, harvester, { mode: 'full' }),
    await measure(store, source, 'unchanged, full, no validators', harvester, { mode: 'full', conditional: false }),
    await measure(store, source, 'unchanged, full, no validators, normalising all', harvester, { mode: 'full', conditional: false, skipUnchanged: false }),
  ];
  for (const run of incremental) {
    run.before?.();
    rows.push(await measure(store, source, run.label, run.harvester, {}));
  }
  process.stdout.write(`${catalogue} fixture: ${datasets} datasets, ${pageSize} per page\n`);
  console.table(rows);
} finally {
  await server.stop();
  await stopGenerated?.();
  await drop();
}
