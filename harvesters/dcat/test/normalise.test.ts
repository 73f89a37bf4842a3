import { InvalidRecord, type NormalisedRecord } from '@moisson/core';
import { describe, expect, it } from 'vitest';
import { normaliseFixture } from './helpers.js';

function record(map: Map<string, NormalisedRecord | Error>, id: string): NormalisedRecord {
  const r = map.get(id);
  if (!r || r instanceof Error) throw new Error(`no record ${id}: ${String(r)}`);
  return r;
}

const EU = 'http://publications.europa.eu/resource/authority/';

describe('ckanext-dcat RDF/XML page', () => {
  it('normalises datasets, distributions, agents, temporal, GeoJSON spatial and the catalogue record', async () => {
    const out = await normaliseFixture('ckanext-dcat-page-1.rdf', 'rdfxml', 'http://ckan.example.org/catalog.xml?page=1');
    expect([...out.keys()]).toEqual([
      'http://ckan.example.org/dataset/5b3a9c1e-7f2d-4c8e-9a61-0d4e2f8b7a10',
      'http://ckan.example.org/dataset/0c9d8e7f-1111-4222-8333-944455566677',
    ]);
    const r = record(out, 'http://ckan.example.org/dataset/5b3a9c1e-7f2d-4c8e-9a61-0d4e2f8b7a10');
    expect(r.remoteUrl).toBe('http://ckan.example.org/dataset/air-quality-2023');
    // the CatalogRecord's dct:modified is the remote record's date
    expect(r.remoteModified).toBe('2024-02-21T06:00:00.000Z');
    const d = r.dataset;
    expect(d.identifiers).toEqual(['5b3a9c1e-7f2d-4c8e-9a61-0d4e2f8b7a10']);
    expect(d.otherIdentifiers).toEqual([{ notation: '10.1234/air.2023', scheme: 'http://purl.org/spar/datacite/doi' }]);
    expect(d.issued).toBe('2023-01-15T09:30:12.345Z');
    expect(d.version).toBe('2.1');
    expect(d.languages).toEqual([`${EU}language/ENG`]);
    expect(d.accrualPeriodicity?.uri).toBe(`${EU}frequency/DAILY`);
    expect(d.themes.map((t) => t.uri)).toEqual([`${EU}data-theme/ENVI`]);
    expect(d.publisher).toEqual({
      uri: 'http://ckan.example.org/organization/environment-agency',
      name: [{ value: 'Regional Environment Agency' }],
      email: 'opendata@env.example.org',
      homepage: 'https://env.example.org',
      type: 'http://purl.org/adms/publishertype/RegionalAuthority',
    });
    expect(d.contactPoints).toEqual([{ name: 'Air Quality Desk', email: 'air@env.example.org' }]);
    expect(d.temporal).toEqual([{ start: '2023-01-01', end: '2023-12-31' }]);
    expect(d.spatial[0]?.bbox).toEqual([2.1, 48.5, 2.9, 49.1]);
    expect(d.spatial[0]?.geometry?.type).toBe('Polygon');
    const dist = d.distributions[0]!;
    expect(dist.accessURL).toEqual(['http://ckan.example.org/dataset/air-quality-2023/resource/e1f0a2b3']);
    expect(dist.downloadURL).toEqual(['https://files.example.org/air/2023.csv']);
    expect(dist.format?.uri).toBe(`${EU}file-type/CSV`);
    expect(dist.mediaType).toBe('text/csv');
    expect(dist.byteSize).toBe(1048576);
    expect(dist.checksum).toEqual({ algorithm: 'http://spdx.org/rdf/terms#checksumAlgorithm_md5', value: '9e107d9d372bb6826bd81d3542a419d6' });
    expect(dist.license?.uri).toBe(`${EU}licence/CC_BY_4_0`);
    // both distributions agree, so the dataset carries the licence too
    expect(d.license?.uri).toBe(`${EU}licence/CC_BY_4_0`);
    expect(d.extras['dcat:CatalogRecord']).toEqual({
      uri: 'http://ckan.example.org/dataset/5b3a9c1e-7f2d-4c8e-9a61-0d4e2f8b7a10#record',
      issued: '2023-01-15T09:30:12.000Z',
      modified: '2024-02-21T06:00:00.000Z',
    });
    expect(r.chain).toEqual([]);
    const bike = record(out, 'http://ckan.example.org/dataset/0c9d8e7f-1111-4222-8333-944455566677');
    expect(bike.dataset.modified).toBe('2024-01-05T09:00:00.000Z');
    expect(bike.dataset.distributions[0]?.mediaType).toBe('application/json');
  });
});

