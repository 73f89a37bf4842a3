import { describe, expect, it } from 'vitest';
import { InvalidRecord } from '@moisson/core';
import { odsHarvester } from '@moisson/harvester-ods';
import { ctx, datasetsOf, PORTAL } from './helpers.js';

const v2 = datasetsOf('v21-catalog-page.json');
const v1 = datasetsOf('v1-search.json');
const normalise = (raw: Record<string, unknown>, url?: string) => odsHarvester.normalise(raw, ctx(url));
const EXPORTS = `${PORTAL}/api/explore/v2.1/catalog/datasets`;
const ETALAB = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence';
const NAL = 'http://publications.europa.eu/resource/authority/';

describe('normalise: a v2.1 geo dataset with dcat and inspire metas', () => {
  const record = normalise(v2.get('arbres-remarquables')!);
  const d = record.dataset;

  it('keys the record on dataset_id and points at the explore page', () => {
    expect(record.remoteId).toBe('arbres-remarquables');
    expect(record.remoteUrl).toBe(`${PORTAL}/explore/dataset/arbres-remarquables/`);
    expect(record.remoteModified).toBe('2024-03-19T06:01:02.000Z');
    expect(d.uri).toBe(`${PORTAL}/explore/dataset/arbres-remarquables/`);
    expect(d.identifiers).toEqual([`${PORTAL}/explore/dataset/arbres-remarquables/`]);
    expect(d.landingPages).toEqual([`${PORTAL}/explore/dataset/arbres-remarquables/`]);
    expect(d.otherIdentifiers).toEqual([
      { notation: 'arbres-remarquables', scheme: 'ods', creator: 'data.metropole-exemple.fr' },
      { notation: 'da_7x3k9q', scheme: 'ods-uid', creator: 'data.metropole-exemple.fr' },
      { notation: 'fr-244400404-arbres-remarquables', scheme: 'inspire' },
    ]);
    expect(record.chain).toEqual([]);
  });

  it('tags title, description and keywords with the dataset language, HTML made plain and kept', () => {
    expect(d.title).toEqual([{ value: 'Arbres remarquables', lang: 'fr' }]);
    expect(d.description).toEqual([
      { value: 'Inventaire des arbres remarquables de la métropole.\nMis à jour chaque année par la direction des espaces verts.', lang: 'fr' },
    ]);
    expect(d.extras['ods:description_html']).toMatch(/^<p>Inventaire des <strong>arbres/);
    expect(d.keywords.map((k) => k.value)).toEqual(['arbre', 'patrimoine naturel', 'espaces verts']);
    expect(d.languages).toEqual([`${NAL}language/FRA`]);
  });

  it('maps ODS default themes (commas and all) to EU data themes and keeps the INSPIRE theme', () => {
    expect(d.themes).toEqual([
      { uri: `${NAL}data-theme/ENVI`, scheme: `${NAL}data-theme`, label: [{ value: 'Environnement', lang: 'fr' }], notation: 'Environnement' },
      {
        uri: `${NAL}data-theme/REGI`,
        scheme: `${NAL}data-theme`,
        label: [{ value: 'Aménagement du territoire, Urbanisme, Bâtiments, Equipements, Logement', lang: 'fr' }],
        notation: 'Aménagement du territoire, Urbanisme, Bâtiments, Equipements, Logement',
      },
      { label: [{ value: 'Répartition des espèces' }], notation: 'Répartition des espèces', scheme: 'http://inspire.ec.europa.eu/theme' },
    ]);
  });

  it('resolves the licence from license_url and keeps the ODS text', () => {
    expect(d.license).toEqual({ uri: ETALAB, label: 'Licence Ouverte v2.0 (Etalab)' });
  });

  it('reads the parties: publisher, dcat creator and contributors, dcat and inspire contacts', () => {
    expect(d.publisher).toEqual({ name: [{ value: 'Métropole Exemple - Direction des espaces verts' }] });
    expect(d.creators).toEqual([{ name: [{ value: 'Direction des espaces verts' }] }]);
    expect(d.attributions).toEqual([
      { agent: { name: [{ value: 'Service SIG' }] }, role: 'contributor' },
      { agent: { name: [{ value: 'Service Patrimoine' }] }, role: 'contributor' },
    ]);
    expect(d.contactPoints).toEqual([
      { name: 'Service Open Data', email: 'opendata@metropole-exemple.fr' },
      { name: 'Jeanne Martin', email: 'sig@metropole-exemple.fr' },
    ]);
  });

  it('reads dates, frequency, temporal range, references and data quality', () => {
    expect(d.modified).toBe('2024-03-18T09:12:44.000Z');
    expect(d.issued).toBe('2016-06-01T00:00:00.000Z');
    expect(d.extras['ods:created']).toBe('2016-05-02');
    expect(d.accrualPeriodicity).toEqual({ uri: `${NAL}frequency/ANNUAL`, notation: 'Annuelle' });
    expect(d.temporal).toEqual([{ start: '2015', end: '2023' }]);
    expect(d.pages).toEqual(['https://www.metropole-exemple.fr/nature/arbres-remarquables']);
    expect(d.provenance).toEqual([{ value: 'Relevés terrain vérifiés par un arboriste.', lang: 'fr' }]);
    expect(d.type).toEqual({ notation: 'dataset', label: [{ value: 'dataset' }], scheme: 'http://inspire.ec.europa.eu/metadata-codelist/ResourceType' });
  });

  it('puts the INSPIRE box, the ODS bbox Feature and the named places in spatial', () => {
    expect(d.spatial).toEqual([
      { bbox: [-1.73, 47.13, -1.41, 47.3] },
      { bbox: [-1.7257, 47.1398, -1.4134, 47.2951] },
      { label: [{ value: 'Loire-Atlantique', lang: 'fr' }] },
      { label: [{ value: 'Métropole Exemple', lang: 'fr' }] },
    ]);
  });

  it('keeps the ODS-only values as namespaced extras', () => {
    expect(d.extras).toMatchObject({
      'ods:records_count': 412,
      'ods:features': ['analyze', 'geo', 'timeserie'],
      'ods:timezone': 'Europe/Paris',
      'ods:data_processed': '2024-03-18T09:12:40.512Z',
      'ods:metadata_processed': '2024-03-19T06:01:02.000Z',
      'ods:geographic_reference': ['fr_40_44'],
      'ods:granularity': 'Arbre',
    });
  });

  it('offers every export, the geo ones included, then the alternative export and the attachment', () => {
    expect(d.distributions.map((x) => [x.remoteId, x.downloadURL[0], x.mediaType, x.format?.uri])).toEqual([
      ['export:csv', `${EXPORTS}/arbres-remarquables/exports/csv`, 'text/csv', `${NAL}file-type/CSV`],
      ['export:json', `${EXPORTS}/arbres-remarquables/exports/json`, 'application/json', `${NAL}file-type/JSON`],
      ['export:xlsx', `${EXPORTS}/arbres-remarquables/exports/xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${NAL}file-type/XLSX`],
      ['export:parquet', `${EXPORTS}/arbres-remarquables/exports/parquet`, 'application/vnd.apache.parquet', `${NAL}file-type/PARQUET`],
      ['export:geojson', `${EXPORTS}/arbres-remarquables/exports/geojson`, 'application/geo+json', `${NAL}file-type/GEOJSON`],
      ['export:shp', `${EXPORTS}/arbres-remarquables/exports/shp`, 'application/x-shapefile', `${NAL}file-type/SHP`],
      ['export:kml', `${EXPORTS}/arbres-remarquables/exports/kml`, 'application/vnd.google-earth.kml+xml', `${NAL}file-type/KML`],
      ['alternative_export:arbres_2023_zip', `${EXPORTS}/arbres-remarquables/alternative_exports/arbres_2023_zip`, 'application/zip', `${NAL}file-type/ZIP`],
      ['attachment:notice_arbres_pdf', `${EXPORTS}/arbres-remarquables/attachments/notice_arbres_pdf`, 'application/pdf', `${NAL}file-type/PDF`],
    ]);
    const csv = d.distributions[0]!;
    expect(csv.title).toEqual([{ value: 'Export CSV' }]);
    expect(csv.accessURL).toEqual(csv.downloadURL);
    expect(csv.license).toEqual({ uri: ETALAB, label: 'Licence Ouverte v2.0 (Etalab)' });
    expect(csv.modified).toBe('2024-03-18T09:12:40.512Z');
    expect(d.distributions[7]!.description).toEqual([{ value: 'Inventaire complet, photos comprises' }]);
  });
});

