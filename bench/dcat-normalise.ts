/**
 * DCAT parse + group + normalise throughput, and peak memory, on generated catalogues.
 *
 *   node --import tsx bench/dcat-normalise.ts [datasets=100000] [--only turtle|rdfxml|ntriples]
 *   node --import tsx bench/dcat-normalise.ts --udata-dump <datasets>
 *
 * Writes a catalogue of N udata/ckanext-dcat-shaped datasets (~30 triples each) in Turtle, in
 * RDF/XML and in N-Triples (the Turtle converted by N3) to a temp dir, then, each in a fresh process (so peak RSS is that run's): streams the
 * file through `parseTriples` → `DatasetGrouper` → `toRemoteRecord` (N-Triples original) →
 * `normalise`. Prints datasets/s, triples/s, CPU seconds, peak RSS. When `/usr/bin/python3 -c
 * 'import rdflib'` works, also times rdflib parsing the same file (parse only: a lower bound for
 * udata/ckanext-dcat) and prints the ratio rdflib time / moisson time, by wall clock and by CPU
 * time (on a shared machine the CPU ratio is the steadier one); then rdflib's parse plus reading
 * every dataset and distribution the way udata's harvester does (`support/rdflib_extract.py`).
 *
 * `--udata-dump N` writes one Turtle document the way bench/generate/dcat.ts serves udata pages
 * (publishers and contacts as their own nodes after each dataset, Hydra view) holding all N
 * datasets, and measures moisson alone on it (rdflib would need ~20x the file in memory): the
 * "single 200 MB dump" of issue 9 is about 88,000 datasets.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { StreamParser, StreamWriter } from 'n3';
import { dcatHarvester, DatasetGrouper, parseTriples, toRemoteRecord, type RdfSyntax } from '@moisson/harvester-dcat';
import { turtlePageParts } from './generate/dcat.js';
import { WORKER_NODE_FLAGS } from './support/harness.js';

/** The production worker's node flags (MOISSON_BENCH_WORKER_FLAGS replaces them), so peak RSS is a worker's. */
const workerFlags = () => (process.env.MOISSON_BENCH_WORKER_FLAGS ?? WORKER_NODE_FLAGS).split(' ').filter(Boolean);

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
`;

const LOREM = 'Données ouvertes publiées par la collectivité, mises à jour régulièrement, décrivant les équipements, services et indicateurs du territoire. ';

function turtleDataset(i: number): string {
  const ds = `<https://data.example.fr/datasets/${i}/>`;
  return `${ds} a dcat:Dataset ;
  dct:identifier "ds-${i}" ;
  dct:title "Jeu de données ${i}"@fr, "Dataset ${i}"@en ;
  dct:description "${LOREM.repeat(3)}${i}"@fr ;
  dcat:keyword "mobilité"@fr, "transport"@fr, "kw${i % 97}" ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
  dct:issued "2020-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.123456"^^xsd:dateTime ;
  dct:modified "2024-0${(i % 9) + 1}-15"^^xsd:date ;
  dcat:landingPage <https://data.example.fr/datasets/slug-${i}/> ;
  dct:accrualPeriodicity <http://purl.org/cld/freq/monthly> ;
  dct:language <http://publications.europa.eu/resource/authority/language/FRA> ;
  dct:publisher <https://data.example.fr/organizations/org-${i % 500}/> ;
  dcat:contactPoint [ a vcard:Kind ; vcard:fn "Service ${i % 500}" ; vcard:hasEmail <mailto:contact${i % 500}@example.fr> ] ;
  dct:spatial [ a dct:Location ; dcat:bbox "POLYGON((2.3 48.8, 2.4 48.8, 2.4 48.9, 2.3 48.9, 2.3 48.8))"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ] ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019"^^xsd:gYear ; dcat:endDate "2024-12-31"^^xsd:date ] ;
  adms:identifier [ a adms:Identifier ; skos:notation "https://aggregator.example.eu/set/${i}" ; dct:creator "aggregator" ] ;
  dcat:distribution <https://data.example.fr/datasets/${i}/#resource-csv> .
<https://data.example.fr/datasets/${i}/#resource-csv> a dcat:Distribution ;
  dct:title "export-${i}.csv" ;
  dcat:accessURL <https://data.example.fr/datasets/r/${i}-csv> ;
  dcat:downloadURL <https://static.example.fr/${i}/export.csv> ;
  dct:format "csv" ;
  dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
  dcat:byteSize "${1000 + i}.0"^^xsd:decimal ;
  dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence> .
`;
}

