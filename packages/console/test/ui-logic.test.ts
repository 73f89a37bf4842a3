import { describe, expect, it } from 'vitest';
import { apiBase, type JobSummary } from '../ui/src/api.js';
import { narrowChain, narrowDuplicates } from '../ui/src/chain.js';
import { niceMax, runPoints } from '../ui/src/chart-data.js';
import { nextRun } from '../ui/src/cron.js';
import { narrowFacets } from '../ui/src/facets.js';
import { formatDuration, pickText, prettyRecord, runDuration } from '../ui/src/format.js';
import { initialLang, MESSAGES, translator } from '../ui/src/i18n.js';
import { href, parseRoute } from '../ui/src/router.js';

/** The console's pure pieces, without a browser. Dates are local, as cron and the scheduler are. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);

describe('nextRun', () => {
  it('finds the next daily run, today or tomorrow', () => {
    expect(nextRun('0 3 * * *', local(2026, 1, 10, 2, 59))).toEqual(local(2026, 1, 10, 3, 0));
    expect(nextRun('0 3 * * *', local(2026, 1, 10, 3, 0))).toEqual(local(2026, 1, 11, 3, 0));
  });

  it('handles steps, lists, ranges and names', () => {
    expect(nextRun('*/15 * * * *', local(2026, 1, 10, 8, 7))).toEqual(local(2026, 1, 10, 8, 15));
    expect(nextRun('30 8,20 * * *', local(2026, 1, 10, 9, 0))).toEqual(local(2026, 1, 10, 20, 30));
    // 2026-01-10 is a Saturday: the next weekday at 06:00 is Monday the 12th.
    expect(nextRun('0 6 * * mon-fri', local(2026, 1, 10, 12, 0))).toEqual(local(2026, 1, 12, 6, 0));
    expect(nextRun('0 0 1 jul *', local(2026, 1, 10))).toEqual(local(2026, 7, 1));
  });

  it('reads Sunday as 0 or 7, and either day field when both are restricted (as cron does)', () => {
    expect(nextRun('0 0 * * 7', local(2026, 1, 10))).toEqual(local(2026, 1, 11));
    // The 15th, or any Monday: Monday the 12th comes first.
    expect(nextRun('0 0 15 * 1', local(2026, 1, 10))).toEqual(local(2026, 1, 12));
  });

  it('ignores a leading seconds field and skips to the next leap day', () => {
    expect(nextRun('0 0 12 * * *', local(2026, 1, 10, 13, 0))).toEqual(local(2026, 1, 11, 12, 0));
    expect(nextRun('0 0 29 2 *', local(2026, 1, 10))).toEqual(local(2028, 2, 29));
  });

  it('gives no date for what is not a cron expression or never fires', () => {
    expect(nextRun('every day', local(2026, 1, 10))).toBeUndefined();
    expect(nextRun('61 * * * *', local(2026, 1, 10))).toBeUndefined();
    expect(nextRun('0 0 31 2 *', local(2026, 1, 10))).toBeUndefined();
  });
});

describe('narrowFacets', () => {
  it('reads a map of fields to buckets, with labels when given', () => {
    expect(narrowFacets({ format: [{ value: 'CSV', count: 12 }, { value: 'JSON', count: 3 }], publisher: [{ key: 'ign', label: 'IGN', count: 4 }] })).toEqual([
      { field: 'format', buckets: [{ value: 'CSV', label: 'CSV', count: 12 }, { value: 'JSON', label: 'JSON', count: 3 }] },
      { field: 'publisher', buckets: [{ value: 'ign', label: 'IGN', count: 4 }] },
    ]);
  });

  it('reads a list of named facets and plain value-to-count maps', () => {
    expect(narrowFacets([{ name: 'theme', values: [{ id: 'ENVI', title: 'Environment', count: 7 }] }, { field: 'license', buckets: { 'cc-by': 2 } }])).toEqual([
      { field: 'theme', buckets: [{ value: 'ENVI', label: 'Environment', count: 7 }] },
      { field: 'license', buckets: [{ value: 'cc-by', label: 'cc-by', count: 2 }] },
    ]);
  });

  it('drops what it cannot read instead of failing', () => {
    expect(narrowFacets(undefined)).toEqual([]);
    expect(narrowFacets('facets')).toEqual([]);
    expect(narrowFacets({ format: [{ value: 'CSV' }, null, 3], empty: [] })).toEqual([]);
  });
});

