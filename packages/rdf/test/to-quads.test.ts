import { describe, expect, it } from 'vitest';
import { datasetToQuads } from '../src/index.js';
import { ckanEntry, minimalEntry, OPTIONS, serviceEntry } from './entries.js';
import { objects, only, subjectsOfType } from './graph-helpers.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const PROV = 'http://www.w3.org/ns/prov#';
const ADMS = 'http://www.w3.org/ns/adms#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const SPDX = 'http://spdx.org/rdf/terms#';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const LOCN = 'http://www.w3.org/ns/locn#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const GSP = 'http://www.opengis.net/ont/geosparql#';
const EU = 'http://publications.europa.eu/resource/authority/';

const DS = 'https://www.data.gouv.fr/datasets/5f1c2d3e4a5b6c7d8e9f0a1b';
const CSV = 'https://www.data.gouv.fr/datasets/r/0a1b2c3d-0000-4000-8000-000000000001';
const MAP = `${DS}#distribution-2`;
const RECORD = 'https://moisson.example.org/records/42';

describe('datasetToQuads: a CKAN dataset', () => {
  const q = datasetToQuads(ckanEntry(), OPTIONS);

  it('keeps the upstream IRI and writes language-tagged free text', () => {
    expect(objects(q, DS, RDF_TYPE)).toEqual([`<${DCAT}Dataset>`]);
    expect(objects(q, DS, `${DCT}title`)).toEqual(['"Bathing water quality 2023"@en', '"Qualité des eaux de baignade 2023"@fr']);
    expect(objects(q, DS, `${DCAT}keyword`)).toEqual(['"Baignade"@fr', '"eau"@fr', '"water"@en']);
    expect(objects(q, DS, `${DCT}identifier`)).toEqual(['"5f1c2d3e4a5b6c7d8e9f0a1b"']);
  });

  it('writes vocabularies as IRIs and dates typed by their form', () => {
    expect(objects(q, DS, `${DCAT}theme`)).toEqual([`<${EU}data-theme/ENVI>`]);
    expect(objects(q, DS, `${DCT}language`)).toEqual([`<${EU}language/FRA>`]);
    expect(objects(q, DS, `${DCT}accrualPeriodicity`)).toEqual([`<${EU}frequency/ANNUAL>`]);
    expect(objects(q, DS, `${DCT}issued`)).toEqual([`"2023-06-01"^^<${XSD}date>`]);
    expect(objects(q, DS, `${DCT}modified`)).toEqual([`"2024-01-15T08:30:00.000Z"^^<${XSD}dateTime>`]);
    const period = only(q, DS, `${DCT}temporal`);
    expect(objects(q, period, `${DCAT}startDate`)).toEqual([`"2023-05"^^<${XSD}gYearMonth>`]);
    expect(objects(q, period, `${DCAT}endDate`)).toEqual([`"2023-09-30"^^<${XSD}date>`]);
  });

  it('writes the distributions with access URL, IANA media type, byte size, checksum and licences', () => {
    expect(objects(q, DS, `${DCAT}distribution`)).toEqual([`<${MAP}>`, `<${CSV}>`]);
    expect(objects(q, CSV, `${DCAT}accessURL`)).toEqual(['<https://static.data.gouv.fr/resources/baignade/2023.csv>']);
    expect(objects(q, CSV, `${DCAT}mediaType`)).toEqual(['<https://www.iana.org/assignments/media-types/text/csv>']);
    expect(objects(q, CSV, `${DCT}format`)).toEqual([`<${EU}file-type/CSV>`]);
    expect(objects(q, CSV, `${DCAT}byteSize`)).toEqual([`"482133"^^<${XSD}nonNegativeInteger>`]);
    expect(objects(q, CSV, `${DCT}license`)).toEqual([`<${EU}licence/CC_BY_4_0>`]);
    expect(objects(q, `${EU}licence/CC_BY_4_0`, RDF_TYPE)).toEqual([`<${DCT}LicenseDocument>`]);
    const sum = only(q, CSV, `${SPDX}checksum`);
    expect(objects(q, sum, `${SPDX}algorithm`)).toEqual([`<${SPDX}checksumAlgorithm_sha256>`]);
    expect(objects(q, sum, `${SPDX}checksumValue`)).toEqual([`"a3f1c0de00ff"^^<${XSD}hexBinary>`]);
    const own = only(q, MAP, `${DCT}license`);
    expect(own.termType).toBe('BlankNode');
    expect(objects(q, own, RDFS_LABEL)).toEqual(['"Licence propre au producteur"']);
    const service = only(q, MAP, `${DCAT}accessService`);
    expect(objects(q, service, `${DCAT}endpointURL`)).toEqual(['<https://carto.example.fr/wms>']);
    expect(objects(q, service, `${DCT}title`)).toEqual(['"OGC:WMS"']);
  });

  it('writes publisher, contact point and attributions', () => {
    const org = 'https://www.data.gouv.fr/organizations/ars-occitanie/';
    expect(objects(q, DS, `${DCT}publisher`)).toEqual([`<${org}>`]);
    expect(objects(q, org, `${FOAF}name`)).toEqual(['"ARS Occitanie"']);
    expect(objects(q, org, `${FOAF}mbox`)).toEqual(['<mailto:open-data@ars.sante.fr>']);
    const contact = only(q, DS, `${DCAT}contactPoint`);
    expect(objects(q, contact, RDF_TYPE)).toEqual([`<${VCARD}Kind>`]);
    expect(objects(q, contact, `${VCARD}hasEmail`)).toEqual(['<mailto:ars-oc-dsp@ars.sante.fr>']);
    expect(objects(q, contact, `${VCARD}hasTelephone`)).toEqual(['<tel:+33467072007>']);
    const attribution = only(q, DS, `${PROV}qualifiedAttribution`);
    expect(objects(q, attribution, `${DCAT}hadRole`)).toEqual(['<http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/originator>']);
  });

  it('writes the bbox as a WKT polygon and a GeoJSON geometry', () => {
    const place = only(q, DS, `${DCT}spatial`);
    expect(objects(q, place, `${DCAT}bbox`)).toEqual([`"POLYGON((-0.33 42.33,4.85 42.33,4.85 45.05,-0.33 45.05,-0.33 42.33))"^^<${GSP}wktLiteral>`]);
    expect(JSON.parse(only(q, place, `${LOCN}geometry`).value)).toEqual({ type: 'Polygon', coordinates: [[[-0.33, 42.33], [4.85, 42.33], [4.85, 45.05], [-0.33, 45.05], [-0.33, 42.33]]] });
  });
});

