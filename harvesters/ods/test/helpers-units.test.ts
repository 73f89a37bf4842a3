import { describe, expect, it } from 'vitest';
import { SourceConfigError } from '@moisson/core';
import { portalRoot, readCursor, resolveConfig } from '@moisson/harvester-ods';
import { parseTemporal } from '../src/temporal.js';
import { odsqlString } from '../src/query.js';

describe('portalRoot', () => {
  it.each([
    ['https://data.x.fr', 'https://data.x.fr'],
    ['https://data.x.fr/', 'https://data.x.fr'],
    ['https://data.x.fr/api/explore/v2.1/catalog/datasets?limit=10', 'https://data.x.fr'],
    ['https://data.x.fr/api/datasets/1.0/search/', 'https://data.x.fr'],
    ['https://data.x.fr/explore/dataset/arbres/table/', 'https://data.x.fr'],
  ])('%s → %s', (url, root) => expect(portalRoot(url)).toBe(root));

  it('refuses what is not an http(s) URL', () => {
    expect(() => portalRoot('ftp://data.x.fr/')).toThrow(SourceConfigError);
  });
});

describe('parseTemporal', () => {
  it.each([
    ['2015/2023', { start: '2015', end: '2023' }],
    ['2010-2020', { start: '2010', end: '2020' }],
    ['2015-01-01/2015-12-31', { start: '2015-01-01', end: '2015-12-31' }],
    ['du 01/01/2010 au 31/12/2020', { start: '2010-01-01', end: '2020-12-31' }],
    ['2019', { start: '2019', end: '2019' }],
    ['2023/2015', { label: '2023/2015' }],
    ['depuis 1998', { label: 'depuis 1998' }],
  ])('%s', (text, period) => expect(parseTemporal(text)).toEqual(period));
});

describe('config and cursors', () => {
  it('applies defaults', () => {
    expect(resolveConfig({})).toEqual({ apiVersion: 'auto', pageSize: 100, offsetCap: 10_000 });
  });

  it('refuses an offset cap below the page size', () => {
    expect(() => resolveConfig({ pageSize: 50, offsetCap: 10 })).toThrow(/offsetCap/);
  });

  it('reads back the cursors it writes and refuses others', () => {
    expect(readCursor({ api: 'v2.1', offset: 200, last: 'x' })).toEqual({ api: 'v2.1', offset: 200, last: 'x' });
    expect(readCursor({ api: 'v2.1', after: 'x', seen: 10_000 })).toEqual({ api: 'v2.1', after: 'x', seen: 10_000 });
    expect(readCursor({ api: 'v1', start: 40 })).toEqual({ api: 'v1', start: 40 });
    expect(readCursor(null)).toBeNull();
    expect(() => readCursor({ page: 2 })).toThrow(SourceConfigError);
  });

  it('escapes ODSQL strings', () => {
    expect(odsqlString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });
});
