import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRecord, ProtocolError, SkipRecord, type NormaliseContext } from '@moisson/core';
import { normaliseCkanPackage, parseJsonBody, readSearchResult, siteRoot, unwrapResult, type CkanConfig, type CkanPackage } from '@moisson/harvester-ckan';
import { corpusFiles } from '../support/corpus.js';

/**
 * Every real CKAN answer in the corpus (package_search pages, package_show answers, error
 * envelopes, DKAN arrays) through the CKAN harvester's readers and normaliser, with checks that
 * hold for any real file of that kind.
 */
const files = corpusFiles('ckan');

type Kind = { kind: 'error'; error: unknown } | { kind: 'packages'; packages: unknown[]; site: string } | { kind: 'other' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The site the answer came from, read from CKAN's `help` link when there is one. */
function siteOf(parsed: unknown): string {
  const help = isObject(parsed) ? parsed['help'] : undefined;
  if (typeof help === 'string' && /^https?:\/\//.test(help)) return siteRoot(help);
  return 'https://ckan.corpus.invalid';
}

function classify(path: string): Kind {
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = parseJsonBody(text, path);
  } catch (error) {
    return { kind: 'error', error };
  }
  if (isObject(parsed) && ('success' in parsed || 'result' in parsed || 'error' in parsed)) {
    let result: unknown;
    try {
      result = unwrapResult(parsed, path, 'corpus');
    } catch (error) {
      return { kind: 'error', error };
    }
    if (Array.isArray(result) || (isObject(result) && Array.isArray(result['results']))) {
      return { kind: 'packages', packages: readSearchResult(result, path).packages, site: siteOf(parsed) };
    }
    if (isObject(result) && 'id' in result && ('title' in result || 'name' in result)) return { kind: 'packages', packages: [result], site: siteOf(parsed) };
    return { kind: 'other' };
  }
  if (isObject(parsed) && 'id' in parsed && 'resources' in parsed) return { kind: 'packages', packages: [parsed], site: siteOf(parsed) };
  return { kind: 'other' };
}

const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?)?)?$/;

function extrasMap(pkg: CkanPackage): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (Array.isArray(pkg['extras'])) for (const e of pkg['extras']) if (isObject(e) && typeof e['key'] === 'string') map.set(e['key'], e['value']);
  return map;
}

function checkPackage(pkg: unknown, site: string): void {
  expect(isObject(pkg)).toBe(true);
  const raw = pkg as CkanPackage;
  const ctx: NormaliseContext<CkanConfig> = { source: { url: site }, config: {}, filters: [], harvestedAt: '2025-01-01T00:00:00.000Z' };
  let out;
  try {
    out = normaliseCkanPackage(raw, ctx);
  } catch (error) {
    expect(error instanceof InvalidRecord || error instanceof SkipRecord, String(error)).toBe(true);
    if (error instanceof InvalidRecord) expect(error.message).toMatch(/has no (id|title)/);
    return;
  }
  // Pure and deterministic.
  expect(normaliseCkanPackage(raw, ctx)).toEqual(out);
  const d = out.dataset;
  expect(out.remoteId).toBe(String(raw['id']).trim());
  expect(out.remoteUrl?.startsWith(`${site}/dataset/`)).toBe(true);
  expect(d.title.length).toBeGreaterThan(0);

  const translated = raw['title_translated'];
  if (isObject(translated)) {
    for (const [lang, value] of Object.entries(translated)) {
      if (typeof value === 'string' && value.trim()) expect(d.title).toContainEqual({ value: value.trim(), lang: lang.toLowerCase() });
    }
  } else if (typeof raw['title'] === 'string') {
    expect(d.title[0]!.value).toBe(raw['title'].trim());
  }
  if (!isObject(raw['tags_translated']) && Array.isArray(raw['tags'])) {
    for (const tag of raw['tags']) {
      const name = isObject(tag) ? (tag['display_name'] ?? tag['name']) : tag;
      if (typeof name === 'string' && name.trim()) expect(d.keywords.map((k) => k.value)).toContain(name.trim());
    }
  }
  const live = (Array.isArray(raw['resources']) ? raw['resources'] : []).filter((r) => isObject(r) && r['state'] !== 'deleted');
  expect(d.distributions).toHaveLength(live.length);
  for (const dist of d.distributions) {
    expect(dist.accessURL.length).toBeGreaterThan(0);
    if (dist.byteSize !== undefined) expect(Number.isSafeInteger(dist.byteSize) && dist.byteSize >= 0).toBe(true);
    if (dist.checksum) expect(dist.checksum.value).toMatch(/^[0-9a-f]+$/);
    for (const date of [dist.issued, dist.modified]) if (date) expect(date).toMatch(DATE);
  }
  for (const date of [d.issued, d.modified, out.remoteModified, ...d.temporal.flatMap((t) => [t.start, t.end])]) if (date) expect(date).toMatch(DATE);
  for (const lang of d.languages) expect(lang).toMatch(/^http:\/\/publications\.europa\.eu\/resource\/authority\/language\/[A-Z]{3}$/);
  for (const place of d.spatial) {
    if (place.bbox) {
      const [w, s, e, n] = place.bbox;
      expect(Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n).toBe(true);
    }
  }
  for (const key of Object.keys(d.extras)) expect(key.startsWith('ckan:')).toBe(true);

  const extras = extrasMap(raw);
  const harvested = ['harvest_object_id', 'harvest_source_title', 'source_catalog_title', 'spatial_harvester'].some((k) => {
    const v = extras.get(k);
    return typeof v === 'string' && v.trim() !== '';
  });
  if (harvested) expect(out.chain).toHaveLength(1);
  expect(out.chain.length).toBeLessThanOrEqual(1);
  if (out.chain[0]) {
    expect(out.chain[0].role).toBe('origin');
    const guid = extras.get('guid');
    if (typeof guid === 'string' && guid.trim()) expect(out.chain[0].recordId).toBe(guid.trim());
    const title = extras.get('harvest_source_title');
    if (typeof title === 'string' && title.trim() && !extras.get('source_catalog_title')) expect(out.chain[0].catalog.title).toBe(title.trim());
  }
}

describe.skipIf(files.length === 0)('CKAN corpus', () => {
  it.each(files.map((f) => [basename(f), f]))('%s', (_name, path) => {
    const kind = classify(path);
    if (kind.kind === 'error') {
      expect(kind.error).toBeInstanceOf(ProtocolError);
      // A clear error: it says where, and carries more than a bare type.
      expect((kind.error as ProtocolError).message).toContain(path);
      expect((kind.error as ProtocolError).message.length).toBeGreaterThan(path.length + 20);
      return;
    }
    if (kind.kind === 'other') return;
    for (const pkg of kind.packages) checkPackage(pkg, kind.site);
  });
});