const BLANK_HOP = { catalogTitle: undefined, catalogUrl: undefined, recordId: undefined, recordUrl: undefined, publisher: undefined, protocol: undefined, harvestedAt: undefined, modified: undefined };

describe('narrowChain', () => {
  it('keeps each hop with its role, catalogue, record and publisher in the UI language', () => {
    const chain = narrowChain(
      [
        { catalog: { title: 'Producer', url: 'https://p.example' }, recordId: 'r1', publisher: { name: [{ value: 'Office', lang: 'en' }, { value: 'Bureau', lang: 'fr' }] } },
        { role: 'source', catalog: { title: 'CKAN' }, recordId: 'r2', recordUrl: 'https://ckan.example/d/r2', protocol: 'ckan' },
        { role: 'moisson', catalog: { title: 'moisson', url: 'https://m.example' } },
      ],
      'fr',
    );
    expect(chain).toEqual([
      { role: 'origin', catalogTitle: 'Producer', catalogUrl: 'https://p.example', recordId: 'r1', publisher: 'Bureau' },
      { role: 'source', catalogTitle: 'CKAN', recordId: 'r2', recordUrl: 'https://ckan.example/d/r2', protocol: 'ckan' },
      { role: 'moisson', catalogTitle: 'moisson', catalogUrl: 'https://m.example' },
    ].map((hop) => ({ ...BLANK_HOP, ...hop })));
  });

  it('gives a hop without a role its place in the chain, and skips non-objects', () => {
    expect(narrowChain([null, { catalog: {} }, { role: 'bogus', catalog: {} }], 'en').map((h) => h.role)).toEqual(['intermediate', 'intermediate']);
  });

  it('lists linked duplicates, not the dataset itself', () => {
    expect(narrowDuplicates({ id: 'a', duplicates: [{ id: 'a' }, { id: 'b', title: 'Same', source: { name: 'Other' } }, { title: 'no id' }] })).toEqual([
      { id: 'b', title: 'Same', sourceName: 'Other' },
    ]);
    expect(narrowDuplicates({ id: 'a' })).toEqual([]);
    // The API's shape: the whole linked cluster, this dataset included.
    expect(
      narrowDuplicates({
        id: 'a',
        origins: [
          { id: 'a', source: { id: 's1', name: 'CKAN' }, remoteId: 'r-a', remoteUrl: null, status: 'active', primary: true },
          { id: 'c', source: { id: 's2', name: 'GeoNetwork' }, remoteId: 'uuid-c', remoteUrl: 'https://geo.example/c', status: 'active', primary: false },
        ],
      }),
    ).toEqual([{ id: 'c', title: 'uuid-c', sourceName: 'GeoNetwork' }]);
  });
});

describe('runs chart data', () => {
  const job = (status: JobSummary['status'], finishedAt: string | null, counts: Partial<JobSummary['counts']>): JobSummary => ({
    id: finishedAt ?? 'x',
    sourceId: 's',
    status,
    trigger: 'manual',
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: null,
    finishedAt,
    complete: true,
    pages: 1,
    total: null,
    counts: { created: 0, updated: 0, unchanged: 0, skipped: 0, archived: 0, failed: 0, ...counts },
    error: null,
  });

  it('plots finished runs oldest first: datasets seen and item errors', () => {
    const jobs = [
      job('running', null, { created: 5 }),
      job('done', '2026-01-03T00:00:00Z', { unchanged: 20, updated: 4, failed: 1 }),
      job('failed', '2026-01-02T00:00:00Z', { created: 3, failed: 9, skipped: 2 }),
    ];
    expect(runPoints(jobs)).toEqual([
      { label: '2026-01-02T00:00:00Z', datasets: 3, errors: 9 },
      { label: '2026-01-03T00:00:00Z', datasets: 24, errors: 1 },
    ]);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 24, 200, 201, 9999].map(niceMax)).toEqual([1, 1, 5, 50, 200, 500, 10000]);
  });
});

