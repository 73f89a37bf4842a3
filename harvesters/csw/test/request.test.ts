import { SourceConfigError } from '@moisson/core';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { buildConstraint, filterCql } from '../src/filter.js';
import { getRecordsXml } from '../src/request.js';
import { parseXml } from '../src/xml.js';

describe('GetRecords request', () => {
  it('writes a CSW 2.0.2 GetRecords with escaping, never interpolating values', () => {
    const constraint = buildConstraint([{ key: 'keyword', value: '<b>&"eau"', type: 'include' }], undefined, undefined);
    const body = getRecordsXml({ start: 51, config: resolveConfig({ pageSize: 25 }), constraint });
    const { name, element } = parseXml(body);
    expect(name).toBe('GetRecords');
    expect(element).toMatchObject({ '@service': 'CSW', '@version': '2.0.2', '@resultType': 'results', '@startPosition': '51', '@maxRecords': '25' });
    expect(element.Query).toMatchObject([{ '@typeNames': 'gmd:MD_Metadata', ElementSetName: ['full'] }]);
    expect(body).toContain('<ogc:Literal>&lt;b&gt;&amp;&quot;eau&quot;</ogc:Literal>');
  });

  it('writes a bbox in EPSG:4326 latitude/longitude order', () => {
    const constraint = buildConstraint([{ key: 'bbox', value: '1.5,48.8,4.3,51.1', type: 'include' }], undefined, undefined);
    if (constraint?.language !== 'FILTER') throw new Error('expected a filter');
    expect(parseXml(constraint.xml).element.BBOX).toEqual([
      { PropertyName: ['ows:BoundingBox'], Envelope: [{ '@srsName': 'urn:ogc:def:crs:EPSG::4326', lowerCorner: ['48.8 1.5'], upperCorner: ['51.1 4.3'] }] },
    ]);
    expect(() => buildConstraint([{ key: 'bbox', value: '1,2,3', type: 'include' }], undefined, undefined)).toThrow(SourceConfigError);
  });

  it('ORs values of one key, ANDs keys, and renders CQL with quotes doubled', () => {
    const constraint = buildConstraint(
      [
        { key: 'type', value: 'dataset', type: 'include' },
        { key: 'type', value: 'series', type: 'include' },
        { key: 'keyword', value: "l'eau*", type: 'exclude' },
      ],
      undefined,
      'AnyText LIKE \'%znieff%\'',
    );
    expect(constraint).toEqual({
      language: 'CQL_TEXT',
      text: "(AnyText LIKE '%znieff%') AND ((NOT (apiso:Subject LIKE 'l''eau%')) AND ((apiso:Type = 'dataset') OR (apiso:Type = 'series')))",
    });
    expect(filterCql({ op: 'like', property: 'csw:AnyText', value: '*50\\* off*' })).toBe("csw:AnyText LIKE '%50* off%'");
  });

  it('merges a raw Filter document with the source filters', () => {
    const raw = '<fes:Filter xmlns:fes="http://www.opengis.net/ogc"><fes:PropertyIsEqualTo><fes:PropertyName>apiso:OrganisationName</fes:PropertyName><fes:Literal>DREAL</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>';
    const constraint = buildConstraint([{ key: 'type', value: 'dataset', type: 'include' }], undefined, raw);
    if (constraint?.language !== 'FILTER') throw new Error('expected a filter');
    const { name, element } = parseXml(constraint.xml);
    expect(name).toBe('Filter');
    expect(element.And).toEqual([
      {
        PropertyIsEqualTo: [
          { PropertyName: ['apiso:OrganisationName'], Literal: ['DREAL'] },
          { PropertyName: ['apiso:Type'], Literal: ['dataset'] },
        ],
      },
    ]);
    expect(() => buildConstraint([], undefined, '<Query/>')).toThrow(/must be an OGC Filter document/);
    expect(() => buildConstraint([], undefined, '<Filter>')).toThrow(/not well-formed/);
  });

  it('refuses configs the harvester cannot send', () => {
    expect(() => resolveConfig({ pageSize: 0 })).toThrow(SourceConfigError);
    expect(() => resolveConfig({ typeNames: 'MD_Metadata' })).toThrow(/typeNames/);
    expect(() => getRecordsXml({ start: 1, config: resolveConfig({ typeNames: 'foo:Bar' }) })).toThrow(/unknown namespace prefix/);
    expect(resolveConfig(undefined)).toEqual({ method: 'POST', outputSchema: 'http://www.isotc211.org/2005/gmd', typeNames: 'gmd:MD_Metadata', pageSize: 50, sortById: true });
  });
});
