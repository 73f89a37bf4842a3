import { describe, expect, it } from 'vitest';
import { normaliseCswRecord } from '../src/normalise.js';
import { ctx, fixture } from './support.js';

describe('Dublin Core csw:Record', () => {
  const out = () => normaliseCswRecord({ xml: fixture('dc-record.xml') }, ctx);

  it('maps identity, texts, dates and agents', () => {
    const { remoteId, remoteUrl, remoteModified, dataset } = out();
    expect(remoteId).toBe('c0ffee00-1234-4abc-8def-0123456789ab');
    expect(new URL(remoteUrl as string).searchParams.get('outputSchema')).toBe('http://www.opengis.net/cat/csw/2.0.2');
    expect(remoteModified).toBe('2024-01-15T10:20:30.000Z');
    expect(dataset.kind).toBe('Dataset');
    expect(dataset.identifiers).toEqual(['c0ffee00-1234-4abc-8def-0123456789ab']);
    expect(dataset.title).toEqual([{ value: 'Réseau hydrographique du bassin Artois-Picardie' }]);
    expect(dataset.description).toEqual([{ value: 'Tronçons hydrographiques de la BD TOPAGE.' }]);
    expect(dataset.keywords).toEqual([{ value: 'hydrographie' }, { value: "cours d'eau" }]);
    expect(dataset.themes).toEqual([{ label: [{ value: 'Hydrographie' }], scheme: 'http://inspire.ec.europa.eu/theme', notation: 'Hydrographie' }]);
    expect(dataset.issued).toBe('2021-04-02');
    expect(dataset.publisher).toEqual({ name: [{ value: "Agence de l'eau Artois-Picardie" }] });
    expect(dataset.creators).toEqual([{ name: [{ value: "Agence de l'eau Artois-Picardie" }] }]);
    expect(dataset.attributions).toEqual([{ agent: { name: [{ value: 'IGN' }] }, role: 'contributor' }]);
    expect(dataset.languages).toEqual(['http://publications.europa.eu/resource/authority/language/FRA']);
    expect(dataset.license?.uri).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence');
    expect(dataset.relations).toEqual(['https://www.eau-artois-picardie.fr/']);
  });

  it('reads an EPSG:4326 bounding box latitude first', () => {
    expect(out().dataset.spatial[0]?.bbox).toEqual([1.55, 49.96, 4.23, 51.09]);
    const crs84 = fixture('dc-record.xml')
      .replace('urn:ogc:def:crs:EPSG::4326', 'urn:ogc:def:crs:OGC:1.3:CRS84')
      .replace('49.96 1.55', '1.55 49.96')
      .replace('51.09 4.23', '4.23 51.09');
    expect(normaliseCswRecord({ xml: crs84 }, ctx).dataset.spatial[0]?.bbox).toEqual([1.55, 49.96, 4.23, 51.09]);
  });

  it('turns references and URIs into distributions', () => {
    const [download, wfs, wms] = out().dataset.distributions;
    expect(download?.downloadURL).toEqual(['https://data.eau-artois-picardie.fr/topage/troncons.geojson']);
    expect(download?.format?.uri).toBe('http://publications.europa.eu/resource/authority/file-type/GEOJSON');
    expect(wfs?.accessService?.conformsTo).toEqual(['http://www.opengis.net/def/serviceType/ogc/wfs']);
    expect(wfs?.downloadURL).toEqual([]);
    expect(wms?.title).toEqual([{ value: 'topage:troncons' }]);
    expect(wms?.description).toEqual([{ value: 'Tronçons (WMS)' }]);
    expect(wms?.accessService?.endpointURL).toEqual(['https://geo.eau-artois-picardie.fr/geoserver/wms']);
  });

  it('refuses a record without identifier', () => {
    const noId = fixture('dc-record.xml').replace(/<dc:identifier>.*<\/dc:identifier>/, '');
    expect(() => normaliseCswRecord({ xml: noId }, ctx)).toThrow(/without dc:identifier/);
  });
});
