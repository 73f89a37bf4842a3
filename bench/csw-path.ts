/**
 * The whole CSW ISO 19139 path alone — `pages` over pre-rendered generated pages, then
 * `processPage` — repeated, for a CPU profile (`node --cpu-prof --import tsx bench/csw-path.ts`)
 * without generator or warm-up noise. Prints CPU ms per record.
 *
 *   node --import tsx bench/csw-path.ts [records=2000] [rounds=5]
 */
import type { AnyHarvester } from '@moisson/core';
import { cswHarvester } from '@moisson/harvester-csw';
import { processPage } from '../packages/queue/src/records.js';
import { CSW_PATH, getRecordsPage } from './generate/csw.js';
import { MemoryHttp } from './support/memory-http.js';

const size = Number(process.argv[2] ?? 2_000);
const rounds = Number(process.argv[3] ?? 5);
const pageSize = 100;
const url = `https://catalogue.example.fr${CSW_PATH}`;
const byStart = new Map<number, string>();
for (let start = 1; start <= size; start += pageSize) byStart.set(start, getRecordsPage(size, start, pageSize));
const routes = { [CSW_PATH]: (request: { body: string }) => ({ body: byStart.get(Number(/startPosition="(\d+)"/.exec(request.body)?.[1] ?? 1)) ?? '' }) };
const source = { id: 'bench', name: 'bench', url, filters: [], config: { pageSize } };
const ctx = { source: { id: 'bench', name: 'bench', url }, config: { pageSize }, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
const harvester = cswHarvester as unknown as AnyHarvester;

for (let round = 0; round < rounds; round++) {
  const cpu0 = process.cpuUsage();
  let records = 0;
  for await (const page of harvester.pages(source, null, new MemoryHttp(routes as never))) records += processPage(harvester, page, ctx as never).datasets.length;
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  console.log(`round ${round}: ${records} records, ${(ms / records).toFixed(3)} CPU ms per record (${((records * 1000) / ms).toFixed(0)} per CPU-second)`);
}