function xmlDataset(i: number): string {
  return `  <dcat:Dataset rdf:about="https://data.example.fr/datasets/${i}/">
    <dct:identifier>ds-${i}</dct:identifier>
    <dct:title xml:lang="fr">Jeu de données ${i}</dct:title>
    <dct:title xml:lang="en">Dataset ${i}</dct:title>
    <dct:description xml:lang="fr">${LOREM.repeat(3)}${i}</dct:description>
    <dcat:keyword xml:lang="fr">mobilité</dcat:keyword>
    <dcat:keyword xml:lang="fr">transport</dcat:keyword>
    <dcat:keyword>kw${i % 97}</dcat:keyword>
    <dcat:theme rdf:resource="http://publications.europa.eu/resource/authority/data-theme/TRAN"/>
    <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">2020-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.123456</dct:issued>
    <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-0${(i % 9) + 1}-15</dct:modified>
    <dcat:landingPage rdf:resource="https://data.example.fr/datasets/slug-${i}/"/>
    <dct:accrualPeriodicity rdf:resource="http://purl.org/cld/freq/monthly"/>
    <dct:language rdf:resource="http://publications.europa.eu/resource/authority/language/FRA"/>
    <dct:publisher rdf:resource="https://data.example.fr/organizations/org-${i % 500}/"/>
    <dcat:contactPoint><vcard:Kind><vcard:fn>Service ${i % 500}</vcard:fn><vcard:hasEmail rdf:resource="mailto:contact${i % 500}@example.fr"/></vcard:Kind></dcat:contactPoint>
    <dct:spatial><dct:Location><dcat:bbox rdf:datatype="http://www.opengis.net/ont/geosparql#wktLiteral">POLYGON((2.3 48.8, 2.4 48.8, 2.4 48.9, 2.3 48.9, 2.3 48.8))</dcat:bbox></dct:Location></dct:spatial>
    <dct:temporal><dct:PeriodOfTime><dcat:startDate rdf:datatype="http://www.w3.org/2001/XMLSchema#gYear">2019</dcat:startDate><dcat:endDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-12-31</dcat:endDate></dct:PeriodOfTime></dct:temporal>
    <adms:identifier><adms:Identifier><skos:notation>https://aggregator.example.eu/set/${i}</skos:notation><dct:creator>aggregator</dct:creator></adms:Identifier></adms:identifier>
    <dcat:distribution>
      <dcat:Distribution rdf:about="https://data.example.fr/datasets/${i}/#resource-csv">
        <dct:title>export-${i}.csv</dct:title>
        <dcat:accessURL rdf:resource="https://data.example.fr/datasets/r/${i}-csv"/>
        <dcat:downloadURL rdf:resource="https://static.example.fr/${i}/export.csv"/>
        <dct:format>csv</dct:format>
        <dcat:mediaType rdf:resource="https://www.iana.org/assignments/media-types/text/csv"/>
        <dcat:byteSize rdf:datatype="http://www.w3.org/2001/XMLSchema#decimal">${1000 + i}.0</dcat:byteSize>
        <dct:license rdf:resource="https://www.etalab.gouv.fr/licence-ouverte-open-licence"/>
      </dcat:Distribution>
    </dcat:distribution>
  </dcat:Dataset>
`;
}

