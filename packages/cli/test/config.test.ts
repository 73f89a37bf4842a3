import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';

describe('readConfig: admin tokens and the secret key', () => {
  it('reads MOISSON_ADMIN_TOKENS as a comma-separated list beside MOISSON_ADMIN_TOKEN', () => {
    const config = readConfig({ MOISSON_ADMIN_TOKEN: 'current', MOISSON_ADMIN_TOKENS: ' next , ,previous ' });
    expect(config).toMatchObject({ adminToken: 'current', adminTokens: ['next', 'previous'], adminTokenGenerated: false });
  });

  it('needs no MOISSON_ADMIN_TOKEN when MOISSON_ADMIN_TOKENS is set, and generates none', () => {
    expect(readConfig({ MOISSON_ADMIN_TOKENS: 'only-this' })).toMatchObject({ adminToken: '', adminTokens: ['only-this'], adminTokenGenerated: false });
  });

  it('generates a token only when neither is set', () => {
    const config = readConfig({});
    expect(config.adminTokenGenerated).toBe(true);
    expect(config.adminToken).toMatch(/^[\w-]{32}$/);
    expect(config.adminTokens).toEqual([]);
  });

  it('opens a secret box from a 32-byte MOISSON_SECRET_KEY and refuses a short one', () => {
    const key = randomBytes(32);
    const box = readConfig({ MOISSON_SECRET_KEY: key.toString('base64') }).secrets!;
    const sealed = box.seal({ type: 'basic', username: 'u', password: 'p' });
    expect(readConfig({ MOISSON_SECRET_KEY: key.toString('hex') }).secrets!.open(sealed)).toEqual({ type: 'basic', username: 'u', password: 'p' });
    expect(readConfig({}).secrets).toBeUndefined();
    expect(() => readConfig({ MOISSON_SECRET_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    expect(() => readConfig({ MOISSON_SECRET_KEY: 'c2hvcnQ=' })).toThrow('MOISSON_SECRET_KEY must be 32 random bytes written as 64 hex digits or in base64');
  });
});

describe('readConfig: the search facet index', () => {
  it('is on by default, off with MOISSON_SEARCH_FACET_INDEX=0, and refuses a value it cannot read', () => {
    expect(readConfig({}).searchFacetIndex).toBe(true);
    expect(readConfig({ MOISSON_SEARCH_FACET_INDEX: '0' }).searchFacetIndex).toBe(false);
    expect(readConfig({ MOISSON_SEARCH_FACET_INDEX: 'Off' }).searchFacetIndex).toBe(false);
    expect(readConfig({ MOISSON_SEARCH_FACET_INDEX: 'true' }).searchFacetIndex).toBe(true);
    expect(() => readConfig({ MOISSON_SEARCH_FACET_INDEX: 'maybe' })).toThrow('MOISSON_SEARCH_FACET_INDEX must be on or off (1/0, true/false), not "maybe"');
  });
});
