import { describe, expect, it } from 'vitest';
import { RecentIds } from '@moisson/core';

describe('RecentIds', () => {
  it('remembers at most its capacity, forgetting the oldest id first', () => {
    const recent = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) recent.add(id);
    expect(recent.size).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => recent.has(id))).toEqual(['c', 'd', 'e']);
  });

  it('stays bounded over a listing far larger than its capacity', () => {
    const recent = new RecentIds(100);
    for (let i = 0; i < 100_000; i++) recent.add(`id-${i}`);
    expect(recent.size).toBe(100);
    expect(recent.has('id-99999')).toBe(true);
    expect(recent.has('id-99900')).toBe(true);
    expect(recent.has('id-99899')).toBe(false);
  });

  it('does not count an id added twice, nor let it push another out', () => {
    const recent = new RecentIds(2);
    recent.add('a');
    recent.add('b');
    recent.add('b');
    expect(recent.size).toBe(2);
    expect(recent.has('a')).toBe(true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow(RangeError);
  });
});