async function write(path: string, parts: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const part of parts) {
    buffer += part;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** The same catalogue as N-Triples: the Turtle written to a scratch file, then converted by N3. */
async function writeNTriples(path: string, turtleParts: Iterable<string>): Promise<void> {
  const turtle = `${path}.ttl`;
  await write(turtle, turtleParts);
  const out = createWriteStream(path);
  createReadStream(turtle).pipe(new StreamParser({ format: 'text/turtle' })).pipe(new StreamWriter({ format: 'N-Triples' })).pipe(out);
  await once(out, 'finish');
  rmSync(turtle);
}

function* turtleCatalogue(n: number): Generator<string> {
  yield PREFIXES;
  for (let o = 0; o < 500; o++) yield `<https://data.example.fr/organizations/org-${o}/> a foaf:Organization ; foaf:name "Organisation ${o}" .\n`;
  for (let i = 0; i < n; i++) yield turtleDataset(i);
}

function* xmlCatalogue(n: number): Generator<string> {
  yield `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#" xmlns:adms="http://www.w3.org/ns/adms#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
`;
  for (let o = 0; o < 500; o++) yield `  <foaf:Organization rdf:about="https://data.example.fr/organizations/org-${o}/"><foaf:name>Organisation ${o}</foaf:name></foaf:Organization>\n`;
  for (let i = 0; i < n; i++) yield xmlDataset(i);
  yield '</rdf:RDF>\n';
}

/** One measured run (in a child process): stream the file through the whole harvester path. */
async function run(path: string, syntax: RdfSyntax): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const grouper = new DatasetGrouper(200_000);
  let records = 0;
  let failed = 0;
  let originalBytes = 0;
  const ctx = { source: { url: 'https://data.example.fr/api/1/site/catalog' }, config: {}, filters: [], harvestedAt: new Date().toISOString() };
  const consume = (groups: ReturnType<DatasetGrouper['finish']>) => {
    for (const group of groups) {
      const remote = toRemoteRecord(group);
      originalBytes += remote.original.body.length;
      try {
        const record = dcatHarvester.normalise(remote.raw, ctx);
        if (record.dataset.title.length > 0) records++;
      } catch {
        failed++;
      }
    }
  };
  for await (const batch of parseTriples(createReadStream(path, { highWaterMark: 1 << 16 }), syntax, 'https://data.example.fr/catalog')) {
    for (const t of batch) grouper.add(t);
    consume(grouper.ready());
  }
  consume(grouper.finish());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ records, failed, triples: grouper.triplesRead, seconds, cpuSeconds, peakRssMb, originalBytes }) + '\n');
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** rdflib's name for a syntax. */
const rdflibFormat = (syntax: RdfSyntax): string => (syntax === 'rdfxml' ? 'xml' : syntax === 'ntriples' ? 'nt' : 'turtle');

function rdflibTiming(path: string, syntax: RdfSyntax): Timing | undefined {
  const format = rdflibFormat(syntax);
  const script = `import time,rdflib\nt=time.time()\nc=time.process_time()\ng=rdflib.Graph()\ng.parse(${JSON.stringify(path)}, format=${JSON.stringify(format)})\nprint(time.time()-t, time.process_time()-c, len(g))`;
  const result = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) return undefined;
  const [seconds, cpuSeconds] = result.stdout.trim().split(' ').map(Number) as [number, number];
  return { seconds, cpuSeconds };
}

/** rdflib's parse, then every dataset read the way udata's harvester reads it (`support/rdflib_extract.py`). */
function rdflibExtractTiming(path: string, syntax: RdfSyntax): (Timing & { datasets: number }) | undefined {
  const format = rdflibFormat(syntax);
  const script = fileURLToPath(new URL('./support/rdflib_extract.py', import.meta.url));
  const result = spawnSync('/usr/bin/python3', [script, path, format], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) return undefined;
  const [seconds, cpuSeconds, , datasets] = result.stdout.trim().split(' ').map(Number) as [number, number, number, number];
  return { seconds, cpuSeconds, datasets };
}