describe('normalise: a v2.1 tabular dataset', () => {
  const d = normalise(v2.get('budget-primitif-2024')!).dataset;

  it('offers no geo export without the geo feature', () => {
    expect(d.distributions.map((x) => x.remoteId)).toEqual(['export:csv', 'export:json', 'export:xlsx', 'export:parquet']);
    expect(d.distributions.every((x) => x.license?.uri === `${NAL}licence/ODC_ODBL`)).toBe(true);
  });

  it('splits a portal theme that is not an ODS default, decodes entities, keeps text references as provenance', () => {
    expect(d.themes.map((t) => [t.uri, t.notation])).toEqual([
      [`${NAL}data-theme/GOVE`, 'Administration, Gouvernement, Finances publiques, Citoyenneté'],
      [undefined, 'Budget'],
      [undefined, 'Comptes publics'],
    ]);
    expect(d.description).toEqual([{ value: 'Budget primitif voté le 15 décembre 2023 & ses annexes.', lang: 'fr' }]);
    expect(d.keywords).toEqual([{ value: 'budget', lang: 'fr' }]);
    expect(d.pages).toEqual([]);
    expect(d.provenance).toEqual([{ value: 'Délibération n° 2023-512 du conseil métropolitain', lang: 'fr' }]);
  });

  it('strips mailto: from the contact, keeps an unknown frequency and period as text', () => {
    expect(d.contactPoints).toEqual([{ name: 'Direction des finances', email: 'finances@metropole-exemple.fr' }]);
    expect(d.accrualPeriodicity).toEqual({ notation: 'tous les ans en décembre', label: [{ value: 'tous les ans en décembre' }] });
    expect(d.temporal).toEqual([{ label: 'Exercice budgétaire 2024' }]);
  });
});