describe('datasetToQuads: the provenance chain', () => {
  const q = datasetToQuads(ckanEntry(), OPTIONS);

  it('writes our catalogue record with dates, profile and change type', () => {
    expect(objects(q, RECORD, RDF_TYPE)).toEqual([`<${DCAT}CatalogRecord>`]);
    expect(objects(q, RECORD, `${FOAF}primaryTopic`)).toEqual([`<${DS}>`]);
    expect(objects(q, RECORD, `${DCT}issued`)).toEqual([`"2024-01-17T03:00:00.000Z"^^<${XSD}dateTime>`]);
    expect(objects(q, RECORD, `${DCT}modified`)).toEqual([`"2024-02-01T03:00:00.000Z"^^<${XSD}dateTime>`]);
    expect(objects(q, RECORD, `${DCT}conformsTo`)).toEqual(['<https://semiceu.github.io/DCAT-AP/releases/3.0.1/>']);
    expect(objects(q, RECORD, `${ADMS}status`)).toEqual(['<http://purl.org/adms/changetype/updated>']);
  });

  it('writes our own hop in the shape of every other: record id and the catalogue it is part of', () => {
    expect(objects(q, RECORD, `${DCT}identifier`)).toEqual(['"42"']);
    expect(objects(q, RECORD, `${DCT}isPartOf`)).toEqual(['<https://moisson.example.org/catalog>']);
    expect(objects(q, 'https://moisson.example.org/catalog', `${DCT}title`)).toEqual(['"Moisson Occitanie"']);
    expect(objects(q, 'https://moisson.example.org/catalog', RDF_TYPE)).toContain(`<${DCAT}Catalog>`);
  });

  it('lists every identifier known, with the catalogue that gave it', () => {
    const ids = q
      .filter((x) => x.subject.value === RECORD && x.predicate.value === `${ADMS}identifier`)
      .map((x) => `${objects(q, x.object, `${SKOS}notation`)[0]} ${objects(q, x.object, `${DCT}creator`)[0] ?? ''}`.trim())
      .sort();
    expect(ids).toEqual([
      '"10.5281/zenodo.123456"^^<http://purl.org/spar/datacite/doi>',
      '"5f1c2d3e4a5b6c7d8e9f0a1b"',
      '"5f1c2d3e4a5b6c7d8e9f0a1b" <https://www.data.gouv.fr/>',
      '"baignade-2023" <https://opendata.ars.sante.fr/>',
      `"https://moisson.example.org/records/42"^^<${XSD}anyURI>`,
      `"https://www.data.gouv.fr/datasets/5f1c2d3e4a5b6c7d8e9f0a1b"^^<${XSD}anyURI>`,
      '"qualite-eaux-baignade-2023" <https://data.laregion.fr/>',
    ]);
  });

  it('follows dct:source from our record to the producer, one catalogue record per hop', () => {
    const source = only(q, RECORD, `${DCT}source`);
    expect(objects(q, RECORD, `${PROV}wasDerivedFrom`)).toEqual([`_:${source.value}`]);
    expect(objects(q, source, `${DCT}identifier`)).toEqual(['"qualite-eaux-baignade-2023"']);
    expect(objects(q, source, `${FOAF}page`)).toEqual(['<https://data.laregion.fr/dataset/qualite-eaux-baignade-2023>']);
    expect(objects(q, source, `${DCT}modified`)).toEqual([`"2024-01-16T10:00:00Z"^^<${XSD}dateTime>`]);
    expect(objects(q, source, `${DCT}isPartOf`)).toEqual(['<https://moisson.example.org/sources/occitanie>']);
    // The source's URL as configured, no slash added: a reader compares it as written.
    expect(objects(q, 'https://moisson.example.org/sources/occitanie', `${FOAF}homepage`)).toEqual(['<https://data.laregion.fr>']);

    const national = only(q, source, `${DCT}source`);
    expect(objects(q, national, `${DCT}identifier`)).toEqual(['"5f1c2d3e4a5b6c7d8e9f0a1b"']);
    expect(objects(q, national, `${DCT}isPartOf`)).toEqual(['<https://www.data.gouv.fr>']);
    expect(objects(q, 'https://www.data.gouv.fr', `${DCT}title`)).toEqual(['"data.gouv.fr"']);
    // No modified date given: the harvest date stands in for the mandatory one.
    expect(objects(q, national, `${DCT}modified`)).toEqual([`"2024-01-15T09:00:00.000Z"^^<${XSD}dateTime>`]);

    const origin = only(q, national, `${DCT}source`);
    expect(objects(q, origin, `${DCT}identifier`)).toEqual(['"baignade-2023"']);
    expect(objects(q, origin, `${DCT}source`)).toEqual([]);
    expect(objects(q, origin, `${DCT}conformsTo`)).toEqual(['<http://www.w3.org/ns/dcat#>']);
    const publisher = only(q, only(q, origin, `${PROV}qualifiedAttribution`), `${PROV}agent`);
    expect(objects(q, publisher, `${FOAF}name`)).toEqual(['"ARS Occitanie"']);

    expect(subjectsOfType(q, `${DCAT}CatalogRecord`)).toHaveLength(4);
    for (const record of subjectsOfType(q, `${DCAT}CatalogRecord`)) expect(objects(q, record, `${FOAF}primaryTopic`)).toEqual([`<${DS}>`]);
  });
});

