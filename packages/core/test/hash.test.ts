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

/** The definition canonicalJson must keep: a sorted copy of every object, then JSON.stringify. */
function referenceCanonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : sort(item)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[key];
        if (member !== undefined) Object.defineProperty(out, key, { value: sort(member), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

describe('canonicalJson', () => {
  it('gives the text of the sorted copy, for values in order, out of order and partly in order', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const keys = ['value', 'lang', 'uri', 'label', 'a', 'b', '10', '9', '0', 'Z', 'é', '__proto__'];
    const randomValue = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [1.5, 'x', null, true, undefined, 'q"uote'][Math.floor(next() * 6)];
      if (r < 0.5) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(depth + 1));
      const object: Record<string, unknown> = {};
      for (let k = Math.floor(next() * 5); k > 0; k--) {
        const key = keys[Math.floor(next() * keys.length)] as string;
        Object.defineProperty(object, key, { value: randomValue(depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return object;
    };
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('keeps array-index keys in numeric order and a member named __proto__, as JSON.parse gives them', () => {
    const parsed = JSON.parse('{"b":1,"10":2,"__proto__":{"z":1,"a":2},"9":3,"a":[{"y":1,"x":2}]}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"9":3,"10":2,"__proto__":{"a":2,"z":1},"a":[{"x":2,"y":1}],"b":1}');
  });

  it('leaves the value it reads unchanged', () => {
    const value = { b: [{ d: 1, c: undefined }], a: 'x' };
    canonicalJson(value);
    expect(Object.keys(value)).toEqual(['b', 'a']);
    expect(Object.keys(value.b[0] as object)).toEqual(['d', 'c']);
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