describe('normalise: a federated dataset', () => {
  const record = normalise(v2.get('indice-qualite-de-lair@atmo-hdf')!);
  const d = record.dataset;

  it('gets an origin hop for the ODS domain it comes from, merged with the same-domain reference', () => {
    expect(record.chain).toEqual([
      {
        catalog: { url: 'https://data-atmo-hdf.opendatasoft.com', title: 'Atmo Hauts-de-France - Open data' },
        recordId: 'indice-qualite-de-lair',
        recordUrl: 'https://data-atmo-hdf.opendatasoft.com/explore/dataset/indice-qualite-de-lair/',
        protocol: 'ods',
        publisher: { name: [{ value: 'Atmo Hauts-de-France' }] },
        role: 'origin',
      },
    ]);
    expect(d.otherIdentifiers).toContainEqual({
      notation: 'https://data-atmo-hdf.opendatasoft.com/explore/dataset/indice-qualite-de-lair/',
      scheme: 'url',
      creator: 'data-atmo-hdf.opendatasoft.com',
    });
    expect(d.extras['ods:federated']).toBe(true);
  });

  it('keeps attributions as rights and originators, and the reference as a page', () => {
    expect(d.rights).toEqual([{ value: 'Atmo Hauts-de-France' }, { value: '© OpenStreetMap contributors' }]);
    expect(d.attributions).toEqual([
      { agent: { name: [{ value: 'Atmo Hauts-de-France' }] }, role: 'originator' },
      { agent: { name: [{ value: '© OpenStreetMap contributors' }] }, role: 'originator' },
    ]);
    expect(d.pages).toEqual(['https://data-atmo-hdf.opendatasoft.com/explore/dataset/indice-qualite-de-lair/']);
  });

  it('drops the shapefile export above 50,000 records and escapes the @ of the id', () => {
    expect(d.distributions.map((x) => x.remoteId)).toEqual([
      'export:csv', 'export:json', 'export:xlsx', 'export:parquet', 'export:geojson', 'export:kml',
    ]);
    expect(d.distributions[0]!.downloadURL).toEqual([`${EXPORTS}/indice-qualite-de-lair%40atmo-hdf/exports/csv`]);
    expect(d.license).toEqual({ uri: `${NAL}licence/ODC_ODBL`, label: 'ODbL' });
  });
});

describe('normalise: a dataset with no records', () => {
  const d = normalise(v2.get('plan-local-urbanisme-reglement')!).dataset;

  it('offers its attachment only, keeps an unknown licence as text, and a plain date as is', () => {
    expect(d.distributions.map((x) => [x.remoteId, x.downloadURL[0], x.mediaType])).toEqual([
      ['attachment:reglement_plu_pdf', `${EXPORTS}/plan-local-urbanisme-reglement/attachments/reglement_plu_pdf`, 'application/pdf'],
    ]);
    expect(d.license).toEqual({ label: 'Licence inconnue de la collectivité' });
    expect(d.modified).toBe('2022-07-01');
    expect(d.description).toEqual([]);
    expect(d.themes).toEqual([]);
    expect(d.publisher).toBeUndefined();
  });
});