describe('datasetToQuads: mandatory properties when the source gave little', () => {
  const q = datasetToQuads(minimalEntry(), OPTIONS);
  const ds = 'https://moisson.example.org/datasets/src-2%2Fabc%20def';

  it('mints our IRIs, and uses the title for the missing description', () => {
    expect(objects(q, ds, `${DCT}description`)).toEqual(['"Stations météo"']);
    expect(objects(q, 'https://moisson.example.org/records/src-2%2Fabc%20def', `${ADMS}status`)).toEqual(['<http://purl.org/adms/changetype/created>']);
  });

  it('falls back to the download URL for accessURL, drops URL-less distributions and a fractional byte size', () => {
    expect(objects(q, ds, `${DCAT}distribution`)).toEqual([`<${ds}#distribution-1>`]);
    expect(objects(q, `${ds}#distribution-1`, `${DCAT}accessURL`)).toEqual(['<https://example.org/stations.zip>']);
    expect(objects(q, `${ds}#distribution-1`, `${DCAT}byteSize`)).toEqual([]);
  });

  it('keeps a non-IRI parent identifier and a free-text period', () => {
    const series = only(q, ds, `${DCAT}inSeries`);
    expect(objects(q, series, `${DCT}identifier`)).toEqual(['"FR-ISO-PARENT-0001"']);
    const periods = q.filter((x) => x.subject.value === ds && x.predicate.value === `${DCT}temporal`).map((x) => x.object);
    expect(periods.flatMap((p) => objects(q, p, `${DCAT}startDate`))).toEqual([`"2020"^^<${XSD}gYear>`]);
    expect(periods.flatMap((p) => objects(q, p, RDFS_LABEL))).toEqual(['"depuis toujours"']);
  });
});

describe('datasetToQuads: a data service', () => {
  const q = datasetToQuads(serviceEntry(), OPTIONS);
  const svc = 'https://moisson.example.org/datasets/svc-1';

  it('is a dcat:DataService under our IRI (its urn: is not http), with endpoint and licence', () => {
    expect(objects(q, svc, RDF_TYPE)).toEqual([`<${DCAT}DataService>`]);
    expect(objects(q, svc, `${DCAT}endpointURL`)).toEqual(['<https://geo.example.fr/wms>']);
    expect(objects(q, svc, `${DCAT}endpointDescription`)).toEqual(['<https://geo.example.fr/wms?request=GetCapabilities&service=WMS>']);
    expect(objects(q, svc, `${DCT}license`)).toEqual(['<https://www.etalab.gouv.fr/licence-ouverte-open-licence>']);
    expect(objects(q, svc, `${DCAT}distribution`)).toEqual([]);
    expect(objects(q, 'https://moisson.example.org/records/svc-1', `${ADMS}status`)).toEqual(['<http://purl.org/adms/changetype/deleted>']);
  });
});
