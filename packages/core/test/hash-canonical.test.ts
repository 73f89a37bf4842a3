import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, emptyDataset } from '@moisson/core';

/** The definition canonicalJson replaced: JSON.stringify of a copy with sorted keys. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : sortKeys(item)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[key];
        if (member !== undefined) out[key] = sortKeys(member);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'B', 'title', 'é', 'z:1', '', '0', '1', '10', '9', '01', '-1', '4294967295', '1.5', '__proto__', 'toJSON', '\u2028', 'lang', 'value', '\ud800'];
const LEAVES: unknown[] = [0, -0, 1.5, 1e21, -3, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', 'é"\\\n\u0001', '\ud800', true, false, null, undefined, () => 1, Symbol('s'), new Date(0), new Map([[1, 2]])];

function value(next: () => number, depth: number): unknown {
  const roll = next();
  if (depth > 3 || roll < 0.4) return LEAVES[Math.floor(next() * LEAVES.length)];
  if (roll < 0.6) {
    const items: unknown[] = [];
    const length = Math.floor(next() * 5);
    for (let i = 0; i < length; i++) items.push(value(next, depth + 1));
    if (next() < 0.1) items[length + 2] = 'after a hole';
    return items;
  }
  const object: Record<string, unknown> = {};
  const size = Math.floor(next() * 6);
  for (let i = 0; i < size; i++) {
    const key = KEYS[Math.floor(next() * KEYS.length)] as string;
    if (key === '__proto__') Object.defineProperty(object, key, { value: value(next, depth + 1), enumerable: true, configurable: true, writable: true });
    else object[key] = value(next, depth + 1);
  }
  return object;
}

describe('canonicalJson', () => {
  it('writes the same text as JSON.stringify of a sorted copy, on 20,000 random values', () => {
    const next = random(20261126);
    let withIndexKeys = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = value(next, 0);
      const text = reference(v);
      if (text && /"\d+":/.test(text)) withIndexKeys++;
      const written = canonicalJson(v);
      if (written !== text) mismatches.push(`${written} ≠ ${text}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The generator does reach the objects the direct writer hands back to the sorted copy.
    expect(withIndexKeys).toBeGreaterThan(100);
  });

  it('writes the same text on datasets, and on the values JSON cannot write', () => {
    const dataset = { ...emptyDataset(), title: [{ value: 'Arbres « remarquables »', lang: 'fr' }], extras: { 'iso:b': ['x'], 'iso:a': 1, '2': 'two', '10': 'ten' }, modified: undefined };
    expect(canonicalJson(dataset)).toBe(reference(dataset));
    expect(canonicalJson(undefined)).toBe(reference(undefined));
    expect(canonicalJson(() => 1)).toBe(reference(() => 1));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(contentHash({ b: 1, a: [undefined, 'x'] })).toBe(contentHash({ a: [null, 'x'], b: 1 }));
  });
});
