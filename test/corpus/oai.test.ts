import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { InvalidRecord, SkipRecord } from '@moisson/core';
import { describeOaiErrors, oaiHarvester, readOaiResponse, toRemoteRecord, XmlError } from '@moisson/harvester-oai';
import { corpusFiles } from '../support/corpus.js';

const files = corpusFiles('oai');
const BASE = 'http://corpus.local/oai';
const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?)?)?$/;

describe.skipIf(files.length === 0)('oai corpus', () => {
  it.each(files)('%s reads as an OAI-PMH answer whose records normalise or fail clearly', async (path) => {
    const text = readFileSync(path, 'utf8');
    let response: ReturnType<typeof readOaiResponse>;
    try {
      response = readOaiResponse(text);
    } catch (error) {
      // a broken or hostile document: the error says what and where
      expect(error).toBeInstanceOf(XmlError);
      expect((error as Error).message).toMatch(/^(not well-formed XML|refused a document|the document has no root)/);
      return;
    }
    if (response.kind === 'error') {
      expect(response.errors.length).toBeGreaterThan(0);
      for (const e of response.errors) expect(e.code).toMatch(/^[A-Za-z]+$/);
      expect(describeOaiErrors(response.errors).length).toBeGreaterThan(0);
      return;
    }
    if (response.kind === 'identify') {
      expect(response.identify.baseURL ?? response.identify.repositoryName).toBeTruthy();
      return;
    }
    if (response.kind === 'formats') {
      for (const f of response.formats) expect(f.metadataPrefix.trim()).toBe(f.metadataPrefix);
      return;
    }
    if (response.kind !== 'records') return;
    if (response.total !== undefined) expect(Number.isInteger(response.total)).toBe(true);
    const prefix = /<request\b[^>]*\bmetadataPrefix="([^"]+)"/.exec(text)?.[1] ?? 'unknown';
    for (const listed of response.records) {
      const record = await toRemoteRecord(listed, BASE, prefix);
      expect(record.remoteId).toBe(listed.identifier);
      // the kept original stands alone as XML
      expect(XMLValidator.validate(record.original.body)).toBe(true);
      try {
        const out = oaiHarvester.normalise(record.raw, { source: { url: BASE }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00Z' });
        expect(listed.deleted).toBe(false);
        expect(out.remoteId).toBe(listed.identifier);
        expect(out.remoteUrl?.startsWith(`${BASE}?verb=GetRecord&metadataPrefix=`)).toBe(true);
        expect(out.dataset.title.length).toBeGreaterThan(0);
        if (out.remoteModified !== undefined) expect(out.remoteModified).toMatch(DATE);
        for (const date of [out.dataset.issued, out.dataset.modified]) if (date !== undefined) expect(date).toMatch(DATE);
        if (listed.sets.length > 0) expect(out.dataset.extras['oai:sets']).toEqual(listed.sets);
      } catch (error) {
        if (!(error instanceof InvalidRecord) && !(error instanceof SkipRecord)) throw error;
        expect(error.remoteId).toBe(listed.identifier);
        if (listed.deleted) expect(error).toEqual(new SkipRecord('deleted at the source', listed.identifier));
        else expect(error.message).toMatch(/^OAI record .+ \(.+\)(:| has no <metadata>)/);
      }
    }
  });
});
