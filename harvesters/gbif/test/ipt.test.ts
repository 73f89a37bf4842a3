import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRecord, ProtocolError, SkipRecord, type Cursor, type Filter, type Page, type SourceSpec } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { iptHarvester, type IptConfig, type IptRecord } from '@moisson/harvester-gbif';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { ctx, fixture } from './helpers.js';
import { serveIpt, type FakeIptResource } from './support.js';

const NAL = 'http://publications.europa.eu/resource/authority/';
const http = () => new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });

const resources: FakeIptResource[] = [
  { shortName: 'odonates_vanoise', title: 'Inventaire des odonates', version: '2.3', eml: fixture('ipt-eml-2.1.1-full.xml'), pubDate: 'Tue, 17 Mar 2020 09:15:00 +0100' },
  { shortName: 'bats_pyrenees', title: 'Bat roost monitoring in the Pyrenees', version: '1.0', eml: fixture('eml-2.2.0.xml'), dwca: false },
];

let server: FixtureServer;
let base: string;
beforeEach(async () => {
  server = await new FixtureServer().start();
  base = server.at('/ipt').replace(/\/$/, '');
});
afterEach(async () => {
  await server.stop();
});

function source(config: Partial<IptConfig> = {}, filters: Filter[] = [], url = `${base}/`): SourceSpec<IptConfig> {
  return { url, filters, config: config as IptConfig };
}

async function collect(spec: SourceSpec<IptConfig>, cursor: Cursor | null = null): Promise<Page<IptRecord>[]> {
  const pages: Page<IptRecord>[] = [];
  for await (const page of iptHarvester.pages(spec, cursor, http())) pages.push(page);
  return pages;
}

