import { completeChain, emptyDataset, emptyDistribution, type Dataset } from '@moisson/core';
import type { CatalogEntry } from '../src/index.js';

export const OPTIONS = { publicUrl: 'https://moisson.example.org/', catalogTitle: 'Moisson Occitanie' };

const EU = 'http://publications.europa.eu/resource/authority/';

/** A CKAN dataset harvested by a regional portal from data.gouv.fr, which had it from the producer. */
export function ckanDataset(): Dataset {
  const d = emptyDataset();
  d.uri = 'https://www.data.gouv.fr/datasets/5f1c2d3e4a5b6c7d8e9f0a1b';
  d.identifiers = ['5f1c2d3e4a5b6c7d8e9f0a1b'];
  d.otherIdentifiers = [{ notation: '10.5281/zenodo.123456', scheme: 'doi' }];
  d.title = [
    { value: 'Qualité des eaux de baignade 2023', lang: 'fr' },
    { value: 'Bathing water quality 2023', lang: 'en' },
  ];
  d.description = [{ value: 'Résultats des prélèvements "ARS" <2023> & contrôles', lang: 'fr' }];
  d.keywords = [
    { value: 'eau', lang: 'fr' },
    { value: 'water', lang: 'en' },
  ];
  d.themes = [
    { uri: `${EU}data-theme/ENVI`, label: [{ value: 'Environnement', lang: 'fr' }], scheme: `${EU}data-theme` },
    { label: [{ value: 'Baignade', lang: 'fr' }] },
  ];
  d.publisher = {
    uri: 'https://www.data.gouv.fr/organizations/ars-occitanie/',
    name: [{ value: 'ARS Occitanie' }],
    email: 'open-data@ars.sante.fr',
    type: 'http://purl.org/adms/publishertype/NationalAuthority',
  };
  d.contactPoints = [{ name: 'Service santé-environnement', email: 'ars-oc-dsp@ars.sante.fr', phone: '+33 4 67 07 20 07' }];
  d.attributions = [{ agent: { name: [{ value: 'Observatoire régional de santé' }] }, role: 'originator' }];
  d.license = { uri: `${EU}licence/CC_BY_4_0`, label: 'cc-by' };
  d.issued = '2023-06-01';
  d.modified = '2024-01-15T08:30:00.000Z';
  d.languages = [`${EU}language/FRA`];
  d.landingPages = ['https://www.data.gouv.fr/fr/datasets/qualite-des-eaux-de-baignade-2023/'];
  d.accrualPeriodicity = { uri: `${EU}frequency/ANNUAL` };
  d.spatial = [{ bbox: [-0.33, 42.33, 4.85, 45.05], label: [{ value: 'Occitanie', lang: 'fr' }] }];
  d.temporal = [{ start: '2023-05', end: '2023-09-30' }];
  d.version = '2.1';
  const csv = emptyDistribution();
  csv.uri = 'https://www.data.gouv.fr/datasets/r/0a1b2c3d-0000-4000-8000-000000000001';
  csv.title = [{ value: 'Résultats 2023 (CSV)', lang: 'fr' }];
  csv.downloadURL = ['https://static.data.gouv.fr/resources/baignade/2023.csv'];
  csv.format = { uri: `${EU}file-type/CSV`, label: [{ value: 'CSV' }] };
  csv.mediaType = 'text/csv; charset=utf-8';
  csv.byteSize = 482133;
  csv.checksum = { algorithm: 'http://spdx.org/rdf/terms#checksumAlgorithm_sha256', value: 'A3F1C0DE00FF' };
  csv.modified = '2024-01-15';
  const map = emptyDistribution();
  map.title = [{ value: 'Carte des sites', lang: 'fr' }];
  map.accessURL = ['https://carto.example.fr/wms?SERVICE=WMS&REQUEST=GetCapabilities'];
  map.license = { label: 'Licence propre au producteur' };
  map.accessService = {
    endpointURL: ['https://carto.example.fr/wms'],
    protocol: 'OGC:WMS',
    conformsTo: ['http://www.opengis.net/def/serviceType/ogc/wms'],
  };
  d.distributions = [csv, map];
  return d;
}

