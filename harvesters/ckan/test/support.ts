import type { FixtureReply, FixtureRequest, FixtureServer } from '../../../test/support/fixture-server.js';
import { json } from '../../../test/support/fixture-server.js';

/**
 * A CKAN site on a FixtureServer: `status_show` and `package_search` with CKAN's real paging
 * behaviour (`rows`/`start`, `sort=id asc`, `count`, the `fq` clauses moisson sends, the 409
 * envelopes for a bad `rows` or an unparsable `fq`). Tests mutate `site.packages` between
 * harvests (drop a dataset, touch one) and set `site.fail` to break a page.
 */
export interface CkanSite {
  packages: Array<Record<string, unknown>>;
  /** Return a reply to override the answer to one search (e.g. a 500 on page 2). */
  fail?: (search: { start: number; rows: number }) => FixtureReply | undefined;
  /** The `package_search` requests received, in order. */
  readonly searches: URL[];
}

export interface ServeOptions {
  /** Prefix the site lives under (CKAN behind a path), e.g. `/data`. Default ''. */
  prefix?: string;
  siteTitle?: string;
  /** `ckan.search.rows_max`. Default 1000. */
  rowsMax?: number;
}

function envelope(result: unknown): FixtureReply {
  return json({ help: 'http://fixture/api/3/action/help_show', success: true, result });
}

function refusal(type: string, details: Record<string, unknown>, status = 409): FixtureReply {
  return json({ help: 'http://fixture/api/3/action/help_show', success: false, error: { __type: type, ...details } }, status);
}

function fieldValues(pkg: Record<string, unknown>, field: string): string[] {
  const value = pkg[field];
  if (field === 'organization') {
    const org = value as { name?: string } | null | undefined;
    return org?.name ? [org.name] : [];
  }
  if (field === 'tags' || field === 'groups') return Array.isArray(value) ? value.map((v) => String((v as { name?: unknown }).name)) : [];
  return typeof value === 'string' ? [value] : [];
}

function unquote(term: string): string {
  return term.startsWith('"') ? term.slice(1, -1).replace(/\\(.)/g, '$1') : term;
}

type Predicate = (pkg: Record<string, unknown>) => boolean;

/** The subset of Solr syntax moisson's `buildFq` emits; anything else is a Search Query Error. */
function parseFq(fq: string): Predicate[] | string {
  const predicates: Predicate[] = [];
  const clause = /([+-])(?:\(([^()]*)\)|(\w+):(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|[^\s()]+))\s*/y;
  let match: RegExpExecArray | null;
  let at = 0;
  const text = fq.trim();
  while (at < text.length) {
    clause.lastIndex = at;
    match = clause.exec(text);
    if (!match) return `Cannot parse '${text.slice(at)}'`;
    at = clause.lastIndex;
    const [, sign, group, field, term] = match;
    let test: Predicate;
    if (group !== undefined) {
      const alternatives = group.split(/\s+OR\s+/).map((alt) => /^(\w+):(.+)$/.exec(alt.trim()));
      if (alternatives.some((a) => !a)) return `Cannot parse '${group}'`;
      test = (pkg) => alternatives.some((a) => fieldValues(pkg, a![1]!).includes(unquote(a![2]!)));
    } else if (term!.startsWith('[')) {
      const from = /^\[(\S+) TO \*\]$/.exec(term!)?.[1];
      if (!from) return `Cannot parse '${term}'`;
      // CKAN stores naive UTC timestamps; Solr compares them as instants.
      test = (pkg) => Date.parse(`${String(pkg[field!])}Z`) >= Date.parse(from);
    } else {
      test = (pkg) => fieldValues(pkg, field!).includes(unquote(term!));
    }
    predicates.push(sign === '-' ? (pkg) => !test(pkg) : test);
  }
  return predicates;
}

/** Answers `status_show` and `package_search` under `{prefix}/api/3/action/`. */
export function servePackages(server: FixtureServer, packages: Array<Record<string, unknown>>, options: ServeOptions = {}): CkanSite {
  const prefix = options.prefix ?? '';
  const rowsMax = options.rowsMax ?? 1000;
  const site: CkanSite = { packages, searches: [] };
  server.route(`${prefix}/api/3/action/status_show`, () => envelope({ site_title: options.siteTitle ?? 'Fixture CKAN', ckan_version: '2.10.4', extensions: ['dcat'] }));
  server.route(`${prefix}/api/3/action/package_search`, (request: FixtureRequest) => {
    site.searches.push(request.url);
    const q = request.url.searchParams;
    const rows = Number(q.get('rows') ?? 10);
    const start = Number(q.get('start') ?? 0);
    if (!Number.isInteger(rows) || rows < 0 || rows > rowsMax) return refusal('Validation Error', { rows: [`Must be less than or equal to ${rowsMax}`] });
    const failure = site.fail?.({ start, rows });
    if (failure) return failure;
    const fq = q.get('fq');
    const predicates = fq ? parseFq(fq) : [];
    if (typeof predicates === 'string') return refusal('Search Query Error', { message: `Search Query is invalid: "Invalid search query: ${predicates}"` });
    let matching = site.packages.filter((pkg) => predicates.every((p) => p(pkg)));
    const sort = q.get('sort');
    if (sort === 'id asc') matching = [...matching].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    return envelope({ count: matching.length, sort: sort ?? 'score desc, metadata_modified desc', facets: {}, results: matching.slice(start, start + rows), search_facets: {} });
  });
  return site;
}

/** `n` small but complete CKAN packages with ids that sort in creation order. */
export function makePackages(n: number, overrides: (i: number) => Record<string, unknown> = () => ({})): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    const k = String(i).padStart(4, '0');
    return {
      id: `00000000-0000-4000-8000-00000000${k}`,
      name: `dataset-${k}`,
      title: `Dataset ${k}`,
      notes: `Description of dataset ${k}.`,
      type: 'dataset',
      state: 'active',
      private: false,
      license_id: 'cc-by',
      license_title: 'Creative Commons Attribution',
      metadata_created: '2024-01-01T00:00:00.000000',
      metadata_modified: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T12:00:00.000000`,
      organization: { id: `org-${i % 2}`, name: i % 2 ? 'odd-org' : 'even-org', title: i % 2 ? 'Odd Org' : 'Even Org' },
      tags: [{ name: i % 3 === 0 ? 'fizz' : 'plain' }],
      groups: [],
      extras: [],
      resources: [{ id: `res-${k}`, name: `File ${k}`, format: 'CSV', url: `https://files.example.org/${k}.csv` }],
      ...overrides(i),
    };
  });
}
