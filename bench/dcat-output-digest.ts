/**
 * What the DCAT harvester makes of some documents, as one line per record, to check that a
 * speed-up changes nothing: the remote id, a SHA-256 of the N-Triples original, of the normalised
 * record's JSON (property order included, so byte-identical), and the record's content hash (the
 * one the store keeps).
 *
 *   node --import tsx bench/dcat-output-digest.ts <out-file> <document>:<syntax> ...
 *   node --import tsx bench/dcat-output-digest.ts <out-file> --fixtures [--generate N]
 *
 * `--fixtures` reads every file of harvesters/dcat/test/fixtures; `--generate N` adds the bench's
 * N-dataset Turtle and RDF/XML catalogues and a udata-shaped dump of N datasets. Prints one digest
 * per document; run it before and after a change and `cmp` the two files.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { contentHash } from '@moisson/core';
import { dcatHarvester, DatasetGrouper, parseTriples, sniffSyntax, toRemoteRecord, type RdfSyntax } from '@moisson/harvester-dcat';
import { turtlePageParts } from './generate/dcat.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const BASE = 'https://data.example.fr/api/1/site/catalog';

async function digest(path: string, syntax: RdfSyntax): Promise<string[]> {
  const grouper = new DatasetGrouper(200_000);
  const lines: string[] = [];
  const ctx = { source: { url: BASE }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00.000Z' };
  const consume = (groups: ReturnType<DatasetGrouper['finish']>) => {
    for (const group of groups) {
      const remote = toRemoteRecord(group);
      let normalised: string;
      let hash = '-';
      try {
        const record = dcatHarvester.normalise(remote.raw, ctx);
        normalised = JSON.stringify(record);
        hash = contentHash({ dataset: record.dataset, chain: record.chain, remoteUrl: record.remoteUrl, remoteModified: record.remoteModified });
      } catch (error) {
        normalised = `error: ${(error as Error).name} ${(error as Error).message}`;
      }
      lines.push(`${remote.remoteId ?? '-'} ${sha(remote.original.body)} ${sha(normalised)} ${hash}`);
    }
  };
  for await (const batch of parseTriples(createReadStream(path, { highWaterMark: 1 << 16 }), syntax, BASE)) {
    for (const t of batch) grouper.add(t);
    consume(grouper.ready());
  }
  consume(grouper.finish());
  return lines;
}

async function main(): Promise<void> {
  const [out, ...args] = process.argv.slice(2);
  if (!out) throw new Error('usage: dcat-output-digest.ts <out-file> (<document>:<syntax> | --fixtures [--generate N])...');
  const inputs: Array<[string, RdfSyntax]> = [];
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--fixtures') {
      const fixtures = fileURLToPath(new URL('../harvesters/dcat/test/fixtures/', import.meta.url));
      for (const name of readdirSync(fixtures).sort()) {
        const syntax = sniffSyntax(readFileSync(join(fixtures, name), 'utf8').slice(0, 4096)) ?? (name.endsWith('.nt') ? 'ntriples' : undefined);
        if (syntax) inputs.push([join(fixtures, name), syntax]);
      }
    } else if (arg === '--generate') {
      const n = args[++i] as string;
      dir = mkdtempSync(join(tmpdir(), 'moisson-dcat-digest-'));
      const bench = fileURLToPath(new URL('./dcat-normalise.ts', import.meta.url));
      execFileSync(process.execPath, ['--import', 'tsx', bench, '--generate', n, dir]);
      writeFileSync(join(dir, 'dump.ttl'), [...turtlePageParts(`${BASE}.ttl`, Number(n), 1, Number(n))].join(''));
      inputs.push([join(dir, 'catalog.ttl'), 'turtle'], [join(dir, 'catalog.rdf'), 'rdfxml'], [join(dir, 'dump.ttl'), 'turtle']);
    } else {
      const at = arg.lastIndexOf(':');
      inputs.push([arg.slice(0, at), arg.slice(at + 1) as RdfSyntax]);
    }
  }
  const all: string[] = [];
  try {
    for (const [path, syntax] of inputs) {
      const lines = await digest(path, syntax);
      const name = path.split('/').pop() as string;
      console.log(`${name} (${syntax}): ${lines.length} records, digest ${sha(lines.join('\n'))}`);
      all.push(`# ${name} ${syntax}`, ...lines);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(out, all.join('\n') + '\n');
}

await main();
