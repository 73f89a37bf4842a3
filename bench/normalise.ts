/**
 * Normalisation throughput per protocol on one core: the harvester's own `pages` over an
 * in-memory `Http` (generated pages, no socket), then `processPage` (normalise, hash, identity
 * keys) as the runner does, without the database. Pages are generated before the clock starts.
 *
 *   node --import tsx bench/normalise.ts [size=10000] [protocol…]
 */
import { fileURLToPath } from 'node:url';
import type { AnyHarvester, Page } from '@moisson/core';
import { harvesterFor } from '@moisson/registry';
import { processPage } from '../packages/queue/src/records.js';
import { ckanRoutes } from './generate/ckan.js';
import { CSW_PATH, cswRoutes } from './generate/csw.js';
import { dcatPath, dcatRoutes } from './generate/dcat.js';
import { odsRoutes } from './generate/ods.js';
import type { Routes } from './generate/common.js';
import { MemoryHttp } from './support/memory-http.js';

const HOST = 'https://catalogue.example.fr';

const setups: Record<string, (size: number) => { routes: Routes; url: string; config: Record<string, string | number | boolean>; protocol: string }> = {
  ckan: (size) => ({ routes: ckanRoutes(size), url: HOST, config: {}, protocol: 'ckan' }),
  ods: (size) => ({ routes: odsRoutes(size), url: HOST, config: { apiVersion: 'v2.1' }, protocol: 'ods' }),
  dcat: (size) => ({ routes: dcatRoutes(size, 'turtle', HOST + dcatPath('turtle')), url: `${HOST}${dcatPath('turtle')}?page=1&page_size=100`, config: {}, protocol: 'dcat' }),
  'dcat-rdfxml': (size) => ({ routes: dcatRoutes(size, 'rdfxml', HOST + dcatPath('rdfxml')), url: `${HOST}${dcatPath('rdfxml')}?page=1`, config: {}, protocol: 'dcat' }),
  csw: (size) => ({ routes: cswRoutes(size), url: HOST + CSW_PATH, config: { pageSize: 100 }, protocol: 'csw' }),
};

async function harvesterOf(protocol: string): Promise<AnyHarvester | undefined> {
  const registered = harvesterFor(protocol);
  if (registered || protocol !== 'csw') return registered;
  return ((await import('@moisson/harvester-csw')) as { cswHarvester: AnyHarvester }).cswHarvester;
}

export interface NormaliseResult {
  protocol: string;
  records: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

export async function runNormalise(protocol: string, size: number): Promise<NormaliseResult> {
  const setup = setups[protocol]?.(size);
  const harvester = setup && (await harvesterOf(setup.protocol));
  if (!setup || !harvester) throw new Error(`no normalise benchmark for ${protocol}`);
  const source = { id: 'bench', name: 'bench', url: setup.url, filters: [], config: setup.config };
  const ctx = { source: { id: 'bench', name: 'bench', url: setup.url }, config: setup.config, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
  // Pre-render every page body so the clock measures the harvester, not the generator.
  const bodies = new Map<string, ReturnType<Routes[string]>>();
  const cached: Routes = Object.fromEntries(
    Object.entries(setup.routes).map(([path, handler]) => [
      path,
      (request) => {
        const key = `${request.url.href} ${request.body}`;
        let reply = bodies.get(key);
        if (!reply) bodies.set(key, (reply = handler(request)));
        return reply;
      },
    ]),
  );
  const warm = new MemoryHttp(cached);
  for await (const _ of harvester.pages(source, null, warm)) void _;

  const http = new MemoryHttp(cached);
  let records = 0;
  let failed = 0;
  const started = performance.now();
  for await (const page of harvester.pages(source, null, http)) {
    const processed = processPage(harvester, page as Page<unknown>, ctx);
    records += processed.datasets.length;
    failed += processed.errors.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { protocol, records, failed, seconds, perSecond: records / seconds };
}

export const normaliseProtocols = Object.keys(setups);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = Number(process.argv[2] ?? 10_000);
  const protocols = process.argv.length > 3 ? process.argv.slice(3) : normaliseProtocols;
  for (const protocol of protocols) console.log(JSON.stringify(await runNormalise(protocol, size)));
}