describe('normalise: v1 search hits', () => {
  const url = 'https://vieux-portail.opendatasoft.com/api/datasets/1.0/search/';
  const VIEUX = 'https://vieux-portail.opendatasoft.com';

  it('reads flat metas, a comma-joined keyword string, a default theme string and v1 download URLs', () => {
    const record = normalise(v1.get('stationnements-velos')!, url);
    const d = record.dataset;
    expect(record.remoteId).toBe('stationnements-velos');
    expect(record.remoteUrl).toBe(`${VIEUX}/explore/dataset/stationnements-velos/`);
    expect(record.remoteModified).toBe('2019-08-03T12:55:00.000Z');
    expect(d.title).toEqual([{ value: 'Stationnements vélos', lang: 'fr' }]);
    expect(d.keywords.map((k) => k.value)).toEqual(['vélo', 'stationnement']);
    expect(d.themes.map((t) => t.uri)).toEqual([`${NAL}data-theme/TRAN`]);
    expect(d.license).toEqual({ uri: ETALAB, label: 'Licence Ouverte (Etalab)' });
    expect(d.pages).toEqual(['http://www.vieuxbourg.fr/velo']);
    expect(d.extras['ods:api']).toBe('v1');
    expect(d.distributions.map((x) => [x.remoteId, x.downloadURL[0]])).toEqual([
      ['export:csv', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=csv`],
      ['export:json', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=json`],
      ['export:xls', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=xls`],
      ['export:geojson', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=geojson`],
      ['export:shp', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=shp`],
      ['export:kml', `${VIEUX}/api/records/1.0/download/?dataset=stationnements-velos&format=kml`],
      ['alternative_export:gtfs_zip', `${VIEUX}/api/datasets/1.0/stationnements-velos/alternative_exports/gtfs_zip`],
    ]);
  });

  it('reads interop_metas.inspire: the extended bounding box, the contact, the file identifier', () => {
    const d = normalise(v1.get('zones-inondables')!, url).dataset;
    expect(d.spatial).toEqual([{ bbox: [0.1568, 46.4944, 0.5084, 46.6848] }]);
    expect(d.contactPoints).toEqual([{ name: 'ACME Géomatique', email: 'sig@acme.example' }]);
    expect(d.otherIdentifiers).toContainEqual({ notation: '{73E5-A386709}', scheme: 'inspire' });
    expect(d.type?.notation).toBe('dataset');
  });

  it('turns a source_domain slug into an *.opendatasoft.com origin hop', () => {
    const record = normalise(v1.get('horaires-bus@transports-exemple')!, url);
    expect(record.chain).toEqual([
      {
        catalog: { url: 'https://transports-exemple.opendatasoft.com', title: 'Transports Exemple' },
        recordId: 'horaires-bus',
        recordUrl: 'https://transports-exemple.opendatasoft.com/explore/dataset/horaires-bus/',
        protocol: 'ods',
        role: 'origin',
      },
    ]);
    expect(record.dataset.distributions).toEqual([]);
  });
});

describe('normalise: what makes a record invalid', () => {
  it('refuses a dataset without dataset_id', () => {
    expect(() => normalise({ metas: { default: { title: 'x' } } })).toThrow(InvalidRecord);
  });

  it('refuses a dataset without a title, naming it', () => {
    const run = () => normalise({ dataset_id: 'sans-titre', metas: { default: { title: '  ' } } });
    expect(run).toThrow(InvalidRecord);
    expect(run).toThrow(/sans-titre/);
  });

  it('unwraps the v2.0 {dataset: {...}} listing form', () => {
    const record = normalise({ dataset: { dataset_id: 'ancien', metas: { default: { title: 'Ancien format' } } } });
    expect(record.remoteId).toBe('ancien');
    expect(record.dataset.title).toEqual([{ value: 'Ancien format' }]);
  });

  it('reads a references URL to another ODS portal as an upstream hop even when not federated', () => {
    const record = normalise({
      dataset_id: 'copie',
      metas: { default: { title: 'Copie', references: 'Source : https://data.autre-portail.fr/explore/dataset/original/ (2021).' } },
    });
    expect(record.chain).toEqual([
      {
        catalog: { url: 'https://data.autre-portail.fr' },
        recordId: 'original',
        recordUrl: 'https://data.autre-portail.fr/explore/dataset/original/',
        protocol: 'ods',
        role: 'origin',
      },
    ]);
    expect(record.dataset.pages).toEqual(['https://data.autre-portail.fr/explore/dataset/original/']);
    expect(record.dataset.provenance).toEqual([{ value: 'Source : https://data.autre-portail.fr/explore/dataset/original/ (2021).' }]);
  });
});