describe('formatting', () => {
  it('writes durations for a table cell', () => {
    expect([850, 42_000, 185_000, 7_440_000, -1].map(formatDuration)).toEqual(['850 ms', '42 s', '3 min 05 s', '2 h 04 min', '—']);
    expect(runDuration('2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 0)).toBe(60_000);
    expect(runDuration('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:05Z'))).toBe(5000);
    expect(runDuration(null, null, 0)).toBeUndefined();
  });

  it('picks the text in the UI language, else the untagged one, else the first', () => {
    const texts = [{ value: 'Titre', lang: 'fr' }, { value: 'Title' }, { value: 'Titel', lang: 'de' }];
    expect(pickText(texts, 'fr')).toBe('Titre');
    expect(pickText(texts, 'en')).toBe('Title');
    expect(pickText([{ value: 'Titel', lang: 'de' }], 'en')).toBe('Titel');
    expect(pickText([], 'en')).toBeUndefined();
  });

  it('pretty-prints JSON records and leaves the others as they came', () => {
    expect(prettyRecord('{"a":[1]}', 'application/json')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyRecord('<gmd:MD_Metadata/>', 'application/xml')).toBe('<gmd:MD_Metadata/>');
    expect(prettyRecord('{broken', 'application/json')).toBe('{broken');
  });
});

describe('i18n', () => {
  it('has every string in both languages, none empty, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(MESSAGES.fr).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const [key, en] of Object.entries(MESSAGES.en)) {
      const fr = MESSAGES.fr[key as keyof typeof MESSAGES.fr];
      expect(en, key).not.toBe('');
      expect(fr, key).not.toBe('');
      expect(placeholders(fr), key).toEqual(placeholders(en));
    }
  });

  it('fills placeholders and picks the language', () => {
    expect(translator('fr')('progressOf', { done: 3, total: 10 })).toBe('3 fiches sur 10');
    expect(translator('en')('runTitle', { name: 'X' })).toBe('Run of X');
    expect(initialLang(null, ['fr-CA', 'en'])).toBe('fr');
    expect(initialLang('en', ['fr-FR'])).toBe('en');
    expect(initialLang(null, ['de-DE'])).toBe('en');
  });
});

describe('routes', () => {
  it('parses every page and round-trips the links it makes', () => {
    expect(parseRoute('')).toEqual({ page: 'sources' });
    expect(parseRoute(href.newSource())).toEqual({ page: 'new-source' });
    expect(parseRoute(href.source('a b'))).toEqual({ page: 'source', id: 'a b' });
    expect(parseRoute(href.editSource('s1'))).toEqual({ page: 'edit-source', id: 's1' });
    expect(parseRoute(href.run('j1'))).toEqual({ page: 'run', id: 'j1' });
    expect(parseRoute(href.dataset('d1'))).toEqual({ page: 'dataset', id: 'd1' });
    const datasets = parseRoute(href.datasets(new URLSearchParams({ q: 'eau potable', source: 's1' })));
    expect(datasets.page === 'datasets' && datasets.query.get('q')).toBe('eau potable');
    expect(parseRoute('#/nope/1/2')).toEqual({ page: 'not-found', path: '/nope/1/2' });
  });

  it('finds the API next to the console, behind a path prefix too', () => {
    expect(apiBase('/admin/ui/')).toBe('');
    expect(apiBase('/moisson/admin/ui/')).toBe('/moisson');
    expect(apiBase('/elsewhere/')).toBe('');
  });
});
