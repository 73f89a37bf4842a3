import { describe, expect, it } from 'vitest';
import { contentHash, emptyDataset } from '@moisson/core';

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
