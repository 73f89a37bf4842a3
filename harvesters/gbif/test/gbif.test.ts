import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRecord, ProtocolError, SkipRecord, SourceConfigError, type Filter, type Page, type SourceSpec } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { gbifHarvester, type GbifConfig, type GbifRecord } from '@moisson/harvester-gbif';
import { FixtureServer, json } from '../../../test/support/fixture-server.js';
import { ctx, fixture } from './helpers.js';
import { serveGbifRegistry, type FakeGbifDataset } from './support.js';

const NAL = 'http://publications.europa.eu/resource/authority/';
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
const results = JSON.parse(fixture('gbif-search-results.json')) as Array<Record<string, unknown>>;
const [vanoise, bats, herbier] = results as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const IPT = 'https://ipt.parc-exemple.fr/ipt';

function datasets(): FakeGbifDataset[] {
  return [
    {
      search: vanoise,
      eml: fixture('ipt-eml-2.1.1-full.xml'),
      endpoints: [
        { key: 401, type: 'EML', url: `${IPT}/eml.do?r=odonates_vanoise`, modified: '2020-03-17T09:15:00.000+0000' },
        { key: 402, type: 'DWC_ARCHIVE', url: `${IPT}/archive.do?r=odonates_vanoise`, modified: '2020-03-17T09:15:00.000+0000' },
      ],
    },
    { search: bats, eml: fixture('eml-2.2.0.xml'), endpoints: [] },
    { search: herbier, eml: null },
  ];
}

let server: FixtureServer;
beforeEach(async () => {
  server = await new FixtureServer().start();
});
afterEach(async () => {
  await server.stop();
});

function source(config: Partial<GbifConfig> = {}, filters: Filter[] = []): SourceSpec<GbifConfig> {
  return { url: server.at('/v1/'), filters, config: config as GbifConfig };
}

async function collect(spec: SourceSpec<GbifConfig>): Promise<Page<GbifRecord>[]> {
  const pages: Page<GbifRecord>[] = [];
  for await (const page of gbifHarvester.pages(spec, null, http())) pages.push(page);
  return pages;
}

describe('gbif pages', () => {
  it('pages the dataset search by limit/offset and completes each dataset with its document and endpoints', async () => {
    serveGbifRegistry(server, datasets());
    const pages = await collect(source({ pageSize: 2, concurrency: 1 }));
    const searches = server.requests.filter((r) => r.url.pathname === '/v1/dataset/search').map((r) => r.url.search);
    expect(searches).toEqual(['?limit=2&offset=0', '?limit=2&offset=2']);
    expect(server.requests.filter((r) => r.url.pathname !== '/v1/dataset/search').map((r) => r.url.pathname)).toEqual([
      `/v1/dataset/${vanoise['key']}/document`,
      `/v1/dataset/${vanoise['key']}/endpoint`,
      `/v1/dataset/${bats['key']}/document`,
      `/v1/dataset/${bats['key']}/endpoint`,
      `/v1/dataset/${herbier['key']}/document`,
      `/v1/dataset/${herbier['key']}/endpoint`,
    ]);
    expect(pages.map((p) => p.records.map((r) => r.remoteId))).toEqual([[vanoise['key'], bats['key']], [herbier['key']]]);
    expect(pages.map((p) => [p.next, p.total, p.truncated])).toEqual([
      [{ offset: 2 }, 3, undefined],
      [null, 3, undefined],
    ]);
    const [first, , third] = pages.flatMap((p) => p.records);
    expect(first?.original.mediaType).toBe('application/xml');
    expect(first?.original.body).toBe(fixture('ipt-eml-2.1.1-full.xml'));
    expect(first?.raw.endpoints).toHaveLength(2);
    // No document (404): the search JSON is the original, and the endpoint 404 is an empty list.
    expect(third?.raw).toEqual({ search: herbier, eml: null, endpoints: [] });
    expect(third?.original).toEqual({ mediaType: 'application/json', body: JSON.stringify(herbier) });
  });

  it('sends include filters as repeated search parameters and refuses unknown keys', async () => {
    serveGbifRegistry(server, datasets());
    const pages = await collect(
      source({ pageSize: 50 }, [
        { key: 'publishingCountry', value: 'FR', type: 'include' },
        { key: 'publishingCountry', value: 'ES', type: 'include' },
        { key: 'type', value: 'OCCURRENCE', type: 'include' },
        { key: 'keyword', value: 'herbarium', type: 'exclude' },
      ]),
    );
    expect(server.requests[0]?.url.search).toBe('?limit=50&offset=0&publishingCountry=FR&publishingCountry=ES&type=OCCURRENCE');
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))).toEqual([vanoise['key'], herbier['key']]);
    await expect(collect(source({}, [{ key: 'country', value: 'FR', type: 'include' }]))).rejects.toThrow(SourceConfigError);
  });

  it('turns a refused search into a ProtocolError with the registry’s words', async () => {
    server.route('/v1/dataset/search', json({ message: 'Max offset of 100000 exceeded: 100020 + 20', code: 400 }, 400));
    const refused = collect(source());
    await expect(refused).rejects.toThrow(ProtocolError);
    await expect(refused).rejects.toThrow(`GBIF dataset search answered HTTP 400: Max offset of 100000 exceeded: 100020 + 20 (${server.at('/v1/dataset/search?limit=100&offset=0')})`);
    server.route('/v1/dataset/search', json({ error: 'nope' }));
    await expect(collect(source())).rejects.toThrow(/did not answer \{results: \[\.\.\.\]\}: nope/);
  });

  it('marks the listing truncated when the registry ends before its count', async () => {
    server.route('/v1/dataset/search', json({ offset: 0, limit: 100, endOfRecords: true, count: 5, results: [herbier] }));
    server.route(`/v1/dataset/${herbier['key']}/document`, { status: 404 });
    server.route(`/v1/dataset/${herbier['key']}/endpoint`, json([]));
    const pages = await collect(source());
    expect(pages.at(-1)?.truncated).toBe('the remote announced 5 records but the listing ended after 1');
  });

  it('detects a registry from any URL of its API', async () => {
    serveGbifRegistry(server, datasets());
    const detection = await gbifHarvester.detect(new URL(server.at('/v1/dataset/search?q=odonates')), http());
    expect(detection).toEqual({ protocol: 'gbif', confidence: 0.95, url: server.url.replace(/\/$/, ''), title: 'GBIF registry', details: { datasets: 3 } });
    expect(server.requests.at(-1)?.url.search).toBe('?limit=0');
    server.route('/v1/dataset/search', json({ hello: 'world' }));
    expect(await gbifHarvester.detect(new URL(server.url), http())).toBeNull();
  });
});

