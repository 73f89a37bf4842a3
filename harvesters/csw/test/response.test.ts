import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@moisson/core';
import { readCswResponse } from '../src/response.js';
import { parseXml } from '../src/xml.js';
import { bare, fixture, getRecordsResponse, isoRecord } from './support.js';

describe('readCswResponse', () => {
  it('slices each record out with the namespaces it inherits, so each slice parses alone', () => {
    const text = getRecordsResponse([fixture('geonetwork-iso-record.xml'), fixture('dc-record.xml')], { matched: 7, next: 3 }, true);
    const result = readCswResponse(text);
    if (result.kind !== 'results') throw new Error(result.kind);
    expect(result).toMatchObject({ matched: 7, returned: 2, nextRecord: 3 });
    expect(result.records.map((r) => [r.localName, r.remoteId])).toEqual([
      ['MD_Metadata', '4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91'],
      ['Record', 'c0ffee00-1234-4abc-8def-0123456789ab'],
    ]);
    const iso = result.records[0]!.xml;
    expect(iso.startsWith('<gmd:MD_Metadata xmlns:csw="http://www.opengis.net/cat/csw/2.0.2"')).toBe(true);
    expect(iso).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    expect(iso.endsWith('</gmd:MD_Metadata>')).toBe(true);
    expect(parseXml(iso).name).toBe('MD_Metadata');
  });

  it('keeps a record verbatim when it declares its own namespaces', () => {
    const record = bare(isoRecord('a&amp;b'));
    const result = readCswResponse(getRecordsResponse([record], { matched: 1, next: 0 }));
    if (result.kind !== 'results') throw new Error(result.kind);
    // Only the declarations the record lacks are added; its content is untouched.
    expect(result.records[0]!.xml.replace(/ xmlns:(csw|dc|dct|gmx|gml|srv|ows|xlink|xsi|geonet)="[^"]*"/g, '')).toBe(record);
  });

  it('finds the end of records that hold comments, CDATA or a same-named element (slow path)', () => {
    const tricky = `<csw:Record><dc:identifier>x1</dc:identifier><!-- </csw:Record> --><dc:title><![CDATA[a </csw:Record> b]]></dc:title></csw:Record>`;
    const result = readCswResponse(getRecordsResponse([tricky, isoRecord('x2')], { matched: 2, next: 0 }));
    if (result.kind !== 'results') throw new Error(result.kind);
    expect(result.records.map((r) => r.remoteId)).toEqual(['x1', 'x2']);
    expect(parseXml(result.records[0]!.xml).element.title).toEqual(['a </csw:Record> b']);
  });

  it('reads an ExceptionReport with the server words', () => {
    expect(readCswResponse(fixture('exception-report.xml'))).toEqual({
      kind: 'exception',
      message: 'InvalidParameterValue (outputSchema): Invalid outputSchema parameter value: http://www.isotc211.org/2005/gmd',
    });
  });

  it('refuses an XML bomb and says so', () => {
    expect(() => readCswResponse(fixture('bomb.xml'))).toThrow(/DOCTYPE declares entities/);
  });

  it('reports a document that is not a GetRecords answer', () => {
    expect(readCswResponse('<html><body>Maintenance</body></html>')).toEqual({ kind: 'other', rootName: 'html' });
  });
});

describe('the record reader', () => {
  const reference = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (_n: string, _p: unknown, _l: boolean, isAttribute: boolean) => !isAttribute,
  });
  for (const name of ['geonetwork-iso-record.xml', 'mi-metadata-record.xml', 'service-record.xml', 'series-record.xml', 'dc-record.xml', 'exception-report.xml', 'capabilities.xml']) {
    it(`builds the same tree as fast-xml-parser for ${name}`, () => {
      const ours = parseXml(fixture(name));
      const theirs = reference.parse(fixture(name)) as Record<string, unknown[]>;
      const rootKey = Object.keys(theirs).find((k) => k !== '?xml') as string;
      expect(ours.name).toBe(rootKey);
      expect(canonicalJson(ours.element)).toBe(canonicalJson(theirs[rootKey]![0]));
    });
  }

  it('decodes references and refuses mismatched tags', () => {
    expect(parseXml('<a x="1 &lt; 2">&#233;t&#xE9; &amp; &quot;q&quot;</a>').element).toEqual({ '@x': '1 < 2', '#text': 'été & "q"' });
    expect(() => parseXml('<a><b></a></b>')).toThrow(/^not well-formed XML: unexpected close tag/);
    expect(() => parseXml('<a><b></b>')).toThrow(/^not well-formed XML: unclosed tag: a/);
  });

  it('enforces well-formedness and expands nothing beyond the predefined entities', () => {
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/^not well-formed XML: undefined entity/);
    expect(() => parseXml('<a/><b/>')).toThrow(/^not well-formed XML: .*root/);
    expect(() => parseXml('<a x=1/>')).toThrow(/^not well-formed XML/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/^not well-formed XML: duplicate attribute/);
    expect(() => parseXml('<a>1 < 2</a>')).toThrow(/^not well-formed XML/);
    expect(() => parseXml('')).toThrow(/^not well-formed XML: document must contain a root element/);
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>')).toThrow(/DOCTYPE declares entities/);
  });

  it('skips a DOCTYPE without entities, comments and PIs, and keeps CDATA as text', () => {
    const text = '<?xml version="1.0"?><!DOCTYPE a [<!ELEMENT a ANY>]><!-- c --><a><?pi x?><!-- <b>no</b> --><b> 1 </b><c><![CDATA[<&>]]></c></a>';
    expect(parseXml(text)).toEqual({ name: 'a', element: { b: ['1'], c: ['<&>'] } });
  });

  it('normalises line ends and attribute whitespace as XML does, and decodes references in both', () => {
    expect(parseXml('<a b="1\r\n2\t3&#10;4 &amp;">x\r\ny\rz &#x1F600; &apos;&#233;</a>').element).toEqual({ '@b': '1 2 3\n4 &', '#text': "x\ny\nz \u{1F600} 'é" });
    expect(parseXml('<a>\r\n<b><![CDATA[1\r\n2 &amp;]]></b>\r\n</a>').element).toEqual({ b: ['1\n2 &amp;'] });
    expect(parseXml('\uFEFF<?xml version="1.0"?><a>x</a>').element).toEqual({ '#text': 'x' });
  });

  it('refuses what the tokenizer leaves to its caller: forbidden characters, misplaced markup, bad references', () => {
    const refused: Array<[string, RegExp]> = [
      ['<a>\u0001</a>', /disallowed character/],
      ['<a b="\u0000"/>', /disallowed character/],
      ['<a b="<"/>', /disallowed character/],
      ['<a>x ]]> y</a>', /"]]>" is disallowed/],
      ['<a/>text', /outside of root/],
      ['<a><!DOCTYPE a></a>', /doctype/],
      ['<a><!-- x -- y --></a>', /malformed comment/],
      ['<a><?xml version="1.0"?></a>', /XML declaration must be at the start/],
      ['<a>fish & chips</a>', /unterminated entity reference/],
      ['<a>&#0;</a>', /malformed character entity/],
      ['<a>x<![CDATA[y</a>', /not well-formed/],
    ];
    for (const [xml, reason] of refused) expect(() => parseXml(xml), xml).toThrow(reason);
  });

  it('reads records one after another, also after a refused one', () => {
    expect(() => parseXml('<a><b>')).toThrow(/not well-formed/);
    expect(parseXml('<x:a xmlns:x="urn:x" x:k="v"><x:b/><x:b>t</x:b></x:a>')).toEqual({ name: 'a', element: { '@k': 'v', b: ['', 't'] } });
  });
});
