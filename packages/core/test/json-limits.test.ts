import { describe, expect, it } from 'vitest';
import { LimitExceeded, parseJsonLimited, ProtocolError } from '@moisson/core';

const url = 'https://data.example.org/api';

describe('parseJsonLimited', () => {
  it('parses ordinary JSON, brackets inside strings not counted', () => {
    expect(parseJsonLimited('{"a": ["[[[[", {"b": "}\\"]"}]}', url, { maxDepth: 3 })).toEqual({ a: ['[[[[', { b: '}"]' }] });
  });

  it('refuses nesting deeper than the limit before parsing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const error = (() => {
      try {
        return parseJsonLimited(deep, url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LimitExceeded);
    expect((error as Error).message).toBe('JSON nested deeper than 64 levels');
  });

  it('refuses text over the length limit', () => {
    expect(() => parseJsonLimited(`"${'x'.repeat(100)}"`, url, { maxLength: 50 })).toThrow('JSON of 102 characters is over the 50-character limit');
  });

  it('says what came instead: HTML, a truncated answer, nothing', () => {
    expect(() => parseJsonLimited('<!DOCTYPE html><html>Maintenance</html>', url)).toThrow(ProtocolError);
    expect(() => parseJsonLimited('<!DOCTYPE html><html>Maintenance</html>', url)).toThrow(`${url} answered an HTML or XML page where JSON was expected`);
    expect(() => parseJsonLimited('{"results": [{"id": 1}, {"id"', url)).toThrow(`${url} answered JSON that does not parse (truncated?) where JSON was expected`);
    expect(() => parseJsonLimited('  ', url)).toThrow(`${url} answered an empty body where JSON was expected`);
  });
});