export function ckanEntry(): CatalogEntry {
  const source = { id: 'occitanie', name: 'Open Data Occitanie', url: 'https://data.laregion.fr', protocol: 'ckan' };
  const upstream = [
    {
      catalog: { title: 'Catalogue ARS', url: 'https://opendata.ars.sante.fr' },
      recordId: 'baignade-2023',
      recordUrl: 'https://opendata.ars.sante.fr/records/baignade-2023',
      modified: '2023-12-20',
      protocol: 'dcat',
      publisher: { name: [{ value: 'ARS Occitanie' }] },
    },
    {
      catalog: { title: 'data.gouv.fr', url: 'https://www.data.gouv.fr' },
      recordId: '5f1c2d3e4a5b6c7d8e9f0a1b',
      recordUrl: 'https://www.data.gouv.fr/api/1/datasets/5f1c2d3e4a5b6c7d8e9f0a1b/',
      harvestedAt: '2024-01-15T09:00:00.000Z',
      protocol: 'ckan',
    },
  ];
  const chain = completeChain(
    upstream,
    {
      source,
      remoteId: 'qualite-eaux-baignade-2023',
      remoteUrl: 'https://data.laregion.fr/dataset/qualite-eaux-baignade-2023',
      remoteModified: '2024-01-16T10:00:00Z',
      firstSeen: '2024-01-17T03:00:00.000Z',
      lastChanged: '2024-02-01T03:00:00.000Z',
      lastSeen: '2024-03-01T03:00:00.000Z',
    },
    { title: 'Moisson Occitanie', url: 'https://moisson.example.org/catalog', recordId: '42' },
  );
  return {
    id: '42',
    dataset: ckanDataset(),
    chain,
    firstSeen: '2024-01-17T03:00:00.000Z',
    lastChanged: '2024-02-01T03:00:00.000Z',
    status: 'active',
    source,
  };
}

/** A bare record: no description, no URI, no distributions' access URL but a download URL, a GML-ish service. */
export function minimalEntry(): CatalogEntry {
  const d = emptyDataset();
  d.title = [{ value: 'Stations météo' }];
  const dist = emptyDistribution();
  dist.downloadURL = ['https://example.org/stations.zip'];
  dist.byteSize = 12.5;
  d.distributions = [dist, emptyDistribution()];
  d.inSeries = ['FR-ISO-PARENT-0001'];
  d.temporal = [{ start: '2020' }, { label: 'depuis toujours' }];
  return {
    id: 'src-2/abc def',
    dataset: d,
    chain: [{ role: 'source', catalog: { title: 'GéoBretagne', url: 'https://geobretagne.fr/geonetwork/srv/eng/csw' }, recordId: 'abc def', protocol: 'csw' }],
    firstSeen: '2024-05-01T00:00:00.000Z',
    lastChanged: '2024-05-01T00:00:00.000Z',
    status: 'created',
    source: { id: 'src-2', name: 'GéoBretagne', url: 'https://geobretagne.fr/geonetwork/srv/eng/csw', protocol: 'csw' },
  };
}

/** A harvested WMS service (`kind: 'DataService'`). */
export function serviceEntry(): CatalogEntry {
  const d = emptyDataset('DataService');
  d.uri = 'urn:uuid:1b2c3d4e-0000-4000-8000-00000000abcd';
  d.title = [{ value: 'Service de visualisation INSPIRE', lang: 'fr' }];
  d.description = [{ value: 'WMS des couches régionales', lang: 'fr' }];
  d.service = { endpointURL: ['https://geo.example.fr/wms'], endpointDescription: 'https://geo.example.fr/wms?request=GetCapabilities&service=WMS', protocol: 'OGC:WMS' };
  d.license = { uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', label: 'Licence Ouverte' };
  d.accessRights = { uri: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' };
  d.spatial = [{ uri: 'http://publications.europa.eu/resource/authority/country/FRA' }];
  return {
    id: 'svc-1',
    dataset: d,
    chain: [],
    firstSeen: '2024-05-01T00:00:00.000Z',
    lastChanged: '2024-06-01T00:00:00.000Z',
    status: 'archived',
    source: { id: 'geo', name: 'Géo-IDE', url: 'https://geo.example.fr/csw', protocol: 'csw' },
  };
}
