import { describe, expect, it } from 'vitest';
import { InvalidRecord, SkipRecord } from '@moisson/core';
import { oaiHarvester, readOaiResponse, toRemoteRecord, type OaiRecord } from '@moisson/harvester-oai';
import { fixture } from './support.js';

const BASE = 'https://geo.example.fr/geonetwork/srv/eng/oaipmh';
const ctx = { source: { url: BASE }, config: {}, filters: [], harvestedAt: '2025-03-04T12:00:00Z' };

async function recordsOf(name: string, prefix: string, base = BASE): Promise<OaiRecord[]> {
  const response = readOaiResponse(fixture(name));
  if (response.kind !== 'records') throw new Error(`${name} is not a listing`);
  return Promise.all(response.records.map(async (r) => (await toRemoteRecord(r, base, prefix)).raw));
}

function failure(raw: OaiRecord): unknown {
  try {
    oaiHarvester.normalise(raw, ctx);
  } catch (error) {
    return error;
  }
  throw new Error('expected normalise to throw');
}

describe('oai_dc through the CSW Dublin Core normaliser', () => {
  it('takes identity from the OAI header and content from the Dublin Core', async () => {
    const [first] = await recordsOf('oai-dc-page-1.xml', 'oai_dc');
    const record = oaiHarvester.normalise(first!, ctx);
    expect(record.remoteId).toBe('oai:geo.example.fr:7f9c2a3e-1b4d-4e2a-9c55-0d1e2f3a4b5c');
    expect(record.remoteUrl).toBe(`${BASE}?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai%3Ageo.example.fr%3A7f9c2a3e-1b4d-4e2a-9c55-0d1e2f3a4b5c`);
    expect(record.remoteModified).toBe('2024-11-02T08:30:00.000Z');
    expect(record.chain).toEqual([]);
    const d = record.dataset;
    expect(d.kind).toBe('Dataset');
    expect(d.title).toEqual([{ value: 'Inventaire des oiseaux nicheurs du Parc national (2010-2020)' }]);
    expect(d.description).toEqual([{ value: "Points d'écoute et observations des oiseaux nicheurs réalisés chaque printemps sur le territoire du parc." }]);
    expect(d.identifiers).toEqual(['7f9c2a3e-1b4d-4e2a-9c55-0d1e2f3a4b5c']);
    expect(d.keywords).toEqual([{ value: 'oiseaux' }, { value: 'avifaune' }, { value: 'biota' }]);
    expect(d.publisher).toEqual({ name: [{ value: 'Parc national des Écrins' }] });
    expect(d.creators).toEqual([{ name: [{ value: 'Parc national des Écrins' }] }]);
    expect(d.issued).toBe('2021-03-15');
    expect(d.languages).toEqual(['http://publications.europa.eu/resource/authority/language/FRA']);
    expect(d.license).toEqual({ uri: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence', label: 'Licence Ouverte / Open Licence version 2.0' });
    expect(d.spatial).toEqual([{ label: [{ value: 'Hautes-Alpes, Isère' }] }]);
    expect(d.extras).toEqual({ 'oai:sets': ['biodiversity', 'biodiversity:birds'] });
  });

  it('lets the OAI identifier stand in for a missing dc:identifier; a day datestamp stays a day', async () => {
    const [, second] = await recordsOf('oai-dc-page-2.xml', 'oai_dc');
    const record = oaiHarvester.normalise(second!, ctx);
    expect(record.dataset.identifiers).toEqual(['oai:geo.example.fr:c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f']);
    expect(record.remoteModified).toBe('2024-12-01');
    expect(record.dataset.title).toEqual([{ value: 'Flore patrimoniale & espèces protégées' }]);
    expect(record.dataset.description).toEqual([{ value: 'Relevés <b>floristiques</b> 2015-2023.' }]);
    expect(record.dataset.keywords).toEqual([{ value: 'flore' }]);
    expect(record.dataset.extras).toEqual({ 'oai:sets': ['biodiversity:flora'] });
  });

  it('reads Dublin Core whose prefixes are declared on the envelope; no setSpec means no extras', async () => {
    const [otter, service] = await recordsOf('oai-dc-page-4.xml', 'oai_dc');
    expect(oaiHarvester.normalise(otter!, ctx).dataset.modified).toBe('2024-08-15');
    const record = oaiHarvester.normalise(service!, ctx);
    expect(record.dataset.kind).toBe('DataService');
    expect(record.dataset.extras).toEqual({});
  });

  it('a deleted header is skipped as deleted, an untitled record is an item error naming the OAI identifier', async () => {
    const [deleted] = await recordsOf('oai-dc-page-2.xml', 'oai_dc');
    expect(deleted?.metadata).toBeUndefined();
    const skip = failure(deleted!);
    expect(skip).toBeInstanceOf(SkipRecord);
    expect(skip).toMatchObject({ reason: 'deleted at the source', remoteId: 'oai:geo.example.fr:5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' });

    const [untitled] = await recordsOf('oai-dc-page-3.xml', 'oai_dc');
    const invalid = failure(untitled!);
    expect(invalid).toBeInstanceOf(InvalidRecord);
    expect(invalid).toMatchObject({
      message: 'OAI record oai:geo.example.fr:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d (oai_dc): csw:Record without dc:title',
      remoteId: 'oai:geo.example.fr:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    });
  });
});

describe('dcat_ap through the DCAT normaliser', () => {
  it('reads the RDF/XML inside <metadata>, prefixes inherited from the envelope included', async () => {
    const [air] = await recordsOf('dcat-ap-page.xml', 'dcat_ap', 'https://data.example.eu/oai');
    const record = oaiHarvester.normalise(air!, { ...ctx, source: { url: 'https://data.example.eu/oai' } });
    expect(record.remoteId).toBe('oai:data.example.eu:air-quality-2024');
    expect(record.remoteUrl).toBe('https://data.example.eu/oai?verb=GetRecord&metadataPrefix=dcat_ap&identifier=oai%3Adata.example.eu%3Aair-quality-2024');
    expect(record.remoteModified).toBe('2025-01-15T10:00:00.000Z');
    const d = record.dataset;
    expect(d.uri).toBe('https://data.example.eu/set/data/air-quality-2024');
    expect(d.identifiers).toEqual(['air-quality-2024']);
    expect(d.title).toEqual([
      { value: 'Air quality measurements 2024', lang: 'en' },
      { value: "Mesures de la qualité de l'air 2024", lang: 'fr' },
    ]);
    expect(d.keywords).toEqual([
      { value: 'air quality', lang: 'en' },
      { value: 'NO2', lang: 'en' },
    ]);
    expect(d.modified).toBe('2024-12-31');
    expect(d.publisher?.uri).toBe('https://data.example.eu/org/atmo');
    expect(d.publisher?.name).toEqual([{ value: 'Regional air quality observatory', lang: 'en' }]);
    expect(d.contactPoints).toMatchObject([{ name: 'Open data team', email: 'opendata@atmo.example.eu' }]);
    expect(d.distributions).toHaveLength(1);
    expect(d.distributions[0]?.accessURL).toEqual(['https://data.example.eu/files/air-quality-2024.csv']);
    expect(d.distributions[0]?.format?.uri).toBe('http://publications.europa.eu/resource/authority/file-type/CSV');
    expect(d.license?.uri).toBe('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0');
    expect(d.extras['oai:sets']).toEqual(['environment']);
  });

  it('RDF describing no dataset is an item error; a deleted dcat record is skipped', async () => {
    const [, publisherOnly, deleted] = await recordsOf('dcat-ap-page.xml', 'dcat_ap');
    expect(failure(publisherOnly!)).toMatchObject({
      message: 'OAI record oai:data.example.eu:publisher-only (dcat_ap): its RDF describes no dcat:Dataset, dcat:DatasetSeries or dcat:DataService',
      remoteId: 'oai:data.example.eu:publisher-only',
    });
    expect(failure(deleted!)).toBeInstanceOf(SkipRecord);
  });

  it('RDF that does not parse is an item error, not a failed page', async () => {
    const text = fixture('dcat-ap-page.xml').replace('<dcat:keyword xml:lang="en">NO2</dcat:keyword>', '<unbound:keyword>NO2</unbound:keyword>');
    const response = readOaiResponse(text);
    if (response.kind !== 'records') throw new Error('not a listing');
    const raw = (await toRemoteRecord(response.records[0]!, BASE, 'dcat_ap')).raw;
    expect(raw.metadata?.format).toBe('unreadable');
    const error = failure(raw);
    expect(error).toBeInstanceOf(InvalidRecord);
    expect((error as Error).message).toMatch(/^OAI record oai:data\.example\.eu:air-quality-2024 \(dcat_ap\): invalid rdfxml document: ./);
  });
});

describe('iso19139 through the CSW ISO normaliser', () => {
  it('reads gmd:MD_Metadata, with xsi declared only on the envelope', async () => {
    const [habitats] = await recordsOf('iso19139-page.xml', 'iso19139');
    const record = oaiHarvester.normalise(habitats!, ctx);
    expect(record.remoteId).toBe('oai:geo.example.fr:4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d');
    expect(record.remoteModified).toBe('2024-06-12T13:14:15.000Z');
    const d = record.dataset;
    expect(d.title).toEqual([{ value: "Habitats naturels d'intérêt communautaire", lang: 'fr' }]);
    expect(d.otherIdentifiers).toEqual([{ notation: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d', scheme: 'uuid' }]);
    expect(d.spatial.map((s) => s.bbox)).toEqual([[5.9, 44.6, 6.6, 45.1]]);
    expect(d.extras['oai:sets']).toEqual(['biodiversity']);
  });

  it('an ISO record without fileIdentifier is an item error under the OAI identifier', async () => {
    const [, anonymous] = await recordsOf('iso19139-page.xml', 'iso19139');
    expect(failure(anonymous!)).toMatchObject({
      message: 'OAI record oai:geo.example.fr:no-file-identifier (iso19139): ISO record without gmd:fileIdentifier',
      remoteId: 'oai:geo.example.fr:no-file-identifier',
    });
  });
});

describe('records moisson cannot read', () => {
  const header = { endpoint: BASE, metadataPrefix: 'marc21', identifier: 'oai:x:1', sets: [], deleted: false };

  it('an unknown metadata format, or none at all, is an item error', () => {
    expect(failure({ ...header, metadata: { format: 'unknown', element: 'record' } })).toMatchObject({
      message: 'OAI record oai:x:1 (marc21): metadata <record> is not a format moisson reads (oai_dc, dcat/dcat_ap RDF/XML, iso19139)',
    });
    expect(failure(header)).toMatchObject({ message: 'OAI record oai:x:1 (marc21) has no <metadata>', remoteId: 'oai:x:1' });
  });

  it('Dublin Core metadata that declares entities is refused', () => {
    const xml = '<!DOCTYPE dc [<!ENTITY x "boom">]><dc xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&x;</dc:title></dc>';
    const error = failure({ ...header, metadataPrefix: 'oai_dc', metadata: { format: 'dc', xml } });
    expect(error).toBeInstanceOf(InvalidRecord);
    expect((error as Error).message).toMatch(/^OAI record oai:x:1 \(oai_dc\): unreadable metadata: refused/);
  });
});