describe('ipt pages', () => {
  it('reads the RSS feed once, then each resource’s EML at its published version, in short-name order', async () => {
    serveIpt(server, resources);
    const pages = await collect(source({ pageSize: 1, concurrency: 1 }));
    expect(server.requests.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual(['/ipt/rss.do', '/ipt/eml.do?r=bats_pyrenees&v=1.0', '/ipt/eml.do?r=odonates_vanoise&v=2.3']);
    expect(pages.map((p) => [p.records.map((r) => r.remoteId), p.next, p.total])).toEqual([
      [['bats_pyrenees'], { after: 'bats_pyrenees' }, 2],
      [['odonates_vanoise'], null, 2],
    ]);
    const odonates = pages[1]?.records[0];
    expect(odonates?.raw.item).toEqual({
      shortName: 'odonates_vanoise',
      link: `${base}/resource?r=odonates_vanoise`,
      title: 'Inventaire des odonates - Version 2.3',
      emlUrl: `${base}/eml.do?r=odonates_vanoise&v=2.3`,
      dwcaUrl: `${base}/archive.do?r=odonates_vanoise`,
      version: '2.3',
      pubDate: '2020-03-17T08:15:00.000Z',
      guid: `${base}/resource?id=odonates_vanoise/v2.3.xml`,
    });
    expect(odonates?.original).toEqual({ mediaType: 'application/xml', body: fixture('ipt-eml-2.1.1-full.xml') });
  });

  it('resumes after the cursor’s short name, from a resource URL as the source URL', async () => {
    serveIpt(server, resources);
    const pages = await collect(source({}, [], `${base}/resource?r=bats_pyrenees`), { after: 'bats_pyrenees' });
    expect(pages.flatMap((p) => p.records.map((r) => r.remoteId))).toEqual(['odonates_vanoise']);
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/ipt/rss.do', '/ipt/eml.do']);
  });

  it('keeps a resource whose EML is missing (404) with the feed’s words, and fails on a feed that is not RSS', async () => {
    serveIpt(server, [{ shortName: 'private_then_public', title: 'Flore des tourbières', eml: null, description: '<p>Relevés 2012&amp;2013</p>' }]);
    const [page] = await collect(source());
    const record = page?.records[0] as Page<IptRecord>['records'][number];
    expect(record.raw.eml).toBeNull();
    const normalised = iptHarvester.normalise(record.raw, ctx(base, {} as IptConfig));
    expect(normalised.dataset.title).toEqual([{ value: 'Flore des tourbières' }]);
    expect(normalised.dataset.description).toEqual([{ value: 'Relevés 2012&2013' }]);
    expect(normalised.remoteModified).toBe('2024-03-12T10:00:00.000Z');

    server.route('/ipt/rss.do', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>Maintenance en cours</h1></body></html>' });
    const maintenance = collect(source());
    await expect(maintenance).rejects.toThrow(ProtocolError);
    await expect(maintenance).rejects.toThrow(`not an RSS feed: the root element is <html>: Maintenance en cours (${base}/rss.do)`);
    server.route('/ipt/rss.do', { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: '<rss><channel><item><title>cut' });
    await expect(collect(source())).rejects.toThrow(/the IPT RSS feed cannot be read: not well-formed XML at line 1/);
    server.route('/ipt/rss.do', { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Access denied by IPT configuration' });
    await expect(collect(source())).rejects.toThrow(`GBIF IPT RSS feed answered HTTP 403: Access denied by IPT configuration (${base}/rss.do)`);
  });

  it('detects an IPT from its home page or a resource page, and not an ordinary RSS feed', async () => {
    serveIpt(server, resources);
    expect(await iptHarvester.detect(new URL(`${base}/resource?r=bats_pyrenees`), http())).toEqual({
      protocol: 'ipt',
      confidence: 0.95,
      url: base,
      title: 'IPT du Parc national',
      details: { resources: 2, generator: 'GBIF IPT 2.7.7' },
    });
    server.route('/blog/rss.do', { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: '<rss version="2.0"><channel><title>Blog</title></channel></rss>' });
    expect(await iptHarvester.detect(new URL(server.at('/blog/')), http())).toBeNull();
  });
});

describe('ipt normalise', () => {
  async function raws(): Promise<Map<string, IptRecord>> {
    serveIpt(server, resources);
    const pages = await collect(source());
    return new Map(pages.flatMap((p) => p.records.map((r) => [r.remoteId as string, r.raw] as const)));
  }

  it('keys by the short name, adds the DwC-A and the EML as distributions, keeps the GBIF key and DOI, adds no hop', async () => {
    const raw = (await raws()).get('odonates_vanoise') as IptRecord;
    const r = iptHarvester.normalise(raw, ctx(base, {} as IptConfig));
    expect(r.remoteId).toBe('odonates_vanoise');
    expect(r.remoteUrl).toBe(`${base}/resource?r=odonates_vanoise`);
    expect(r.chain).toEqual([]);
    expect(r.dataset.version).toBe('2.3');
    expect(r.dataset.landingPages).toEqual([`${base}/resource?r=odonates_vanoise`, 'https://www.vanoise-parcnational.fr/fr/odonates']);
    expect(r.dataset.distributions.map((d) => [d.accessURL[0], d.format?.uri, d.conformsTo[0], d.license?.uri])).toEqual([
      [`${base}/archive.do?r=odonates_vanoise`, `${NAL}file-type/ZIP`, 'http://rs.tdwg.org/dwc/text/', `${NAL}licence/CC_BY_4_0`],
      [`${base}/eml.do?r=odonates_vanoise&v=2.3`, `${NAL}file-type/XML`, 'https://eml.ecoinformatics.org/', `${NAL}licence/CC_BY_4_0`],
      ['https://ipt.parc-exemple.fr/ipt/archive.do?r=odonates_vanoise', `${NAL}file-type/ZIP`, 'http://rs.tdwg.org/dwc/text/', `${NAL}licence/CC_BY_4_0`],
      ['https://www.vanoise-parcnational.fr/data/odonates_vanoise.csv', `${NAL}file-type/CSV`, undefined, `${NAL}licence/CC_BY_4_0`],
    ]);
    const bats = iptHarvester.normalise((await raws()).get('bats_pyrenees') as IptRecord, ctx(base, {} as IptConfig));
    expect(bats.dataset.otherIdentifiers.filter((i) => i.scheme === 'gbif' || i.scheme === 'doi')).toEqual([
      { notation: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', scheme: 'gbif', creator: 'GBIF' },
      { notation: 'https://doi.org/10.15468/xy99zz', scheme: 'doi' },
    ]);
    // A metadata-only resource has no archive: only its EML.
    expect(bats.dataset.distributions.map((d) => d.accessURL[0])).toEqual([`${base}/eml.do?r=bats_pyrenees&v=1.0`]);
  });

  it('applies keyword and resource filters (include and exclude) and names the resource of a broken EML', async () => {
    const raw = (await raws()).get('bats_pyrenees') as IptRecord;
    const withFilters = (filters: Filter[]) => ctx(base, {} as IptConfig, filters);
    expect(() => iptHarvester.normalise(raw, withFilters([{ key: 'keyword', value: 'Chiroptera', type: 'include' }]))).not.toThrow();
    expect(() => iptHarvester.normalise(raw, withFilters([{ key: 'keyword', value: 'Odonata', type: 'include' }]))).toThrow(SkipRecord);
    expect(() => iptHarvester.normalise(raw, withFilters([{ key: 'resource', value: 'bats_pyrenees', type: 'exclude' }]))).toThrow('excluded by the resource filter (bats_pyrenees)');
    const broken = { ...raw, eml: '<html><body>Session expired</body></html>' };
    expect(() => iptHarvester.normalise(broken, withFilters([]))).toThrow(InvalidRecord);
    expect(() => iptHarvester.normalise(broken, withFilters([]))).toThrow('IPT resource bats_pyrenees: not an EML document: the root element is <html>: Session expired');
  });
});