function hasRdflib(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import rdflib'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface RunResult extends Timing {
  records: number;
  failed: number;
  triples: number;
  peakRssMb: number;
}

/** Measure one file in a fresh process and print its line. */
function measure(path: string, syntax: RdfSyntax, n: number): RunResult {
  const child = spawnSync(process.execPath, [...workerFlags(), '--import', 'tsx', fileURLToPath(import.meta.url), '--run', path, syntax], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`run failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop() as string) as RunResult;
  const mb = statSync(path).size / 1e6;
  console.log(
    `${syntax.padEnd(7)} ${n} datasets, ${mb.toFixed(0)} MB, ${r.triples} triples: ${r.seconds.toFixed(1)} s (CPU ${r.cpuSeconds.toFixed(1)} s), ` +
      `${Math.round(r.records / r.seconds)} datasets/s, ${Math.round(r.triples / r.seconds)} triples/s, peak RSS ${r.peakRssMb.toFixed(0)} MB` +
      (r.failed ? `, ${r.failed} failed` : ''),
  );
  return r;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--run') return run(args[1] as string, args[2] as RdfSyntax);
  if (args[0] === '--generate') {
    // --generate N DIR: only write the three files (for profiling)
    const n = Number(args[1]);
    await write(join(args[2] as string, 'catalog.ttl'), turtleCatalogue(n));
    await write(join(args[2] as string, 'catalog.rdf'), xmlCatalogue(n));
    await writeNTriples(join(args[2] as string, 'catalog.nt'), turtleCatalogue(n));
    return;
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'moisson-dcat-bench-'));
  try {
    if (args[0] === '--udata-dump') {
      const n = Number(args[1]);
      const path = join(dir, 'dump.ttl');
      const base = 'https://data.example.fr/api/1/site/catalog.ttl';
      await write(path, turtlePageParts(base, n, 1, n));
      measure(path, 'turtle', n);
      return;
    }
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
    const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
    const rdflib = hasRdflib();
    if (!rdflib) console.log('rdflib: /usr/bin/python3 cannot import rdflib (apt-get install python3-rdflib); comparison skipped');
    const files: Array<[string, RdfSyntax, Iterable<string>]> = [
      [join(dir, 'catalog.ttl'), 'turtle', turtleCatalogue(n)],
      [join(dir, 'catalog.rdf'), 'rdfxml', xmlCatalogue(n)],
      [join(dir, 'catalog.nt'), 'ntriples', turtleCatalogue(n)],
    ];
    for (const [path, syntax, parts] of files) {
      if (only && only !== syntax) continue;
      if (syntax === 'ntriples') await writeNTriples(path, parts);
      else await write(path, parts);
      const r = measure(path, syntax, n);
      if (rdflib) {
        const timing = rdflibTiming(path, syntax);
        if (timing === undefined) console.log(`  rdflib: failed to parse ${path}`);
        else {
          console.log(
            `  rdflib ${syntax} parse only: ${timing.seconds.toFixed(1)} s (CPU ${timing.cpuSeconds.toFixed(1)} s); ratio rdflib / moisson (parse+group+normalise) = ` +
              `${(timing.seconds / r.seconds).toFixed(1)}x wall, ${(timing.cpuSeconds / r.cpuSeconds).toFixed(1)}x CPU`,
          );
        }
        const extract = rdflibExtractTiming(path, syntax);
        if (extract !== undefined) {
          console.log(
            `  rdflib ${syntax} parse + udata-style reading of ${extract.datasets} datasets: ${extract.seconds.toFixed(1)} s (CPU ${extract.cpuSeconds.toFixed(1)} s); ratio = ` +
              `${(extract.seconds / r.seconds).toFixed(1)}x wall, ${(extract.cpuSeconds / r.cpuSeconds).toFixed(1)}x CPU`,
          );
        }
      }
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
