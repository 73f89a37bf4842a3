import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRecord, type NormalisedRecord } from '@moisson/core';
import { decodeXmlBytes, gbifHarvester, normaliseEml, readIptFeed, type GbifConfig } from '@moisson/harvester-gbif';
import { corpusFiles } from '../support/corpus.js';

/** Every real EML (and the GBIF/IPT answers stored beside them) through the biodiversity normalisers. */
const files = corpusFiles('eml');
const LANGUAGE_NAL = 'http://publications.europa.eu/resource/authority/language/';

/** What any normalised EML must satisfy, whatever produced it. */
function checkRecord(record: NormalisedRecord, file: string): void {
  const d = record.dataset;
  expect(record.remoteId.trim(), file).not.toBe('');
  expect(record.remoteId, `${file}: the key carries no version suffix`).not.toMatch(/\/v\d+(\.\d+)*$/);
  expect(d.title.length, file).toBeGreaterThan(0);
  for (const t of [...d.title, ...d.description, ...d.keywords]) expect(t.value.trim(), file).toBe(t.value);
  for (const lang of d.languages) expect(lang.startsWith(LANGUAGE_NAL), `${file}: ${lang}`).toBe(true);
  for (const location of d.spatial) {
    if (location.bbox) {
      const [w, s, e, n] = location.bbox;
      expect(Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n, `${file}: bbox ${location.bbox.join(',')}`).toBe(true);
    }
    expect(location.bbox ?? location.geometry ?? location.label, `${file}: an empty location`).toBeDefined();
  }
  for (const period of d.temporal) {
    expect(period.start ?? period.end ?? period.label, `${file}: an empty period`).toBeDefined();
    if (period.start && period.end && period.start.length === period.end.length) expect(period.start <= period.end, `${file}: ${period.start} > ${period.end}`).toBe(true);
  }
  if (d.license?.uri) expect(d.license.uri, file).toMatch(/^https?:\/\//);
  for (const distribution of d.distributions) expect(distribution.accessURL.length, file).toBeGreaterThan(0);
  expect(d.themes.some((t) => t.uri?.endsWith('/data-theme/ENVI')), file).toBe(true);
  // Stored as JSONB: the record must survive a JSON round trip unchanged.
  expect(JSON.parse(JSON.stringify(record)), file).toEqual(record);
}

const ctx = { source: { url: 'https://api.gbif.org/v1/' }, config: {} as GbifConfig, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };

describe.skipIf(files.length === 0)('corpus: EML and GBIF/IPT answers', () => {
  const seen = { eml: 0, invalid: 0, feeds: 0, searches: 0, other: 0 };

  it.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const bytes = readFileSync(file);
    const text = decodeXmlBytes(bytes).trimStart();
    if (text.startsWith('{') || text.startsWith('[')) {
      const body: unknown = JSON.parse(text);
      const results = typeof body === 'object' && body !== null && 'results' in body && Array.isArray(body.results) ? (body.results as unknown[]) : undefined;
      if (!results) {
        seen.other++;
        return;
      }
      seen.searches++;
      for (const result of results) {
        try {
          checkRecord(gbifHarvester.normalise({ search: result as Record<string, unknown>, eml: null, endpoints: [] }, ctx), file);
        } catch (error) {
          expect(error, file).toBeInstanceOf(InvalidRecord);
        }
      }
      return;
    }
    if (/<rss[\s>]/.test(text.slice(0, 2000))) {
      seen.feeds++;
      const feed = readIptFeed(text, file);
      for (const item of feed.items) expect(item.shortName.trim(), file).not.toBe('');
      return;
    }
    if (!/<([\w-]+:)?eml[\s>]/.test(text.slice(0, 4000))) {
      seen.other++;
      return;
    }
    try {
      const record = normaliseEml(bytes);
      seen.eml++;
      checkRecord(record, file);
      // Pure: the same bytes give the same record.
      expect(normaliseEml(bytes), file).toEqual(record);
    } catch (error) {
      seen.invalid++;
      expect(error, file).toBeInstanceOf(InvalidRecord);
      expect((error as InvalidRecord).message.length, file).toBeGreaterThan(10);
    }
  });

  it('read at least one EML document', () => {
    process.stderr.write(`corpus eml: ${JSON.stringify(seen)}\n`);
    expect(seen.eml + seen.invalid + seen.feeds + seen.searches).toBeGreaterThan(0);
  });
});
