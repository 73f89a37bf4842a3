import { harvesterFor } from '@moisson/registry';
import { commitPage } from '@moisson/store';
import { toRemoteRecord } from '../harvesters/ckan/src/pages.js';
import { processPage, type ProcessedPage } from '../packages/queue/src/records.js';
import { ckanPackage } from './generate/ckan.js';
import { Harness } from './support/harness.js';
import { postgresCpuSeconds } from './support/postgres-cpu.js';

const rows = Number(process.argv[2] ?? 5000);
const variants = (process.argv[3] ?? 'normal,notrigger,normal,notrigger').split(';;');
const pageSize = 100;
const harvester = harvesterFor('ckan')!;
for (const [vi, variant] of variants.entries()) {
  const harness = await new Harness().open();
  const db = `moisson_bench_${harness.id}`;
  const source = await harness.store.sources.create({ name: 'bench store', url: 'https://ckan.example.fr', protocol: 'ckan', config: {} });
  const { job } = await harness.store.jobs.createIfIdle(source.id, 'manual');
  const ctx = { source: { id: source.id, name: source.name, url: source.url }, config: {}, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };
  const pages: ProcessedPage[] = [];
  for (let start = 0; start < rows; start += pageSize) {
    const records = [];
    for (let i = start; i < Math.min(start + pageSize, rows); i++) records.push(toRemoteRecord(ckanPackage(i) as never));
    pages.push(processPage(harvester, { url: 'bench', records, next: null }, ctx));
  }
  if (variant === 'notrigger') await harness.store.pool.query('ALTER TABLE datasets DISABLE TRIGGER datasets_search_index');
  if (variant.startsWith('sql:')) await harness.store.pool.query(variant.slice(4));
  const pg0 = postgresCpuSeconds(db);
  const t0 = performance.now();
  for (const page of pages) await commitPage(harness.store.pool, { sourceId: source.id, jobId: job.id, ...page, cursor: null });
  const wall = (performance.now() - t0) / 1000;
  const pgCpu = postgresCpuSeconds(db) - pg0;
  console.log(`${variant.slice(0, 40)}: ${(rows / wall).toFixed(0)} rows/s, PG CPU ${(pgCpu * 1000 / rows).toFixed(3)} ms/row`);
  await harness.close();
}
process.exit(0);
