import { describe, expect, it } from 'vitest';
import { SourceConfigError } from '@moisson/core';
import { baseUrl, choosePrefix, inSets, oaiDate, oaiHarvester, readOaiResponse, resolveConfig, resumeUrl, sliceElements } from '@moisson/harvester-oai';

describe('sliceElements', () => {
  const doc = `<?xml version="1.0"?>
<!-- a comment with <record> inside -->
<a:root xmlns:a="urn:a" xmlns="urn:default"><list xmlns:b="urn:b"><record id='1'><![CDATA[<record>not one</record>]]><b:x/></record><record xmlns:b="urn:other"/></list></a:root>`;

  it('cuts wanted elements byte for byte, adding only the namespace declarations they inherit and lack', () => {
    expect(sliceElements(doc, (p) => p.join('/') === 'root/list/record')).toEqual([
      `<record xmlns:a="urn:a" xmlns="urn:default" xmlns:b="urn:b" id='1'><![CDATA[<record>not one</record>]]><b:x/></record>`,
      '<record xmlns:a="urn:a" xmlns="urn:default" xmlns:b="urn:other"/>',
    ]);
  });
});

describe('config', () => {
  it('defaults to auto and checks dates and prefixes', () => {
    expect(resolveConfig(undefined)).toEqual({ metadataPrefix: 'auto' });
    expect(resolveConfig({ metadataPrefix: ' oai_dc ', from: '2024-01-01', until: '2024-12-31T23:59:59Z' })).toEqual({
      metadataPrefix: 'oai_dc',
      from: '2024-01-01',
      until: '2024-12-31T23:59:59Z',
    });
    expect(() => resolveConfig({ from: '01/02/2024' })).toThrow(new SourceConfigError('from must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not 01/02/2024', 'from'));
    expect(() => resolveConfig({ from: '2025-01-01', until: '2024-01-01' })).toThrow('from (2025-01-01) is after until (2024-01-01)');
    expect(() => resolveConfig({ metadataPrefix: 'oai_dc&set=x' })).toThrow(SourceConfigError);
  });

  it('refuses unknown filter keys before any request', async () => {
    const pages = oaiHarvester.pages({ url: 'http://127.0.0.1:9/oai', filters: [{ key: 'organization', value: 'x', type: 'include' }], config: { metadataPrefix: 'oai_dc' } }, null, {
      get: () => Promise.reject(new Error('no request expected')),
      post: () => Promise.reject(new Error('no request expected')),
      stream: () => Promise.reject(new Error('no request expected')),
    });
    await expect(pages[Symbol.asyncIterator]().next()).rejects.toThrow('unknown OAI-PMH filter key "organization" (known: set)');
  });

  it('prefers dcat_ap, then dcat, iso19139, oai_dc', () => {
    expect(choosePrefix(['oai_dc', 'iso19139', 'dcat'])).toBe('dcat');
    expect(choosePrefix(['oai_dc', 'marc21'])).toBe('oai_dc');
    expect(choosePrefix(['marc21'])).toBeUndefined();
  });

  it('matches sets hierarchically', () => {
    expect(inSets(['biodiversity:birds'], ['biodiversity'])).toBe(true);
    expect(inSets(['biodiversity'], ['biodiversity:birds'])).toBe(false);
    expect(inSets(['biodiversityx'], ['biodiversity'])).toBe(false);
  });

  it('writes dates at the granularity the repository has', () => {
    expect(oaiDate('2025-03-01T06:07:08.999+02:00', 'YYYY-MM-DDThh:mm:ssZ')).toBe('2025-03-01T04:07:08Z');
    expect(oaiDate('2025-03-01T01:00:00+02:00', 'YYYY-MM-DD')).toBe('2025-02-28');
    expect(oaiDate('2025-03-01T01:00:00Z', undefined)).toBe('2025-03-01');
  });
});

describe('requests', () => {
  it('drops OAI arguments from the base URL and keeps the others', () => {
    expect(baseUrl('https://repo.example/oai/request?verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x&key=1#top')).toBe('https://repo.example/oai/request?key=1');
    expect(resumeUrl('https://repo.example/oai', 'a b/c+d|e')).toBe('https://repo.example/oai?verb=ListRecords&resumptionToken=a+b%2Fc%2Bd%7Ce');
  });
});

describe('readOaiResponse', () => {
  it('reads several errors, and a token with attributes but no text as the end', () => {
    expect(readOaiResponse('<OAI-PMH><error code="badArgument">from</error><error code="badArgument">until</error></OAI-PMH>')).toEqual({
      kind: 'error',
      errors: [
        { code: 'badArgument', message: 'from' },
        { code: 'badArgument', message: 'until' },
      ],
    });
    expect(readOaiResponse('<OAI-PMH><ListRecords><record><header><identifier>i</identifier></header></record><record><header/></record><resumptionToken completeListSize="2" cursor="0"/></ListRecords></OAI-PMH>')).toEqual({
      kind: 'records',
      records: [{ identifier: 'i', sets: [], deleted: false, xml: '<record><header><identifier>i</identifier></header></record>' }],
      headerless: 1,
      total: 2,
    });
  });
});
