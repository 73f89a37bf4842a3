import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProtocols, registryHarvesters } from '@moisson/api';
import { protocolIds } from '@moisson/registry';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { REPO, runCli } from './run-cli.js';

const hasCkan = protocolIds().includes('ckan');
const LOOPBACK = { MOISSON_ALLOWED_HOSTS: '127.0.0.1' };
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function ckanPackage(n: number, extras: Array<{ key: string; value: string }> = []) {
  return {
    id: `0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`,
    name: `jeu-${n}`,
    title: `Jeu de données ${n}`,
    notes: `Description du jeu ${n}.`,
    metadata_modified: `2024-0${n}-15T08:30:00.000000`,
    license_id: 'odc-odbl',
    organization: { id: 'org-1', name: 'ville-exemple', title: 'Ville exemple' },
    tags: [{ name: 'eau' }],
    groups: [],
    resources: [{ id: `r${n}`, url: `https://files.example.org/${n}.csv`, format: 'CSV', name: `Fichier ${n}` }],
    extras,
  };
}

const PACKAGES = [
  ckanPackage(1, [
    { key: 'harvest_source_title', value: 'Portail national' },
    { key: 'guid', value: 'national-1' },
    { key: 'source_url', value: 'https://national.example.org' },
  ]),
  ckanPackage(2),
  ckanPackage(3),
];

let server: FixtureServer;
let dir: string;

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-b', 'packages/cli'], { cwd: REPO, stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'moisson-cli-'));
  server = await new FixtureServer().start();
  const envelope = (result: unknown) => json({ help: server.at('/api/3/action/help_show'), success: true, result });
  server.route('/api/3/action/status_show', envelope({ ckan_version: '2.10.4', site_title: 'CKAN de test', extensions: [] }));
  // Two packages a page whatever `rows` says (a site capping rows_max), three in all.
  server.route('/api/3/action/package_search', (request) => {
    const start = Number(request.url.searchParams.get('start') ?? '0');
    const rows = Number(request.url.searchParams.get('rows') ?? '10');
    return envelope({ count: PACKAGES.length, results: PACKAGES.slice(start, start + Math.min(rows, 2)) });
  });
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('moisson --help', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['start', 'api [options]', 'worker', 'migrate', 'harvest [options] <url>', 'protocols [options] [id]']) expect(stdout).toContain(`  ${command}`);
    expect(stdout).toContain('docker compose up -d postgres redis');
  });

  it('documents the harvest options', async () => {
    const { code, stdout } = await runCli(['harvest', '--help']);
    expect(code).toBe(0);
    for (const option of ['--protocol <protocol>', '--limit <n>', '--format <format>', '--out <file>', '--filter <key=value>', '--exclude <key=value>']) {
      expect(stdout).toContain(option);
    }
  });
});

