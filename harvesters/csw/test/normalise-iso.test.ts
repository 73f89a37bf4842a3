import { InvalidRecord } from '@moisson/core';
import { describe, expect, it } from 'vitest';
import { normaliseCswRecord } from '../src/normalise.js';
import { ctx, ENDPOINT, fixture, isoRecord } from './support.js';

const geonetwork = () => normaliseCswRecord({ xml: fixture('geonetwork-iso-record.xml') }, ctx);
const LO = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence';

describe('ISO 19139 (GeoNetwork record)', () => {
  it('takes the record id, GetRecordById URL and metadata date from the record', () => {
    const out = geonetwork();
    expect(out.remoteId).toBe('4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91');
    const url = new URL(out.remoteUrl as string);
    expect(url.origin + url.pathname).toBe(ENDPOINT);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'CSW',
      version: '2.0.2',
      request: 'GetRecordById',
      id: '4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91',
      elementSetName: 'full',
      outputSchema: 'http://www.isotc211.org/2005/gmd',
    });
    expect(out.remoteModified).toBe('2024-02-14T09:31:07.000Z');
    expect(out.chain).toEqual([]);
  });

  it('keeps every language of PT_FreeText titles, abstracts and lineage', () => {
    const { dataset } = geonetwork();
    expect(dataset.title).toEqual([
      { value: "Zones naturelles d'intérêt écologique, faunistique et floristique (ZNIEFF) de type 1", lang: 'fr' },
      { value: 'Natural areas of ecological, faunistic and floristic interest (ZNIEFF) type 1', lang: 'en' },
    ]);
    expect(dataset.description[0]).toEqual({ value: 'Inventaire des ZNIEFF de type 1 en région Hauts-de-France & périmètres associés.', lang: 'fr' });
    expect(dataset.description[1]?.lang).toBe('en');
    expect(dataset.provenance.map((t) => t.lang)).toEqual(['fr', 'en']);
  });

  it('maps identifiers: citation ids (codeSpace/code, Anchor DOI), dataset IRI, fileIdentifier, parent series', () => {
    const { dataset } = geonetwork();
    expect(dataset.kind).toBe('Dataset');
    expect(dataset.identifiers).toEqual(['https://www.geo2france.fr/datasets/znieff1_hdf', 'https://doi.org/10.5281/zenodo.1234567']);
    expect(dataset.uri).toBe('https://www.geo2france.fr/datasets/znieff1_hdf');
    expect(dataset.otherIdentifiers).toEqual([
      { notation: 'znieff1_hdf', scheme: 'https://www.geo2france.fr/datasets/' },
      { notation: '10.5281/zenodo.1234567', scheme: 'doi' },
      { notation: '4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91', scheme: 'uuid' },
    ]);
    expect(dataset.inSeries).toEqual(['9a7e2b10-5c4d-4e3f-8a21-0b6c5d4e3f21']);
    expect(dataset.version).toBe('2023');
  });

  it('splits keywords: INSPIRE themes and thesaurus terms become concepts, free keywords stay keywords', () => {
    const { dataset } = geonetwork();
    expect(dataset.keywords).toEqual([
      { value: 'ZNIEFF', lang: 'fr' },
      { value: 'biodiversité', lang: 'fr' },
    ]);
    const inspire = dataset.themes.filter((t) => t.scheme === 'http://inspire.ec.europa.eu/theme');
    expect(inspire).toEqual([
      { uri: 'http://inspire.ec.europa.eu/theme/ps', label: [{ value: 'Sites protégés', lang: 'fr' }], scheme: 'http://inspire.ec.europa.eu/theme', notation: 'Sites protégés' },
      {
        label: [
          { value: 'Répartition des espèces', lang: 'fr' },
          { value: 'Species distribution', lang: 'en' },
        ],
        scheme: 'http://inspire.ec.europa.eu/theme',
        notation: 'Répartition des espèces',
      },
    ]);
    expect(dataset.themes.find((t) => t.scheme === 'Arborescence thématique de la COVADIS')?.notation).toBe('Nature et paysage/Zones naturelles protégées');
  });

  it('turns topic categories into extras and themes (ISO code list + EU data theme)', () => {
    const { dataset } = geonetwork();
    expect(dataset.extras['iso:topicCategory']).toEqual(['biota', 'environment']);
    expect(dataset.themes.map((t) => t.uri).filter((u) => u && !u.includes('/theme/'))).toEqual([
      'http://inspire.ec.europa.eu/metadata-codelist/TopicCategory/biota',
      'http://publications.europa.eu/resource/authority/data-theme/ENVI',
      'http://inspire.ec.europa.eu/metadata-codelist/TopicCategory/environment',
    ]);
  });

  it('sorts responsible parties by role', () => {
    const { dataset } = geonetwork();
    expect(dataset.publisher).toEqual({
      name: [{ value: "Muséum national d'Histoire naturelle" }],
      uri: 'https://annuaire-entreprises.data.gouv.fr/entreprise/130011219',
      email: 'inpn@mnhn.fr',
    });
    expect(dataset.contactPoints).toEqual([
      {
        name: 'Service Information Connaissance',
        organisation: 'DREAL Hauts-de-France',
        email: 'sic.dreal-hdf@developpement-durable.gouv.fr',
        url: 'https://www.hauts-de-france.developpement-durable.gouv.fr/',
        phone: '+33 3 20 13 48 48',
        address: '44 rue de Tournai, 59019 Lille, France',
      },
    ]);
    expect(dataset.creators).toEqual([{ name: [{ value: 'Conservatoire botanique national de Bailleul' }] }]);
    expect(dataset.attributions).toEqual([{ agent: { name: [{ value: 'DREAL Hauts-de-France' }] }, role: 'custodian' }]);
    expect(dataset.extras['iso:metadataContact']).toEqual({ organisation: 'DREAL Hauts-de-France', email: 'sig.dreal-hdf@developpement-durable.gouv.fr' });
  });

  it('reads constraints: Anchor licence, rights texts, INSPIRE access rights', () => {
    const { dataset } = geonetwork();
    expect(dataset.license).toEqual({ uri: LO, label: 'Licence Ouverte version 2.0' });
    expect(dataset.rights).toEqual([
      { value: 'Mention de la source obligatoire : DREAL Hauts-de-France, MNHN-INPN', lang: 'fr' },
      { value: 'Licence Ouverte version 2.0', lang: 'fr' },
    ]);
    expect(dataset.accessRights).toEqual({
      uri: 'http://inspire.ec.europa.eu/metadata-codelist/LimitationsOnPublicAccess/noLimitations',
      label: [{ value: "Pas de restriction d'accès public", lang: 'fr' }],
      notation: 'noLimitations',
    });
  });

  it('reads extents, dates, language, frequency and conformity', () => {
    const { dataset } = geonetwork();
    expect(dataset.spatial).toEqual([
      {
        bbox: [1.38, 48.83, 4.26, 51.09],
        geometry: { type: 'Polygon', coordinates: [[[1.38, 48.83], [4.26, 48.83], [4.26, 51.09], [1.38, 51.09], [1.38, 48.83]]] },
      },
      { uri: 'http://id.insee.fr/geo/region/32', label: [{ value: 'Hauts-de-France' }] },
    ]);
    expect(dataset.temporal).toEqual([{ start: '1984-01-01' }]);
    expect(dataset.issued).toBe('2016-01-12');
    expect(dataset.modified).toBe('2023-11-30T00:00:00.000Z');
    expect(dataset.languages).toEqual(['http://publications.europa.eu/resource/authority/language/FRA']);
    expect(dataset.accrualPeriodicity).toEqual({ uri: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL', notation: 'annually' });
    expect(dataset.conformsTo).toEqual(['http://data.europa.eu/eli/reg/2010/1089']);
    expect(dataset.extras['iso:referenceSystem']).toEqual(['http://www.opengis.net/def/crs/EPSG/0/2154']);
  });

  it('turns online resources into service and download distributions, once per link', () => {
    const { dataset } = geonetwork();
    expect(dataset.distributions).toHaveLength(3);
    const [wms, wfs, zip] = dataset.distributions;
    expect(wms?.accessURL).toEqual(['https://www.geo2france.fr/geoserver/dreal/ows?SERVICE=WMS&REQUEST=GetCapabilities']);
    expect(wms?.downloadURL).toEqual([]);
    expect(wms?.accessService).toEqual({
      endpointURL: ['https://www.geo2france.fr/geoserver/dreal/ows'],
      endpointDescription: 'https://www.geo2france.fr/geoserver/dreal/ows?SERVICE=WMS&REQUEST=GetCapabilities',
      conformsTo: ['http://www.opengis.net/def/serviceType/ogc/wms'],
      protocol: 'OGC:WMS',
      title: [{ value: 'dreal:znieff1', lang: 'fr' }],
    });
    expect(wms?.format?.uri).toBe('http://publications.europa.eu/resource/authority/file-type/WMS_SRVC');
    expect(wfs?.accessService?.conformsTo).toEqual(['http://www.opengis.net/def/serviceType/ogc/wfs']);
    expect(zip?.downloadURL).toEqual(['https://www.geo2france.fr/public/dreal/znieff1_hdf.zip']);
    expect(zip?.byteSize).toBe(12_500_000);
    expect(zip?.format?.uri).toBe('http://publications.europa.eu/resource/authority/file-type/SHP');
    expect(zip?.license?.uri).toBe(LO);
    expect(dataset.pages).toEqual(['https://inpn.mnhn.fr/programme/inventaire-znieff/presentation']);
  });
});

