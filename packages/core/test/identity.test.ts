import { describe, expect, it } from 'vitest';
import { chainLoopsThrough, emptyDataset, identifierKey, identityKeys } from '@moisson/core';

describe('identifierKey', () => {
  it('normalises the same identifier written several ways to one key', () => {
    expect(identifierKey('https://doi.org/10.15468/ABC-123')).toBe('doi:10.15468/abc-123');
    expect(identifierKey('doi:10.15468/abc-123')).toBe('doi:10.15468/abc-123');
    expect(identifierKey('urn:uuid:3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(identifierKey('https://Data.Example.org/dataset/x/')).toBe('iri:data.example.org/dataset/x');
  });

  it('refuses identifiers too weak to match on across sources', () => {
    expect(identifierKey('1')).toBeUndefined();
    expect(identifierKey('roads')).toBeUndefined();
    expect(identifierKey('FR-200054781-CADASTRE')).toBe('id:FR-200054781-CADASTRE');
  });
});

describe('identityKeys', () => {
  it('includes the dataset identifiers and every (catalogue, record) of the chain and the source', () => {
    const dataset = { ...emptyDataset(), uri: 'https://a.example/ds/1', otherIdentifiers: [{ notation: '10.1234/xyz' }] };
    const keys = identityKeys(dataset, [{ catalog: { url: 'https://origin.example/' }, recordId: 'rec-1' }], { url: 'https://portal.example', remoteId: 'p1' });
    expect(keys.sort()).toEqual(['doi:10.1234/xyz', 'iri:a.example/ds/1', 'rec:origin.example#rec-1', 'rec:portal.example#p1'].sort());
  });
});

describe('chainLoopsThrough', () => {
  it('sees our own catalogue in a chain, whatever the path under it', () => {
    const chain = [{ catalog: { url: 'https://moisson.example.org/catalog.ttl' } }];
    expect(chainLoopsThrough(chain, ['https://moisson.example.org'])).toBe(true);
    expect(chainLoopsThrough(chain, ['https://other.example.org'])).toBe(false);
  });
});
