import { describe, expect, it } from 'vitest';
import { contentHash, emptyDataset, type NormalisedRecord } from '@moisson/core';
import { toWrite } from '../src/records.js';

const dataset = {
  ...emptyDataset(),
  uri: 'https://data.example.fr/datasets/arbres',
  title: [{ value: 'Arbres remarquables', lang: 'fr' }, { value: 'Remarkable trees', lang: 'en' }],
  description: [{ value: 'Inventaire "complet" \\ mis à jour', lang: 'fr' }],
  keywords: [{ value: 'arbres' }, { value: 'patrimoine' }],
};
const chain = [{ catalog: { title: 'Portail régional', url: 'https://region.example.fr' }, recordId: 'arbres' }];
const original = { mediaType: 'application/json', body: '{"id":"arbres"}' };
const identity = { sourceUrl: 'https://region.example.fr', ownUrls: [] };

describe('toWrite', () => {
  it.each([
    ['with a remote URL and date', { remoteUrl: 'https://region.example.fr/dataset/arbres', remoteModified: '2024-05-02T10:00:00Z' }],
    ['without them', {}],
  ])("hashes a record %s as contentHash did, and sends the dataset's JSON it hashed", (_, remote) => {
    const record: NormalisedRecord = { remoteId: 'arbres', dataset, chain, ...remote };
    const row = toWrite(record, original, identity);
    // The hash stored by earlier versions: a different one would count every dataset as changed once.
    expect(row.hash).toBe(contentHash({ dataset, chain, remoteUrl: record.remoteUrl, remoteModified: record.remoteModified }));
    expect(JSON.parse(row.dataJson!)).toEqual(dataset);
    expect(toWrite({ ...record, chain: [] }, original, identity).hash).not.toBe(row.hash);
  });
});
