import { Type, type Static } from '@sinclair/typebox';
import { checkFilterKeys, SourceConfigError, filterValues, type Filter, type FilterSpec } from '@moisson/core';

/** CKAN refuses `rows` above `ckan.search.rows_max` (1000 by default) with a 409. */
export const CKAN_MAX_ROWS = 1000;
/**
 * Rows asked per page by default. 500 was faster for one source (+13% over 100), but a worker runs
 * two jobs at once, and two jobs of 500-row pages peaked at 300-311 MB (bench: 10 CKAN portals, one
 * worker), past the 300 MB a worker may take; 300 rows peaked at 257-262 MB.
 */
export const CKAN_DEFAULT_ROWS = 300;

export const configSchema = Type.Object(
  {
    pageSize: Type.Optional(
      Type.Integer({
        title: 'Page size',
        description: 'Datasets asked per `package_search` request (`rows`). CKAN caps it at `ckan.search.rows_max`, 1000 by default.',
        minimum: 1,
        maximum: CKAN_MAX_ROWS,
        default: CKAN_DEFAULT_ROWS,
      }),
    ),
    language: Type.Optional(
      Type.String({
        title: 'Default language',
        description: 'BCP 47 tag (`fr`, `en`) given to untagged titles, descriptions and tags, when the operator knows the site writes in one language.',
        pattern: '^[a-z]{2}$',
      }),
    ),
  },
  { additionalProperties: false },
);

export type CkanConfig = Static<typeof configSchema>;

export interface ResolvedCkanConfig {
  pageSize: number;
  language?: string;
}

export const CKAN_FILTER_KEYS = ['organization', 'tags', 'groups', 'fq'] as const;

export const filterSpecs: readonly FilterSpec[] = [
  {
    key: 'organization',
    label: 'Organisation',
    description: 'An organisation name (slug) as in `/organization/<name>`. Several includes match any of them; each exclude removes one.',
  },
  { key: 'tags', label: 'Tag', description: 'A tag as the site writes it. Several includes match any of them; each exclude removes one.' },
  { key: 'groups', label: 'Group', description: 'A group name (slug) as in `/group/<name>`. Several includes match any of them; each exclude removes one.' },
  {
    key: 'fq',
    label: 'Solr filter',
    description: 'A raw Solr filter query passed to `package_search` as is (e.g. `res_format:CSV`); an exclude negates it.',
  },
];

export function resolveConfig(config: Partial<CkanConfig> | undefined): ResolvedCkanConfig {
  const c = config ?? {};
  const pageSize = c.pageSize ?? CKAN_DEFAULT_ROWS;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > CKAN_MAX_ROWS) {
    throw new SourceConfigError(`pageSize must be an integer from 1 to ${CKAN_MAX_ROWS}, not ${String(pageSize)}`, 'pageSize');
  }
  const language = c.language?.trim().toLowerCase() || undefined;
  if (language !== undefined && !/^[a-z]{2}$/.test(language)) throw new SourceConfigError(`language must be a two-letter code, not ${language}`, 'language');
  return language ? { pageSize, language } : { pageSize };
}

/** Refuses filter keys CKAN does not understand, naming the first one. */
export function checkFilters(filters: readonly Filter[]): void {
  checkFilterKeys(filters, CKAN_FILTER_KEYS, 'CKAN');
}

/** A Solr term: bare when it is a plain slug, else quoted with `\` and `"` escaped. */
export function solrValue(value: string): string {
  const v = value.trim();
  if (/^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u.test(v)) return v;
  return `"${v.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The `fq` for the source's filters, or undefined when there is none.
 *
 * Every clause carries an explicit `+`/`-`: CKAN before 2.9 appends its own
 * `+site_id:… +state:active` to the same string, and a clause without an operator would then
 * become optional and filter nothing.
 */
export function buildFq(filters: readonly Filter[], modifiedSince?: string): string | undefined {
  const clauses: string[] = [];
  for (const key of ['organization', 'tags', 'groups'] as const) {
    const include = filterValues(filters, key, 'include').map((v) => `${key}:${solrValue(v)}`);
    if (include.length === 1) clauses.push(`+${include[0]}`);
    else if (include.length > 1) clauses.push(`+(${include.join(' OR ')})`);
    for (const v of filterValues(filters, key, 'exclude')) clauses.push(`-${key}:${solrValue(v)}`);
  }
  if (modifiedSince) clauses.push(`+metadata_modified:[${solrDate(modifiedSince)} TO *]`);
  const rawInclude = filterValues(filters, 'fq', 'include').map((v) => v.trim());
  const rawExclude = filterValues(filters, 'fq', 'exclude').map((v) => v.trim());
  if (clauses.length === 0 && rawInclude.length === 1 && rawExclude.length === 0) return rawInclude[0];
  // A purely negative query inside parentheses matches nothing in Lucene: anchor it on `*:*`.
  for (const raw of rawInclude) clauses.push(raw.startsWith('-') ? `+(*:* ${raw})` : `+(${raw})`);
  for (const raw of rawExclude) clauses.push(`-(${raw})`);
  return clauses.length ? clauses.join(' ') : undefined;
}

function solrDate(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new SourceConfigError(`modifiedSince is not a date: ${value}`, 'modifiedSince');
  return parsed.toISOString();
}
