import { describe, expect, it } from 'vitest';
import { nextCswStart } from '../src/paging.js';

describe('nextCswStart', () => {
  it('follows nextRecord on a full page', () => {
    expect(nextCswStart(1, { matched: 120, returned: 50, nextRecord: 51 })).toEqual({ next: 51 });
  });
  it('fetches the page whose start is the last record (nextRecord == matched)', () => {
    expect(nextCswStart(51, { matched: 101, returned: 50, nextRecord: 101 })).toEqual({ next: 101 });
    expect(nextCswStart(101, { matched: 101, returned: 1, nextRecord: 0 })).toEqual({ next: null });
  });
  it('stops when nextRecord is 0', () => {
    expect(nextCswStart(101, { matched: 120, returned: 20, nextRecord: 0 })).toEqual({ next: null });
  });
  it('stops when nextRecord is past the matched count', () => {
    expect(nextCswStart(101, { matched: 120, returned: 20, nextRecord: 121 })).toEqual({ next: null });
  });
  it('stops on an empty page, truncated when the server announced more', () => {
    expect(nextCswStart(1, { matched: 0, returned: 0, nextRecord: 0 })).toEqual({ next: null });
    expect(nextCswStart(121, { matched: 120, returned: 0 })).toEqual({ next: null });
    expect(nextCswStart(51, { matched: 120, returned: 0, nextRecord: 51 })).toEqual({
      next: null,
      truncated: 'the server returned no records at position 51 although it announced 120',
    });
  });
  it('detects a loop when nextRecord does not move forward', () => {
    expect(nextCswStart(51, { matched: 120, returned: 50, nextRecord: 51 })).toEqual({
      next: null,
      truncated: 'the server pointed back to position 51 from position 51 (a paging loop)',
    });
    expect(nextCswStart(51, { matched: 120, returned: 50, nextRecord: 1 }).truncated).toMatch(/paging loop/);
  });
  it('accepts pages shorter than asked and computes the next start without nextRecord', () => {
    expect(nextCswStart(1, { matched: 120, returned: 10, nextRecord: 11 })).toEqual({ next: 11 });
    expect(nextCswStart(1, { matched: 120, returned: 10 })).toEqual({ next: 11 });
    expect(nextCswStart(111, { matched: 120, returned: 10 })).toEqual({ next: null });
    expect(nextCswStart(1, { returned: 10 })).toEqual({ next: 11 });
  });
});
