import { describe, expect, it } from 'vitest';
import { InvalidRecord, SkipRecord } from '@moisson/core';
import { normaliseCkanPackage } from '@moisson/harvester-ckan';
import { context, packageFixture } from './fixtures.js';

const NAL = 'http://publications.europa.eu/resource/authority/';

describe('normaliseCkanPackage: ckanext-dcat legacy extras (JSON-encoded lists)', () => {
  const out = normaliseCkanPackage(packageFixture('package-show-dcat-legacy.json'), context());
  const d = out.dataset;

  it('keeps the CKAN id as remote id and links the dataset page on the site', () => {
    expect(out.remoteId).toBe('5b1b3b8e-9c0e-4f0b-8d1c-2f0c6a7d9e01');
    expect(out.remoteUrl).toBe('https://data.example.ie/dataset/river-water-quality-monitoring-2023');
    expect(out.remoteModified).toBe('2024-02-01T08:30:00.654Z');
    expect(out.chain).toEqual([]);
  });

  it('maps identifiers: extra identifier first, uri as IRI, alternate_identifier JSON list with schemes', () => {
    expect(d.uri).toBe('https://data.example.ie/dataset/5b1b3b8e-9c0e-4f0b-8d1c-2f0c6a7d9e01');
    expect(d.identifiers).toEqual(['https://data.epa.example.ie/id/dataset/rwq-2023']);
    expect(d.otherIdentifiers).toEqual([
      { notation: '5b1b3b8e-9c0e-4f0b-8d1c-2f0c6a7d9e01', scheme: 'ckan', creator: 'https://data.example.ie' },
      { notation: '10.5281/zenodo.1234567', scheme: 'doi' },
      { notation: 'EPA-WQ-2023' },
    ]);
  });

  it('prefers publisher_* extras and keeps the organisation as distributor', () => {
    expect(d.publisher).toEqual({
      name: [{ value: 'Environmental Protection Agency (Ireland)' }],
      uri: 'https://www.epa.example.ie',
      email: 'info@epa.example.ie',
      homepage: 'https://www.epa.example.ie/',
      type: 'http://purl.org/adms/publishertype/NationalAuthority',
    });
    expect(d.attributions).toEqual([
      {
        role: 'distributor',
        agent: {
          name: [{ value: 'Environmental Protection Agency' }],
          identifier: 'b8a0c4f3-1e2d-4c5b-9a6f-7d8e9f0a1b2c',
          uri: 'https://data.example.ie/organization/environmental-protection-agency',
        },
      },
    ]);
    expect(d.contactPoints).toEqual([{ uri: 'https://www.epa.example.ie/contact', name: 'EPA Open Data Team', email: 'opendata@epa.example.ie' }]);
    expect(d.creators).toEqual([{ name: [{ value: 'Environmental Protection Agency' }], email: 'info@epa.example.ie' }]);
  });

  it('maps groups and theme extras to themes: known data-themes to the EU NAL, others by their group page', () => {
    expect(d.themes.map((t) => t.uri)).toEqual([`${NAL}data-theme/ENVI`, 'https://data.example.ie/group/wfd', 'http://eurovoc.europa.eu/2627']);
    expect(d.themes[1]).toEqual({ uri: 'https://data.example.ie/group/wfd', notation: 'wfd', label: [{ value: 'Water Framework Directive' }] });
  });

  it('reads dates (extras win over metadata_*), frequency, languages, pages, conformsTo, version', () => {
    expect(d.issued).toBe('2023-03-15');
    expect(d.modified).toBe('2024-01-31T16:00:00.000Z');
    expect(d.accrualPeriodicity?.uri).toBe(`${NAL}frequency/ANNUAL`);
    expect(d.languages).toEqual([`${NAL}language/ENG`, `${NAL}language/GLE`]);
    expect(d.landingPages).toEqual(['https://www.epa.example.ie/water/rivers/monitoring']);
    expect(d.pages).toEqual(['https://www.epa.example.ie/water/methodology']);
    expect(d.conformsTo).toEqual(['http://inspire.ec.europa.eu/id/document/tg/hy']);
    expect(d.version).toBe('2.1');
    expect(d.keywords).toEqual([{ value: 'water quality' }, { value: 'rivers' }, { value: 'WFD' }]);
  });

  it('reads temporal and spatial extras (GeoJSON geometry, its bbox, spatial_uri)', () => {
    expect(d.temporal).toEqual([{ start: '2023-01-01', end: '2023-12-31' }]);
    expect(d.spatial).toHaveLength(1);
    expect(d.spatial[0]!.bbox).toEqual([-10.66, 51.42, -5.99, 55.39]);
    expect(d.spatial[0]!.geometry?.type).toBe('Polygon');
    expect(d.spatial[0]!.uri).toBe(`${NAL}country/IRL`);
  });

  it('resolves the licence and puts it on every distribution without one', () => {
    expect(d.license).toEqual({ uri: `${NAL}licence/CC_BY_4_0`, label: 'Creative Commons Attribution 4.0' });
    expect(d.distributions.map((x) => x.license?.uri)).toEqual([`${NAL}licence/CC_BY_4_0`, `${NAL}licence/CC_BY_4_0`, `${NAL}licence/CC_BYSA_4_0`]);
  });

  it('maps resources to distributions, skipping deleted ones', () => {
    expect(d.distributions.map((x) => x.remoteId)).toEqual([
      'e3f0a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b',
      'f4a1b2c3-d4e5-4f60-9b0c-1d2e3f4a5b6c',
      'a5b6c7d8-e9f0-4a1b-8c2d-3e4f5a6b7c8d',
    ]);
    const [csv, wms, pdf] = d.distributions;
    const upload = 'https://data.example.ie/dataset/5b1b3b8e-9c0e-4f0b-8d1c-2f0c6a7d9e01/resource/e3f0a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b/download/rwq-2023.csv';
    expect(csv!.accessURL).toEqual([upload]);
    expect(csv!.downloadURL).toEqual([upload]);
    expect(csv!.format?.uri).toBe(`${NAL}file-type/CSV`);
    expect(csv!.mediaType).toBe('text/csv');
    expect(csv!.byteSize).toBe(4829113);
    // No hash_algorithm: 32 hex digits is MD5; the value is lower-cased.
    expect(csv!.checksum).toEqual({ algorithm: 'http://spdx.org/rdf/terms#checksumAlgorithm_md5', value: '9e107d9d372bb6826bd81d3542a419d6' });
    expect(csv!.issued).toBe('2023-03-15T10:02:11.482Z');
    expect(csv!.modified).toBe('2024-01-31T16:59:02.000Z');
    expect(wms!.format?.uri).toBe(`${NAL}file-type/WMS_SRVC`);
    expect(wms!.accessService?.conformsTo).toEqual(['http://www.opengis.net/def/serviceType/ogc/wms']);
    expect(wms!.downloadURL).toEqual([]);
    expect(wms!.checksum).toBeUndefined();
    expect(pdf!.accessURL).toEqual(['https://www.epa.example.ie/water/methodology']);
    expect(pdf!.downloadURL).toEqual(['https://www.epa.example.ie/water/methodology.pdf']);
    expect(pdf!.format?.uri).toBe(`${NAL}file-type/PDF`);
    expect(pdf!.byteSize).toBeUndefined(); // size "-1"
    expect(pdf!.checksum).toEqual({ algorithm: 'http://spdx.org/rdf/terms#checksumAlgorithm_sha256', value: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' });
  });

  it('keeps unknown extras as ckan:<key>, and nothing it mapped', () => {
    expect(d.extras).toEqual({ 'ckan:name': 'river-water-quality-monitoring-2023', 'ckan:station_count': '1200' });
  });
});

describe('normaliseCkanPackage: multilingual scheming package', () => {
  const d = normaliseCkanPackage(packageFixture('package-show-scheming-multilingual.json'), context()).dataset;

  it('reads *_translated dicts as language-tagged texts, dropping empty translations', () => {
    expect(d.title).toEqual([
      { value: 'Luftqualität: Messstationen', lang: 'de' },
      { value: "Qualité de l'air : stations de mesure", lang: 'fr' },
      { value: 'Air quality: monitoring stations', lang: 'en' },
    ]);
    expect(d.description.map((t) => t.lang)).toEqual(['de', 'fr', 'en']);
    expect(d.keywords).toContainEqual({ value: 'Umwelt', lang: 'de' });
    expect(d.keywords).toContainEqual({ value: 'environnement', lang: 'fr' });
    expect(d.keywords).toHaveLength(6);
  });

  it('reads scheming top-level fields: publisher and contact subfields, language list, temporal years', () => {
    expect(d.publisher?.name).toEqual([{ value: 'Bundesamt für Umwelt BAFU' }]);
    expect(d.publisher?.email).toBe('info@bafu.example.ch');
    expect(d.contactPoints).toEqual([
      { name: 'Sektion Luftqualität', email: 'luft@bafu.example.ch' },
      { name: 'Service de presse', email: 'presse@bafu.example.ch' },
    ]);
    expect(d.languages).toEqual([`${NAL}language/DEU`, `${NAL}language/FRA`, `${NAL}language/ENG`]);
    expect(d.temporal).toEqual([{ start: '2010', end: '2024-04' }]);
    expect(d.spatial).toEqual([{ uri: `${NAL}country/CHE`, label: [{ value: 'Schweiz' }] }]);
    expect(d.themes[0]?.uri).toBe(`${NAL}data-theme/ENVI`);
    expect(d.license?.uri).toBe(`${NAL}licence/ODC_ODBL`);
  });

  it('reads a resource hash with an SPDX algorithm IRI and a decimal size', () => {
    const dist = d.distributions[0]!;
    expect(dist.checksum).toEqual({ algorithm: 'http://spdx.org/rdf/terms#checksumAlgorithm_md5', value: '5d41402abc4b2a76b9719d911017c592' });
    expect(dist.byteSize).toBe(23145);
    expect(dist.format?.uri).toBe(`${NAL}file-type/GEOJSON`);
    expect(dist.license?.uri).toBe(`${NAL}licence/CC_BY_4_0`);
    expect(dist.languages).toEqual([`${NAL}language/DEU`, `${NAL}language/FRA`]);
  });

  it('tags untagged texts with the configured site language only', () => {
    const pkg = { ...packageFixture('package-show-dcat-legacy.json') };
    const tagged = normaliseCkanPackage(pkg, context(undefined, { language: 'en' })).dataset;
    expect(tagged.title).toEqual([{ value: 'River Water Quality Monitoring 2023', lang: 'en' }]);
  });
});

describe('normaliseCkanPackage: a package the site harvested with ckanext-spatial', () => {
  const out = normaliseCkanPackage(packageFixture('package-show-harvested-spatial.json'), context('https://geo.example.fr/'));
  const d = out.dataset;

  it('gives the chain a first hop with the upstream catalogue, record id, record URL and metadata date', () => {
    expect(out.chain).toEqual([
      {
        role: 'origin',
        catalog: { title: 'GéoGrandEst CSW', url: 'https://www.geograndest.example.fr/geonetwork/srv/fre/csw' },
        recordId: 'fr-120066022-ldd-4b7e1a9c-5d2f-4e8a-9b1c-0d3e5f7a9b2c',
        recordUrl: 'https://www.geograndest.example.fr/geonetwork/srv/api/records/fr-120066022-ldd-4b7e1a9c-5d2f-4e8a-9b1c-0d3e5f7a9b2c/formatters/xml',
        modified: '2024-02-28T09:14:00.000Z',
        protocol: 'iso19139',
      },
    ]);
    expect(out.remoteUrl).toBe('https://geo.example.fr/dataset/zones-naturelles-interet-ecologique-znieff-type-1');
  });

  it('uses the ISO fileIdentifier (guid) as identifier and keeps harvest ids as extras', () => {
    expect(d.identifiers).toEqual(['fr-120066022-ldd-4b7e1a9c-5d2f-4e8a-9b1c-0d3e5f7a9b2c']);
    expect(d.extras['ckan:harvest_object_id']).toBe('6f1e2d3c-9a8b-4c7d-8e6f-5a4b3c2d1e0f');
    expect(d.extras['ckan:harvest_source_id']).toBe('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
    expect(d.extras['ckan:spatial-reference-system']).toBe('EPSG:2154');
    expect(Object.keys(d.extras).filter((k) => k.startsWith('ckan:bbox') || k.startsWith('ckan:harvest_source_t'))).toEqual([]);
  });

  it('strips HTML from notes, reads lineage, frequency-of-update, temporal-extent and the ISO licence', () => {
    expect(d.description).toEqual([{ value: 'Inventaire des ZNIEFF de type 1.\nMise à jour annuelle.' }]);
    expect(d.provenance).toEqual([{ value: 'Numérisation à partir des inventaires régionaux validés par le CSRPN.' }]);
    expect(d.accrualPeriodicity).toEqual({ uri: `${NAL}frequency/ANNUAL`, notation: 'annually' });
    expect(d.temporal).toEqual([{ start: '1982' }]);
    expect(d.license).toEqual({ uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', label: 'Licence Ouverte / Open Licence version 2.0' });
    expect(d.rights).toEqual([{ value: 'License not specified' }]);
    expect(d.accessRights).toEqual({ label: [{ value: "Pas de restriction d'accès public" }], notation: "Pas de restriction d'accès public" });
  });

  it('reads responsible-party roles and the organisation as publisher', () => {
    expect(d.publisher?.uri).toBe('https://geo.example.fr/organization/dreal-grand-est');
    expect(d.contactPoints).toEqual([{ organisation: 'DREAL Grand Est' }]);
    expect(d.attributions).toEqual([{ agent: { name: [{ value: 'DREAL Grand Est' }] }, role: 'owner' }]);
  });

  it('models OGC resources as access services and guesses a format from the URL extension', () => {
    const [wfs, zip] = d.distributions;
    expect(wfs!.accessService?.protocol).toBe('OGC:WFS');
    expect(wfs!.format?.uri).toBe(`${NAL}file-type/WFS_SRVC`);
    expect(zip!.format?.uri).toBe(`${NAL}file-type/ZIP`);
    expect(zip!.mediaType).toBe('application/zip');
  });
});

describe('normaliseCkanPackage: catalog.data.gov package (ckanext-datajson)', () => {
  const out = normaliseCkanPackage(packageFixture('package-show-datagov.json'), context('https://catalog.data.example.gov'));
  const d = out.dataset;

  it('reads the datajson extras: publisher text, accessLevel, R/P1Y, start/end interval, W,S,E,N box', () => {
    expect(d.publisher).toEqual({ name: [{ value: 'Federal Highway Administration' }] });
    expect(d.accessRights?.uri).toBe(`${NAL}access-right/PUBLIC`);
    expect(d.accrualPeriodicity?.uri).toBe(`${NAL}frequency/ANNUAL`);
    expect(d.temporal).toEqual([{ start: '1992-01-01', end: '2024-12-31' }]);
    expect(d.spatial[0]!.bbox).toEqual([-179.23, 17.67, -65.22, 71.44]);
    expect(d.landingPages).toEqual(['https://data.dot.example.gov/d/7k4x-bxme']);
    expect(d.license?.uri).toBe(`${NAL}licence/PDM_1_0`);
  });

  it('chains to the data.json source with the data.json identifier as record id', () => {
    expect(out.chain).toEqual([{ role: 'origin', catalog: { title: 'DOT JSON' }, recordId: 'https://data.dot.example.gov/api/views/7k4x-bxme', protocol: 'datajson' }]);
  });
});

describe('normaliseCkanPackage: bad and unwanted packages', () => {
  const base = packageFixture('package-show-dcat-legacy.json');

  it('refuses a package without id or title, naming what is missing', () => {
    const { id: _id, ...noId } = base;
    expect(() => normaliseCkanPackage(noId, context())).toThrow(InvalidRecord);
    expect(() => normaliseCkanPackage(noId, context())).toThrow('CKAN package river-water-quality-monitoring-2023 has no id');
    expect(() => normaliseCkanPackage({ ...base, title: '  ' }, context())).toThrow('CKAN package 5b1b3b8e-9c0e-4f0b-8d1c-2f0c6a7d9e01 has no title');
    expect(() => normaliseCkanPackage({}, context())).toThrow('has no id and no title');
  });

  it('skips harvest sources, showcases and deleted packages', () => {
    expect(() => normaliseCkanPackage({ ...base, type: 'harvest' }, context())).toThrow(SkipRecord);
    expect(() => normaliseCkanPackage({ ...base, type: 'showcase' }, context())).toThrow(SkipRecord);
    expect(() => normaliseCkanPackage({ ...base, state: 'deleted' }, context())).toThrow(SkipRecord);
  });

  it('gives a resource without URL its page on the site as access URL', () => {
    const pkg = { ...base, resources: [{ id: 'r1', name: 'No URL', url: '', format: 'CSV' }] };
    const dist = normaliseCkanPackage(pkg, context()).dataset.distributions[0]!;
    expect(dist.accessURL).toEqual(['https://data.example.ie/dataset/river-water-quality-monitoring-2023/resource/r1']);
  });
});
