import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidRecord, type NormalisedRecord } from '@moisson/core';
import { normaliseCswRecord, parseXml, readCapabilities, readCswResponse, UnsafeXml } from '@moisson/harvester-csw';
import { describe, expect, it } from 'vitest';
import { corpusFiles } from '../support/corpus.js';

const files = corpusFiles('csw').filter((file) => /\.(xml|txt)$/i.test(file) || !/\.[a-z0-9]+$/i.test(basename(file)));
const ctx = { source: { url: 'https://catalogue.example.org/csw' }, config: {}, filters: [], harvestedAt: '2024-01-01T00:00:00Z' };

/** A record normalises to an id and a title, or is refused as an item error: nothing else. */
function checkRecord(xml: string): NormalisedRecord | InvalidRecord {
  try {
    const out = normaliseCswRecord({ xml }, ctx);
    expect(out.remoteId.trim()).not.toBe('');
    expect(out.dataset.title.length).toBeGreaterThan(0);
    expect(out.remoteUrl).toContain('request=GetRecordById');
    for (const location of out.dataset.spatial) {
      if (!location.bbox) continue;
      const [w, s, e, n] = location.bbox;
      expect(Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n).toBe(true);
    }
    for (const distribution of out.dataset.distributions) expect(distribution.accessURL.length).toBeGreaterThan(0);
    expect(out.chain).toEqual([]);
    return out;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRecord);
    return error as InvalidRecord;
  }
}

describe.skipIf(files.length === 0)('CSW corpus', () => {
  for (const file of files) {
    it(basename(file), () => {
      const text = readFileSync(file, 'utf8');
      let root: string;
      try {
        root = parseXml(text).name;
      } catch (error) {
        // Unreadable or hostile documents must be refused with a clear error, never crash elsewhere.
        expect(error).toBeInstanceOf(UnsafeXml);
        return;
      }
      if (root === 'GetRecordsResponse') {
        const response = readCswResponse(text);
        if (response.kind !== 'results') throw new Error(`expected results, got ${response.kind}`);
        const results = response.records.map((record) => checkRecord(record.xml));
        if (response.returned !== undefined) expect(response.records.length).toBe(response.returned);
        const ok = results.filter((r): r is NormalisedRecord => !(r instanceof InvalidRecord));
        expect(new Set(ok.map((r) => r.remoteId)).size).toBe(ok.length);
      } else if (root === 'ExceptionReport') {
        const response = readCswResponse(text);
        expect(response.kind).toBe('exception');
        if (response.kind === 'exception') expect(response.message.length).toBeGreaterThan(0);
      } else if (root === 'Capabilities') {
        const caps = readCapabilities(parseXml(text).element);
        expect(caps.getRecordsGet ?? caps.getRecordsPost).toBeTruthy();
      } else if (['MD_Metadata', 'MI_Metadata', 'Record'].includes(root)) {
        checkRecord(text);
      } else if (root === 'GetRecordByIdResponse') {
        const inner = text.replace(/^[\s\S]*?<([\w.-]+:)?GetRecordByIdResponse[^>]*>/, '').replace(/<\/([\w.-]+:)?GetRecordByIdResponse>\s*$/, '');
        if (inner.trim()) checkRecord(inner.trim());
      }
    });
  }
});