describe('moisson harvest: argument errors (exit 2, one clear line)', () => {
  it.each([
    [[], "error: missing required argument 'url'"],
    [['https://example.org', '--format', 'xml'], "error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are json, ndjson, jsonld."],
    [['https://example.org', '--limit', '0'], "error: option '-n, --limit <n>' argument '0' is invalid. expected a positive integer."],
    [['https://example.org', '--limit', 'ten'], "error: option '-n, --limit <n>' argument 'ten' is invalid. expected a positive integer."],
    [['ftp://example.org/pub'], 'error: url must be http or https, not ftp'],
    [['http://10.0.0.1/'], 'error: url refused: 10.0.0.1 resolves to 10.0.0.1, a private address; sources must be public (add it to MOISSON_ALLOWED_HOSTS to allow it)'],
    [['https://example.org', '--filter', 'organization'], 'error: --filter takes key=value, not "organization"'],
    [['https://example.org', '--config', '[1]'], 'error: --config must be a JSON object, e.g. \'{"pageSize": 100}\''],
    [['https://example.org', '--nope'], "error: unknown option '--nope'"],
  ])('%j', async (args, message) => {
    const { code, stderr, stdout } = await runCli(['harvest', ...args]);
    expect(stderr.split('\n')[0]).toBe(message);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('names the known protocols for an unknown one', async () => {
    const { code, stderr } = await runCli(['harvest', server.url, '--protocol', 'gopher'], LOOPBACK);
    // The built registry may list more protocols than this test sees: match the shape.
    expect(stderr.trim()).toMatch(/^error: unknown protocol "gopher"; (known protocols: [a-z0-9-]+(, [a-z0-9-]+)*|no protocol is registered on this server)$/);
    if (hasCkan) expect(stderr).toMatch(/known protocols: .*\bckan\b/);
    expect(code).toBe(2);
  });

  it('says when nothing recognises the URL', async () => {
    const url = server.at('/nothing/here');
    const { code, stderr } = await runCli(['harvest', url], LOOPBACK);
    expect(stderr.trim()).toMatch(new RegExp(`^error: could not recognise the protocol of ${url.replace(/[.?/]/g, '\\$&')}.*(name it with --protocol|no protocol is registered)`));
    expect(code).toBe(2);
  });
});

describe.skipIf(!hasCkan)('moisson harvest on a CKAN site', () => {
  it('detects CKAN, reads every page and prints the datasets as a JSON array with their chain', async () => {
    server.requests.length = 0;
    const { code, stdout, stderr } = await runCli(['harvest', server.url], LOOPBACK);
    expect(stderr).toContain(`harvesting ${server.at('/api/3/action')} (ckan)`);
    expect(code).toBe(0);
    const datasets = JSON.parse(stdout) as Array<{ remoteId: string; dataset: { title: Array<{ value: string }> }; chain: Array<{ role: string; catalog: { title?: string; url?: string }; recordId?: string }> }>;
    expect(datasets.map((d) => d.remoteId)).toEqual(PACKAGES.map((p) => p.id));
    expect(datasets[1]!.dataset.title[0]!.value).toBe('Jeu de données 2');
    // The upstream hop from the harvest extras, then the source itself.
    expect(datasets[0]!.chain.map((h) => h.role)).toEqual(['origin', 'source']);
    expect(datasets[0]!.chain[1]).toMatchObject({ role: 'source', recordId: PACKAGES[0]!.id, catalog: { url: server.at('/api/3/action') } });
    expect(datasets[1]!.chain.map((h) => h.role)).toEqual(['source']);
    const searches = server.requests.filter((r) => r.url.pathname.endsWith('package_search') && r.url.searchParams.get('rows') !== '0');
    expect(searches.map((r) => r.url.searchParams.get('start'))).toEqual(['0', '2']);
    expect(stderr).toMatch(/done: 3 datasets, 0 errors, 0 skipped, 2 pages in \d+\.\d s/);
  });

  it('writes ndjson to a file, stops at --limit and sends the filters to CKAN', async () => {
    server.requests.length = 0;
    const out = join(dir, 'out.ndjson');
    const { code, stdout, stderr } = await runCli(
      ['harvest', server.at('/api/3/action'), '--protocol', 'ckan', '--format', 'ndjson', '--limit', '1', '--out', out, '--filter', 'organization=ville-exemple'],
      LOOPBACK,
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).remoteId).toBe(PACKAGES[0]!.id);
    const searches = server.requests.filter((r) => r.url.pathname.endsWith('package_search'));
    expect(searches).toHaveLength(1);
    expect(searches[0]!.url.searchParams.get('fq')).toContain('ville-exemple');
    expect(stderr).toMatch(/done: 1 datasets, 0 errors, 0 skipped, 1 pages/);
  });

  it('writes one JSON-LD document any RDF parser reads, a dcat:Dataset and a dcat:CatalogRecord per dataset', async () => {
    const out = join(dir, 'out.jsonld');
    const { code, stderr } = await runCli(['harvest', server.url, '--protocol', 'ckan', '--format', 'jsonld', '--out', out], LOOPBACK);
    expect(stderr).toMatch(/done: 3 datasets/);
    expect(code).toBe(0);
    const quads = await new Promise<Quad[]>((resolve, reject) => {
      const found: Quad[] = [];
      const parser = new JsonLdParser();
      parser.on('data', (q: Quad) => found.push(q)).on('error', reject).on('end', () => resolve(found));
      parser.end(readFileSync(out, 'utf8'));
    });
    const typed = (type: string) => quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value);
    expect(typed('http://www.w3.org/ns/dcat#Dataset')).toHaveLength(3);
    expect(typed('http://www.w3.org/ns/dcat#CatalogRecord').length).toBeGreaterThanOrEqual(3);
    const titles = quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/title' && q.object.value.startsWith('Jeu de données')).map((q) => q.object.value);
    expect(titles.sort()).toEqual(['Jeu de données 1', 'Jeu de données 2', 'Jeu de données 3']);
    // Blank nodes of different datasets never share a label (each document numbers its own from
    // zero): otherwise the three adms:Identifier nodes would collapse into one subject.
    const identifiers = quads.filter((q) => q.predicate.value === 'http://www.w3.org/2004/02/skos/core#notation').map((q) => q.subject.value);
    expect(new Set(identifiers).size).toBe(identifiers.length);
  });

  it('refuses a filter key CKAN does not know, naming the known ones', async () => {
    const { code, stderr } = await runCli(['harvest', server.url, '--protocol', 'ckan', '--exclude', 'colour=blue'], LOOPBACK);
    expect(stderr.trim()).toMatch(/^error: unknown filter key "colour" for protocol ckan; known keys: organization, tags, groups/);
    expect(code).toBe(2);
  });

  it('keeps what it read, as valid JSON, when a page fails, and exits 1', async () => {
    server.route('/broken/api/3/action/package_search', (request) =>
      request.url.searchParams.get('start') === '0'
        ? json({ success: true, result: { count: 3, results: PACKAGES.slice(0, 2) } })
        : { status: 500, body: 'Internal Server Error' },
    );
    const { code, stdout, stderr } = await runCli(['harvest', server.at('/broken/api/3/action'), '--protocol', 'ckan'], LOOPBACK);
    expect(JSON.parse(stdout).map((d: { remoteId: string }) => d.remoteId)).toEqual([PACKAGES[0]!.id, PACKAGES[1]!.id]);
    expect(stderr).toMatch(/harvest stopped after 1 pages: .*500/);
    expect(stderr).toMatch(/stopped: 2 datasets, 0 errors/);
    expect(code).toBe(1);
  });
});

