/**
 * Where the DCAT path spends its time, stage by stage, on one document (in this process):
 *
 *   node --max-old-space-size=1024 --import tsx bench/dcat-stages.ts <document> <syntax> [rounds=1]
 *
 * Streams the document through `parseTriples` → `DatasetGrouper` → `toRemoteRecord` →
 * `normalise` like bench/dcat-normalise.ts, timing each stage with the monotonic clock (GC pauses
 * fall in whichever stage allocated), and prints per round the wall seconds of each stage and the
 * process CPU seconds. Write the document with `bench/dcat-normalise.ts --generate N DIR`.
 */
import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { dcatHarvester, DatasetGrouper, parseTriples, toRemoteRecord, type RdfSyntax } from '@moisson/harvester-dcat';

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function round(path: string, syntax: RdfSyntax): Promise<void> {
  const spent = { parse: 0, group: 0, original: 0, normalise: 0 };
  const ctx = { source: { url: 'https://data.example.fr/api/1/site/catalog' }, config: {}, filters: [], harvestedAt: new Date().toISOString() };
  const grouper = new DatasetGrouper(200_000);
  let records = 0;
  const consume = (groups: ReturnType<DatasetGrouper['finish']>) => {
    for (const group of groups) {
      const a = now();
      const remote = toRemoteRecord(group);
      const b = now();
      try {
        dcatHarvester.normalise(remote.raw, ctx);
        records++;
      } catch {
        // counted as not normalised
      }
      spent.original += b - a;
      spent.normalise += now() - b;
    }
  };
  const cpu = process.cpuUsage();
  const started = now();
  const batches = parseTriples(createReadStream(path, { highWaterMark: 1 << 16 }), syntax, 'https://data.example.fr/catalog')[Symbol.asyncIterator]();
  for (;;) {
    const a = now();
    const next = await batches.next();
    spent.parse += now() - a;
    if (next.done) break;
    const b = now();
    for (const t of next.value) grouper.add(t);
    const groups = grouper.ready();
    spent.group += now() - b;
    consume(groups);
  }
  const b = now();
  const rest = grouper.finish();
  spent.group += now() - b;
  consume(rest);
  const total = now() - started;
  const used = process.cpuUsage(cpu);
  const stages = Object.entries(spent).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  console.log(`${records} records, ${grouper.triplesRead} triples: ${total.toFixed(2)} s (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s) = ${stages}; load ${loadavg()[0]!.toFixed(2)}`);
}

const [path, syntax, rounds = '1'] = process.argv.slice(2);
if (!path || !syntax) throw new Error('usage: dcat-stages.ts <document> <syntax> [rounds]');
for (let i = 0; i < Number(rounds); i++) await round(path, syntax as RdfSyntax);