describe('ISO 19139 variants', () => {
  it('reads gmi:MI_Metadata with gml 3.2 instants, a swapped bbox and a URL licence in free text', () => {
    const { remoteId, remoteModified, dataset } = normaliseCswRecord({ xml: fixture('mi-metadata-record.xml') }, ctx);
    expect(remoteId).toBe('urn:ogc:def:EOP:ESA:SENTINEL-2.L2A');
    expect(remoteModified).toBe('2023-05-04');
    expect(dataset.title).toEqual([{ value: 'Sentinel-2 Level-2A surface reflectance', lang: 'en' }]);
    expect(dataset.uri).toBe('https://sentinels.copernicus.eu/web/sentinel/missions/sentinel-2');
    expect(dataset.issued).toBe('2017');
    expect(dataset.temporal).toEqual([{ start: '2015-06-23T01:51:58.000Z', end: '2015-06-23T01:51:58.000Z' }]);
    expect(dataset.spatial[0]?.bbox).toEqual([-180, -56, 180, 84]);
    expect(dataset.themes[0]).toEqual({ label: [{ value: 'Orthoimagery', lang: 'en' }], scheme: 'http://inspire.ec.europa.eu/theme', notation: 'Orthoimagery' });
    expect(dataset.license?.uri).toBe('https://sentinels.copernicus.eu/documents/247904/690755/Sentinel_Data_Legal_Notice');
    expect(dataset.accessRights).toEqual({ notation: 'license' });
    expect(dataset.attributions).toEqual([{ agent: { name: [{ value: 'European Space Agency' }], email: 'eohelp@esa.int' }, role: 'originator' }]);
    expect(dataset.otherIdentifiers.at(-1)).toEqual({ notation: 'urn:ogc:def:EOP:ESA:SENTINEL-2.L2A' });
  });

  it('makes a service record a DataService with its endpoints and served datasets', () => {
    const { dataset } = normaliseCswRecord({ xml: fixture('service-record.xml') }, ctx);
    expect(dataset.kind).toBe('DataService');
    expect(dataset.service).toEqual({
      endpointURL: ['https://www.geo2france.fr/geoserver/dreal/wms'],
      title: [{ value: 'Service de visualisation WMS des données naturalistes', lang: 'fr' }],
      protocol: 'view',
      conformsTo: ['http://www.opengis.net/def/serviceType/ogc/wms'],
      endpointDescription: 'https://www.geo2france.fr/geoserver/dreal/wms?service=WMS&request=GetCapabilities&version=1.3.0',
    });
    expect(dataset.relations).toEqual(['https://www.geo2france.fr/geonetwork/srv/api/records/4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91']);
    expect(dataset.spatial[0]?.bbox).toEqual([1.38, 48.83, 4.26, 51.09]);
    expect(dataset.type).toEqual({ uri: 'http://inspire.ec.europa.eu/metadata-codelist/ResourceType/service', notation: 'service' });
  });

  it('makes a series a DatasetSeries; refuses an impossible bbox; reads begin/end instants and a licence title', () => {
    const { dataset } = normaliseCswRecord({ xml: fixture('series-record.xml') }, ctx);
    expect(dataset.kind).toBe('DatasetSeries');
    expect(dataset.title).toEqual([{ value: 'Digitale Orthophotos (Serie)', lang: 'de' }]);
    expect(dataset.languages).toEqual([]);
    expect(dataset.extras['iso:metadataLanguage']).toBe('http://publications.europa.eu/resource/authority/language/DEU');
    expect(dataset.spatial).toEqual([]);
    expect(dataset.temporal).toEqual([{ start: '2010', end: '2021-12' }]);
    expect(dataset.modified).toBe('2021-03-01');
    expect(dataset.issued).toBeUndefined();
    expect(dataset.accrualPeriodicity?.uri).toBe('http://publications.europa.eu/resource/authority/frequency/IRREG');
    expect(dataset.license).toEqual({ uri: 'http://publications.europa.eu/resource/authority/licence/DL_DE_BY_2_0', label: 'Datenlizenz Deutschland Namensnennung 2.0' });
  });

  it('refuses records it cannot identify or title, and unreadable XML, as InvalidRecord', () => {
    const noId = fixture('series-record.xml').replace(/<gmd:fileIdentifier>.*?<\/gmd:fileIdentifier>/s, '');
    expect(() => normaliseCswRecord({ xml: noId }, ctx)).toThrow(/without gmd:fileIdentifier/);
    const noTitle = fixture('series-record.xml').replace(/<gmd:title>.*?<\/gmd:title>/s, '');
    expect(() => normaliseCswRecord({ xml: noTitle }, ctx)).toThrow(InvalidRecord);
    expect(() => normaliseCswRecord({ xml: '<gmd:MD_Metadata><gmd:title>x</gmd:MD_Metadata>' }, ctx)).toThrow(/unreadable CSW record/);
    expect(() => normaliseCswRecord({ xml: '<rdf:RDF xmlns:rdf="x"/>' }, ctx)).toThrow(/unsupported CSW record element <RDF>/);
  });

  it('reads the same record whatever its prefixes, a default namespace included', () => {
    const original = fixture('geonetwork-iso-record.xml');
    const renamed = original
      .replace(/(<\/?)gmd:/g, '$1')
      .replace(/xmlns:gmd=/, 'xmlns=')
      .replace(/(<\/?)gco:/g, '$1c:')
      .replace(/xmlns:gco=/, 'xmlns:c=')
      .replace(/(<\/?)gmx:/g, '$1x:')
      .replace(/xmlns:gmx=/, 'xmlns:x=')
      .replace(/\bxlink:/g, 'xl:')
      .replace(/xmlns:xlink=/, 'xmlns:xl=');
    expect(renamed).toContain('<x:Anchor xl:href=');
    expect(renamed).not.toMatch(/<\/?gmd:/);
    expect(normaliseCswRecord({ xml: renamed }, ctx)).toEqual(normaliseCswRecord({ xml: original }, ctx));
  });

  it('reads CDATA, entities and character references in texts', () => {
    const titled = (title: string) => isoRecord('r1').replace('<gco:CharacterString>Record r1</gco:CharacterString>', `<gco:CharacterString>${title}</gco:CharacterString>`);
    const expected = [{ value: 'Eau & rivières <2024>' }];
    expect(normaliseCswRecord({ xml: titled('Eau &amp; rivi&#232;res &lt;2024&gt;') }, ctx).dataset.title).toEqual(expected);
    expect(normaliseCswRecord({ xml: titled('<![CDATA[Eau & rivières <2024>]]>') }, ctx).dataset.title).toEqual(expected);
    expect(normaliseCswRecord({ xml: titled('Eau &amp; <![CDATA[rivières <2024>]]>') }, ctx).dataset.title).toEqual(expected);
    expect(() => normaliseCswRecord({ xml: titled('Eau &nbsp; rivières') }, ctx)).toThrow(/unreadable CSW record: not well-formed XML: undefined entity/);
  });

  it('refuses an XML bomb without expanding it', () => {
    const bomb = fixture('bomb.xml');
    expect(() => normaliseCswRecord({ xml: bomb }, ctx)).toThrow(/DOCTYPE declares entities/);
  });
});
