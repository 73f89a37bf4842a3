import { describe, expect, it } from 'vitest';
import type { NormalisedRecord } from '@moisson/core';
import { normaliseFixture } from './helpers.js';

const DATASET = 'https://geo.producteur.example/datasets/baignade';

async function chainFrom(sourceUrl: string): Promise<NormalisedRecord['chain']> {
  const out = await normaliseFixture('moisson-catalog.ttl', 'turtle', sourceUrl);
  const record = out.get(DATASET);
  if (!record || record instanceof Error) throw new Error(`no record: ${String(record)}`);
  return record.chain;
}

const producerHop = {
  role: 'origin',
  catalog: { title: 'GéoProducteur', url: 'https://geo.producteur.example/csw' },
  recordId: '8f6b1d2e-4c1a-4f7e-9c3b-2a5d6e7f8a9b',
  recordUrl: 'https://geo.producteur.example/csw?request=GetRecordById&id=8f6b1d2e',
  publisher: { name: [{ value: 'ARS Occitanie' }] },
  harvestedAt: '2024-03-01T03:00:00.000Z',
  modified: '2024-02-20T10:00:00.000Z',
  protocol: 'csw',
};

describe('a moisson catalogue read back (each hop a dcat:CatalogRecord in a named dcat:Catalog)', () => {
  it('keeps every hop, the source\'s own record last, whatever order the records come in', async () => {
    expect(await chainFrom('http://127.0.0.1:8080/catalog.ttl')).toEqual([
      producerHop,
      {
        role: 'intermediate',
        catalog: { title: 'Moisson A', url: 'https://moisson-a.example.org' },
        recordId: '7f0c',
        recordUrl: 'https://moisson-a.example.org/api/datasets/7f0c',
        harvestedAt: '2024-03-01T03:00:00.000Z',
        modified: '2024-03-02T03:00:00.000Z',
        protocol: 'dcat',
      },
    ]);
  });

  it('leaves the source\'s own record to the source hop when its catalogue is the URL harvested', async () => {
    expect(await chainFrom('https://moisson-a.example.org/')).toEqual([producerHop]);
  });
});
