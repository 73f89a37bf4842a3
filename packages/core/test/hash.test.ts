import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonOfMembers, contentHash, emptyDataset } from '@moisson/core';

describe('contentHash', () => {
  it('is the same whatever order properties were built in', () => {
    const a = { ...emptyDataset(), title: [{ value: 'Arbres', lang: 'fr' }], modified: '2024-01-01' };
    const b = { modified: '2024-01-01', ...emptyDataset(), title: [{ lang: 'fr', value: 'Arbres' }] };
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when any value changes, including order inside lists', () => {
    const a = { ...emptyDataset(), keywords: [{ value: 'a' }, { value: 'b' }] };
    const b = { ...emptyDataset(), keywords: [{ value: 'b' }, { value: 'a' }] };
    expect(contentHash(a)).not.toBe(contentHash(b));
  });

  it('ignores undefined members', () => {
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
  });
});

describe('canonicalJsonOfMembers', () => {
  it('is the canonical JSON of the object whose members it is given as canonical JSON', () => {
    const dataset = { ...emptyDataset(), title: [{ value: 'Qualité "de l\'air"', lang: 'fr' }], keywords: [{ value: 'b' }, { value: 'a' }] };
    const members = { remoteUrl: 'https://example.org/d/1', dataset, chain: [{ catalog: { url: 'https://example.org' } }], remoteModified: undefined };
    const text = canonicalJsonOfMembers(Object.fromEntries(Object.entries(members).map(([key, value]) => [key, value === undefined ? undefined : canonicalJson(value)])));
    expect(text).toBe(canonicalJson(members));
    expect(JSON.parse(text)).toEqual({ chain: members.chain, dataset, remoteUrl: members.remoteUrl });
    expect(canonicalJsonOfMembers({ a: undefined })).toBe('{}');
  });
});