describe('gbif normalise', () => {
  const c = ctx('https://api.gbif.org/v1/', {} as GbifConfig);
  const [vanoiseRaw, batsRaw, herbierRaw] = datasets().map((d) => ({ search: d.search, eml: d.eml ?? null, endpoints: d.endpoints ?? [] })) as [GbifRecord, GbifRecord, GbifRecord];

  it('keys by the GBIF dataset key, with the DOI, the EML identifiers and the GBIF page', () => {
    const r = gbifHarvester.normalise(vanoiseRaw, c);
    expect(r.remoteId).toBe('7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718');
    expect(r.remoteUrl).toBe('https://www.gbif.org/dataset/7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718');
    expect(r.remoteModified).toBe('2020-03-17T08:12:44.301Z');
    expect(r.dataset.identifiers).toEqual(['7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718']);
    expect(r.dataset.otherIdentifiers).toEqual([
      { notation: '7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718', scheme: 'gbif', creator: 'GBIF' },
      { notation: 'https://doi.org/10.15468/ab12cd', scheme: 'doi' },
      { notation: '5d2a1c3e-8f4b-4c6d-9e0a-7b8c9d0e1f2a', scheme: 'uuid' },
      { notation: 'https://ipt.parc-exemple.fr/ipt/resource?r=odonates_vanoise', scheme: 'url' },
    ]);
    expect(r.dataset.landingPages).toEqual(['https://www.gbif.org/dataset/7a3e9b10-5c2d-4e8f-a1b2-c3d4e5f60718', 'https://www.vanoise-parcnational.fr/fr/odonates']);
    expect(r.dataset.title[0]?.value).toBe('Inventaire des odonates du Parc national de la Vanoise (2004-2019)');
    expect(r.dataset.type).toEqual({ notation: 'OCCURRENCE', label: [{ value: 'OCCURRENCE' }], scheme: 'http://rs.gbif.org/vocabulary/gbif/dataset_type' });
    expect(r.dataset.extras['gbif:recordCount']).toBe(18342);
  });

  it('publishes under the GBIF publishing organisation and chains publisher → IPT installation', () => {
    const r = gbifHarvester.normalise(vanoiseRaw, c);
    const publisher = {
      name: [{ value: 'Parc national de la Vanoise' }],
      uri: 'https://www.gbif.org/publisher/1f2e3d4c-0000-4000-8000-00000000aaaa',
      identifier: '1f2e3d4c-0000-4000-8000-00000000aaaa',
    };
    expect(r.dataset.publisher).toEqual(publisher);
    expect(r.chain).toEqual([
      { role: 'origin', catalog: { title: 'Parc national de la Vanoise', url: 'https://www.gbif.org/publisher/1f2e3d4c-0000-4000-8000-00000000aaaa' }, publisher },
      {
        role: 'intermediate',
        catalog: { url: IPT },
        recordId: 'odonates_vanoise',
        recordUrl: `${IPT}/resource?r=odonates_vanoise`,
        protocol: 'ipt',
      },
    ]);
    // Without an IPT endpoint, the installation is still a hop, on its GBIF page.
    expect(gbifHarvester.normalise(batsRaw, c).chain[1]).toEqual({ role: 'intermediate', catalog: { url: 'https://www.gbif.org/installation/4c4c4c4c-0000-4000-8000-00000000eeee' } });
    expect(gbifHarvester.normalise(herbierRaw, c).chain).toHaveLength(1);
  });

  it('makes the endpoints distributions (DwC-A as ZIP conforming to DwC text, EML as XML), merged with the EML downloads', () => {
    const d = gbifHarvester.normalise(vanoiseRaw, c).dataset;
    const license = { uri: `${NAL}licence/CC_BY_4_0`, label: 'Creative Commons Attribution (CC-BY) 4.0 License' };
    expect(d.distributions.map((x) => ({ url: x.accessURL[0], id: x.remoteId, format: x.format?.uri, media: x.mediaType, conformsTo: x.conformsTo, license: x.license }))).toEqual([
      { url: `${IPT}/eml.do?r=odonates_vanoise`, id: '401', format: `${NAL}file-type/XML`, media: 'application/xml', conformsTo: ['https://eml.ecoinformatics.org/'], license },
      { url: `${IPT}/archive.do?r=odonates_vanoise`, id: '402', format: `${NAL}file-type/ZIP`, media: 'application/zip', conformsTo: ['http://rs.tdwg.org/dwc/text/'], license },
      { url: 'https://www.vanoise-parcnational.fr/data/odonates_vanoise.csv', id: undefined, format: `${NAL}file-type/CSV`, media: 'text/csv', conformsTo: [], license },
    ]);
  });

  it('falls back on the search JSON when the registry has no EML document', () => {
    const r = gbifHarvester.normalise(herbierRaw, c);
    expect(r.dataset.title).toEqual([{ value: "Herbier de l'Université de Montpellier (MPU)" }]);
    expect(r.dataset.description).toEqual([{ value: "Spécimens numérisés de l'herbier MPU." }]);
    expect(r.dataset.license).toEqual({ uri: `${NAL}licence/CC0`, label: 'http://creativecommons.org/publicdomain/zero/1.0/legalcode' });
    expect(r.dataset.keywords).toEqual([{ value: 'herbarium' }]);
    expect(r.dataset.themes.map((t) => t.uri)).toEqual([`${NAL}data-theme/ENVI`]);
    expect(r.original).toBeUndefined();
  });

  it('skips excluded records and reports a broken EML document as an InvalidRecord naming the dataset', () => {
    const exclude = (key: string, value: string) => ctx('https://api.gbif.org/v1/', {} as GbifConfig, [{ key, value, type: 'exclude' }]);
    expect(() => gbifHarvester.normalise(vanoiseRaw, exclude('keyword', 'LIBELLULES'))).toThrow('excluded by the keyword filter (libellules)');
    expect(() => gbifHarvester.normalise(batsRaw, exclude('publishingCountry', 'es'))).toThrow(SkipRecord);
    expect(() => gbifHarvester.normalise(batsRaw, exclude('publishingCountry', 'FR'))).not.toThrow();
    const broken = { ...batsRaw, eml: '<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1"><dataset><title>x</dataset>' };
    expect(() => gbifHarvester.normalise(broken, c)).toThrow(InvalidRecord);
    expect(() => gbifHarvester.normalise(broken, c)).toThrow(/^GBIF dataset 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0: the EML document cannot be read: not well-formed XML at line 1/);
  });
});