describe('udata Turtle catalogue', () => {
  const base = 'https://demo.udata.example/api/1/site/catalog.ttl?page=1&page_size=2';

  it('keeps language tags, resolves themes, frequency, WKT box, gYear period and the upstream record as a hop', async () => {
    const out = await normaliseFixture('udata-catalog.ttl', 'turtle', base);
    const r = record(out, 'https://demo.udata.example/datasets/6512a0c1b2f3e4d5c6b7a891/');
    const d = r.dataset;
    expect(d.title).toEqual([
      { value: 'Base adresse locale de Saint-Martin', lang: 'fr' },
      { value: 'Local address base of Saint-Martin', lang: 'en' },
    ]);
    expect(d.keywords).toEqual([{ value: 'adresses', lang: 'fr' }, { value: 'BAL' }]);
    expect(d.themes[0]?.uri).toBe(`${EU}data-theme/REGI`);
    expect(d.accrualPeriodicity?.uri).toBe(`${EU}frequency/MONTHLY`);
    expect(d.modified).toBe('2024-05-02');
    expect(d.temporal).toEqual([{ start: '2019', end: '2024-04' }]);
    expect(d.spatial).toEqual([{ uri: 'http://data.europa.eu/nuts/code/FR101' }, { label: [{ value: 'Saint-Martin', lang: 'fr' }], bbox: [2.3, 48.8, 2.4, 48.9] }]);
    expect(d.contactPoints).toEqual([
      {
        uri: 'https://demo.udata.example/api/1/contacts/65aa00bb11cc22dd33ee44ff/',
        name: 'Service SIG',
        organisation: 'Commune de Saint-Martin',
        email: 'sig@saint-martin.example',
        url: 'https://saint-martin.example/sig',
      },
    ]);
    expect(d.distributions[0]).toMatchObject({
      remoteId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
      mediaType: 'text/csv',
      byteSize: 20480,
      license: { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence' },
      issued: '2024-05-02T06:00:00.000Z',
    });
    expect(r.remoteModified).toBe('2024-05-02T09:00:00.000Z');
    expect(r.chain).toEqual([
      {
        catalog: { url: 'https://geo.saint-martin.example/geonetwork', title: 'GéoCatalogue de Saint-Martin' },
        recordId: '2a9f5e10-6c3b-4c1e-9d0e-5f6a7b8c9d0e',
        recordUrl: 'https://geo.saint-martin.example/geonetwork/srv/api/records/2a9f5e10-6c3b-4c1e-9d0e-5f6a7b8c9d0e',
        modified: '2024-05-01',
        protocol: 'iso19139',
        role: 'origin',
      },
    ]);
  });

  it('turns a re-exported dataset (upstream IRI, local adms:identifier) into an origin hop', async () => {
    const out = await normaliseFixture('udata-catalog.ttl', 'turtle', base);
    const r = record(out, 'https://vanves.opendatasoft.example/explore/dataset/bureaux-de-vote/');
    expect(r.remoteUrl).toBe('https://vanves.opendatasoft.example/explore/dataset/bureaux-de-vote/');
    expect(r.dataset.otherIdentifiers).toEqual([{ notation: 'https://demo.udata.example/datasets/61892c9d076a4d62434a1318/', creator: 'udata demo' }]);
    expect(r.dataset.attributions).toEqual([
      { agent: { uri: 'https://demo.udata.example/organizations/ville-de-vanves/', name: [{ value: 'Ville de Vanves' }], homepage: 'http://www.vanves.example' }, role: 'distributor' },
    ]);
    expect(r.dataset.distributions[0]?.rights).toEqual([{ value: 'License Not Specified' }]);
    expect(r.dataset.distributions[0]?.license).toBeUndefined();
    expect(r.chain).toEqual([
      {
        catalog: { url: 'https://vanves.opendatasoft.example' },
        recordId: 'https://vanves.opendatasoft.example/explore/dataset/bureaux-de-vote/',
        recordUrl: 'https://vanves.opendatasoft.example/explore/dataset/bureaux-de-vote/',
        role: 'origin',
      },
    ]);
  });
});

describe('DCAT-AP 3 Turtle', () => {
  const base = 'https://data.example.eu/catalog.ttl';

  it('keeps DatasetSeries and DataService records, skips the servesDataset stub, rejects an anonymous blank node', async () => {
    const out = await normaliseFixture('dcat-ap-3.ttl', 'turtle', base);
    expect([...out.keys()]).toEqual([
      'https://data.example.eu/series/water-quality',
      'https://data.example.eu/dataset/water-quality-2024',
      'https://data.example.eu/service/ogc-api',
      'urn:example:arcgis:3f2a',
      'error:4',
    ]);
    expect(record(out, 'https://data.example.eu/series/water-quality').dataset.kind).toBe('DatasetSeries');
    const service = record(out, 'https://data.example.eu/service/ogc-api').dataset;
    expect(service.kind).toBe('DataService');
    expect(service.service).toEqual({
      uri: 'https://data.example.eu/service/ogc-api',
      title: [{ value: 'Water OGC API Features', lang: 'en' }],
      endpointURL: ['https://data.example.eu/ogc'],
      endpointDescription: 'https://data.example.eu/ogc/api',
      conformsTo: ['http://www.opengis.net/spec/ogcapi-features-1/1.0'],
    });
    const error = out.get('error:4');
    expect(error).toBeInstanceOf(InvalidRecord);
    expect((error as Error).message).toContain('no dct:identifier');
  });

  it('reads DCAT-AP 3 properties: series, legacy WKT datatype with CRS, centroid, time:Instant, attribution, derivation', async () => {
    const out = await normaliseFixture('dcat-ap-3.ttl', 'turtle', base);
    const r = record(out, 'https://data.example.eu/dataset/water-quality-2024');
    const d = r.dataset;
    expect(d.inSeries).toEqual(['https://data.example.eu/series/water-quality']);
    expect(d.version).toBe('2024.1');
    expect(d.languages).toEqual([`${EU}language/ENG`, `${EU}language/FRA`]);
    expect(d.accessRights?.uri).toBe(`${EU}access-right/PUBLIC`);
    expect(d.themes.map((t) => t.uri)).toEqual([`${EU}data-theme/ENVI`, 'http://inspire.ec.europa.eu/theme/hy']);
    expect(d.spatial).toEqual([
      { uri: `${EU}country/BEL` },
      {
        geometry: { type: 'Polygon', coordinates: [[[2.5, 49.5], [6.4, 49.5], [6.4, 51.5], [2.5, 51.5], [2.5, 49.5]]] },
        bbox: [2.5, 49.5, 6.4, 51.5],
        centroid: [4.45, 50.5],
      },
    ]);
    expect(d.temporal).toEqual([{ start: '2024-05-01', end: '2024-09-30T23:59:59.000Z' }]);
    expect(d.contactPoints).toEqual([{ name: 'Water desk', organisation: 'Water Office', email: 'water@example.eu', phone: '+3222990000' }]);
    expect(d.attributions).toEqual([{ agent: { name: [{ value: 'Lab Ltd' }] }, role: 'http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/processor' }]);
    expect(d.extras['dcatap:applicableLegislation']).toEqual(['http://data.europa.eu/eli/reg_impl/2023/138/oj']);
    const [parquet, api] = d.distributions;
    expect(parquet).toMatchObject({
      accessURL: ['https://download.example.eu/water/2024.parquet'],
      mediaType: 'application/vnd.apache.parquet',
      byteSize: 73400320,
      languages: [`${EU}language/ENG`],
      conformsTo: ['https://data.example.eu/schema/water-samples'],
    });
    expect(parquet?.format?.uri).toBe(`${EU}file-type/PARQUET`);
    expect(api?.accessService?.endpointURL).toEqual(['https://data.example.eu/ogc']);
    expect(r.chain).toEqual([
      { catalog: { url: 'https://source.example.be' }, recordId: 'https://source.example.be/records/bw-2024', recordUrl: 'https://source.example.be/records/bw-2024', role: 'origin' },
    ]);
  });

  it('reads a blank-node dataset by its dct:identifier, an ArcGIS "W,S,E,N" literal, gYear and naive dates, a licence label', async () => {
    const out = await normaliseFixture('dcat-ap-3.ttl', 'turtle', base);
    const r = record(out, 'urn:example:arcgis:3f2a');
    expect(r.dataset.uri).toBeUndefined();
    expect(r.remoteUrl).toBeUndefined();
    expect(r.dataset.spatial).toEqual([{ bbox: [-1.6, 47.1, -1.4, 47.3] }]);
    expect(r.dataset.issued).toBe('2021');
    expect(r.dataset.modified).toBe('2021-06-04T16:20:00.000Z');
    expect(r.dataset.license).toEqual({ uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', label: 'Licence Ouverte v2.0' });
  });
});

describe('JSON-LD', () => {
  it('reads a document with @graph, plain-string URLs and a legacy schema:startDate', async () => {
    const out = await normaliseFixture('graph.jsonld', 'jsonld', 'http://data.test.example/catalog.jsonld?page=1');
    expect([...out.keys()]).toEqual(['http://data.test.example/datasets/1', 'http://data.test.example/datasets/2']);
    const d = record(out, 'http://data.test.example/datasets/1').dataset;
    expect(d.title).toEqual([{ value: 'Dataset 1', lang: 'en' }, { value: 'Jeu de données 1', lang: 'fr' }]);
    expect(d.landingPages).toEqual(['http://data.test.example/datasets/1']);
    expect(d.themes).toEqual([
      { uri: `${EU}data-theme/TRAN`, scheme: `${EU}data-theme`, notation: 'Transport', label: [{ value: 'Transport' }] },
      { label: [{ value: 'Theme 2' }], notation: 'Theme 2' },
    ]);
    expect(d.temporal).toEqual([{ start: '2016-12-05T00:00:00.000Z' }]);
    expect(d.distributions[0]?.accessURL).toEqual(['http://data.test.example/datasets/1/resources/1/file.json']);
    expect(d.contactPoints).toEqual([{ uri: 'http://data.test.example/contacts/1', name: 'Organization contact', email: 'hello@its.example' }]);
  });

  it('reads a nested document without @graph whose remote @context (udata) is served from the shipped copy', async () => {
    const out = await normaliseFixture('nested-remote-context.jsonld', 'jsonld', 'https://portail.example.fr/catalog.jsonld');
    const d = record(out, 'https://portail.example.fr/datasets/lycees').dataset;
    expect(d.identifiers).toEqual(['lycees']);
    expect(d.title).toEqual([{ value: 'Lycées de la région', lang: 'fr' }]);
    expect(d.issued).toBe('2022-09-01');
    expect(d.license?.uri).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence');
    expect(d.publisher).toEqual({ uri: 'https://portail.example.fr/organizations/region', name: [{ value: 'Région Exemple' }] });
    expect(d.contactPoints).toEqual([{ name: "Direction de l'éducation", email: 'education@region.example.fr' }]);
    expect(d.distributions[0]).toMatchObject({ mediaType: 'text/csv', byteSize: 34567, format: { uri: `${EU}file-type/CSV` } });
  });
});

describe('N-Triples', () => {
  it('reads escapes, language tags, blank-node distributions and a GeoJSON point', async () => {
    const out = await normaliseFixture('catalog.nt', 'ntriples', 'https://nt.example.org/catalog.nt');
    const d = record(out, 'https://nt.example.org/dataset/rivers').dataset;
    expect(d.title).toEqual([{ value: 'Rivers', lang: 'en' }, { value: 'Fleuves et rivières', lang: 'fr' }]);
    expect(d.description).toEqual([{ value: 'Line network of rivers.\nScale 1:25000.' }]);
    expect(d.issued).toBe('2020-03-04T03:06:07.000Z');
    expect(d.license?.uri).toBe(`${EU}licence/CC0`);
    expect(d.spatial).toEqual([{ geometry: { type: 'Point', coordinates: [4.35, 50.85] }, bbox: [4.35, 50.85, 4.35, 50.85] }]);
    expect(d.distributions[0]).toMatchObject({ accessURL: ['https://nt.example.org/files/rivers.zip'], byteSize: 5000, format: { uri: `${EU}file-type/SHP` } });
  });
});

describe('ckanext-dcat expose_subcatalogs', () => {
  it('makes the sub-catalogue listing a dataset the origin hop, and leaves datasets of the root catalogue without one', async () => {
    const out = await normaliseFixture('subcatalogs.ttl', 'turtle', 'http://aggregator.example.org/catalog.ttl');
    expect(record(out, 'http://aggregator.example.org/dataset/trees').chain).toEqual([
      {
        catalog: { title: 'City Open Data Portal', url: 'https://opendata.city.example' },
        publisher: { name: [{ value: 'City of Example' }], email: 'data@city.example' },
        recordId: 'https://opendata.city.example/dataset/street-trees',
        modified: '2024-04-01T02:00:00.000Z',
        role: 'origin',
      },
    ]);
    expect(record(out, 'http://aggregator.example.org/dataset/own-data').chain).toEqual([]);
  });
});
