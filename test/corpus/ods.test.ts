import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRecord, ProtocolError, type NormalisedRecord } from '@moisson/core';
import { AddressGuard, HttpClient } from '@moisson/http';
import { odsHarvester, readOdsError, type OdsConfig, type OdsDataset } from '@moisson/harvester-ods';
import { corpusFiles } from '../support/corpus.js';
import { FixtureServer } from '../support/fixture-server.js';

/** JSON files only: the DCAT exports in the same folder belong to the DCAT harvester. */
const files = corpusFiles('ods').filter((f) => f.toLowerCase().endsWith('.json'));
const PORTAL = 'https://portal.example';

type Kind =
  | { kind: 'listing'; items: unknown[] }
  | { kind: 'dataset'; item: OdsDataset }
  | { kind: 'error'; message: string }
  | { kind: 'other' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What an ODS JSON answer is: a v2.1 / v2.0 / v1 listing, one dataset, or an error envelope. */
function classify(body: unknown): Kind {
  if (!isObject(body)) return { kind: 'other' };
  if (Array.isArray(body['results'])) return { kind: 'listing', items: body['results'] };
  if (Array.isArray(body['datasets'])) return { kind: 'listing', items: body['datasets'] };
  if ('dataset_id' in body || 'datasetid' in body || isObject(body['dataset'])) return { kind: 'dataset', item: body };
  const error = readOdsError(body);
  return error ? { kind: 'error', message: error.message } : { kind: 'other' };
}

const ctx = { source: { url: `${PORTAL}/` }, config: {} as OdsConfig, filters: [], harvestedAt: '2024-06-01T00:00:00Z' };

/** Checks every real ODS dataset must pass, whatever portal it came from. */
function checkDataset(item: unknown): 'ok' | 'invalid' {
  let record: NormalisedRecord;
  try {
    record = odsHarvester.normalise(item as OdsDataset, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRecord);
    return 'invalid';
  }
  const d = record.dataset;
  expect(record.remoteId.length).toBeGreaterThan(0);
  expect(d.title[0]?.value.trim().length ?? 0).toBeGreaterThan(0);
  expect(record.remoteUrl).toBe(`${PORTAL}/explore/dataset/${encodeURIComponent(record.remoteId)}/`);
  expect(d.identifiers).toEqual([record.remoteUrl]);
  for (const dist of d.distributions) {
    expect(dist.accessURL.length).toBeGreaterThan(0);
    if (dist.remoteId?.startsWith('export:')) {
      expect(dist.downloadURL[0]?.startsWith(`${PORTAL}/api/`)).toBe(true);
      expect(dist.mediaType ?? dist.format).toBeDefined();
    }
  }
  for (const place of d.spatial) {
    if (!place.bbox) continue;
    const [w, s, e, n] = place.bbox;
    expect(Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n).toBe(true);
  }
  for (const hop of record.chain) {
    expect(hop.catalog.url).toMatch(/^https:\/\/[^/]+$/);
    expect(hop.recordId).toBeTruthy();
  }
  if (d.modified) expect(Number.isNaN(Date.parse(d.modified))).toBe(false);
  return 'ok';
}

describe.skipIf(files.length === 0)('corpus: Opendatasoft JSON answers', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await new FixtureServer().start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(files.map((f) => [basename(f), f]))('%s', async (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const kind = classify(JSON.parse(text) as unknown);
    if (kind.kind === 'listing') {
      const outcomes = kind.items.map(checkDataset);
      // A listing where nothing normalises means the mapping, not the data, is wrong.
      if (kind.items.length > 0) expect(outcomes).toContain('ok');
    } else if (kind.kind === 'dataset') {
      expect(checkDataset(kind.item)).toBe('ok');
    } else if (kind.kind === 'error') {
      // Served as ODS serves it, the envelope must surface as a ProtocolError with ODS's message.
      server.route('/api/explore/v2.1/catalog/datasets', { status: 400, headers: { 'content-type': 'application/json' }, body: text });
      const http = new HttpClient({ guard: new AddressGuard(['127.0.0.1']), retries: 2, backoffMs: 10 });
      const error = await (async () => {
        for await (const page of odsHarvester.pages({ url: server.url, filters: [], config: { apiVersion: 'v2.1' } }, null, http)) void page;
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as Error).message).toContain(kind.message);
    } else {
      process.stderr.write(`corpus ods: ${basename(file)} is not an ODS listing, dataset or error; not checked\n`);
    }
  });
});
