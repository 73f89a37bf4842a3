import { describe, expect, it } from 'vitest';
import { buildFq, checkFilters, resolveConfig } from '@moisson/harvester-ckan';

describe('buildFq', () => {
  it('prefixes every clause, ORs several includes of one key and quotes values that need it', () => {
    expect(
      buildFq([
        { key: 'organization', value: 'ville-de-paris', type: 'include' },
        { key: 'organization', value: 'test org', type: 'exclude' },
        { key: 'tags', value: 'a b', type: 'include' },
        { key: 'tags', value: 'say "hi"', type: 'include' },
        { key: 'groups', value: 'environment', type: 'include' },
      ]),
    ).toBe('+organization:ville-de-paris -organization:"test org" +(tags:"a b" OR tags:"say \\"hi\\"") +groups:environment');
  });

  it('passes a lone raw fq as is and anchors it when combined; a negative one on *:*', () => {
    expect(buildFq([{ key: 'fq', value: 'res_format:CSV', type: 'include' }])).toBe('res_format:CSV');
    expect(buildFq([{ key: 'fq', value: '-res_format:PDF', type: 'include' }], '2024-05-01T10:00:00+02:00')).toBe(
      '+metadata_modified:[2024-05-01T08:00:00.000Z TO *] +(*:* -res_format:PDF)',
    );
    expect(buildFq([{ key: 'fq', value: 'num_resources:0', type: 'exclude' }])).toBe('-(num_resources:0)');
    expect(buildFq([])).toBeUndefined();
  });
});

describe('config', () => {
  it('applies defaults and refuses what cannot work, naming it', () => {
    expect(resolveConfig(undefined)).toEqual({ pageSize: 300 });
    expect(resolveConfig({ pageSize: 1000, language: 'FR' })).toEqual({ pageSize: 1000, language: 'fr' });
    expect(() => resolveConfig({ pageSize: 0 })).toThrow('pageSize must be an integer from 1 to 1000, not 0');
    expect(() => checkFilters([{ key: 'publisher', value: 'x', type: 'include' }])).toThrow('unknown CKAN filter key "publisher" (known: organization, tags, groups, fq)');
    expect(() => checkFilters([{ key: 'tags', value: ' ', type: 'include' }])).toThrow('CKAN filter "tags" has an empty value');
  });
});