describe('moisson protocols', () => {
  it('lists every registered protocol with its filter keys', async () => {
    const { code, stdout } = await runCli(['protocols']);
    expect(code).toBe(0);
    const table = stdout.slice(0, stdout.indexOf('\n\n')).split('\n');
    const ids = table.map((line) => line.split(' ')[0]);
    expect(ids).toEqual([...protocolIds()].sort());
  });

  it.skipIf(!hasCkan)("prints one protocol's filter keys and settings, as the API declares them", async () => {
    const { code, stdout } = await runCli(['protocols', 'CKAN']);
    expect(code).toBe(0);
    const { items, runnerConfig } = describeProtocols(registryHarvesters);
    const ckan = items.find((p) => p.id === 'ckan')!;
    for (const filter of ckan.filters) expect(stdout).toContain(`  ${filter.key} (${filter.label}): ${filter.description}`);
    expect(stdout).toMatch(/^ {2}language \(Default language\): /m);
    expect(stdout).toMatch(/^ {2}pageSize \(Page size\): .* Default: 300\.$/m);
    // The runner's nested settings by their full key.
    expect(stdout).toMatch(/^ {2}politeness\.delayMs \(Delay between requests \(ms\)\): Minimum delay between two requests/m);

    const json = await runCli(['protocols', 'ckan', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify({ ...ckan, runnerConfig })));
  });

  it('names the known protocols for an unknown one (exit 2)', async () => {
    const { code, stderr } = await runCli(['protocols', 'ftp']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`error: unknown protocol "ftp"; known: ${[...protocolIds()].sort().join(', ')}`);
  });
});
