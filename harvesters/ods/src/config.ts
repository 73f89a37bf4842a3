import { Type, type Static } from '@sinclair/typebox';
import { parseSourceUrl, checkFilterKeys, SourceConfigError, type Filter, type FilterSpec } from '@moisson/core';

/**
 * ODS refuses `offset + limit` above 10,000 on the catalogue listing
 * (`InvalidRESTParameterError`); past it the harvester pages by `dataset_id` instead.
 */
export const ODS_OFFSET_CAP = 10_000;
/** The catalogue endpoint's largest `limit` (v2.1) and `rows` we ask for (v1). */
export const ODS_MAX_PAGE_SIZE = 100;

export const OdsConfigSchema = Type.Object(
  {
    apiVersion: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('v2.1'), Type.Literal('v1')], {
        title: 'Explore API version',
        description: 'Which Explore API to read; `auto` tries v2.1 then falls back to v1.',
        default: 'auto',
      }),
    ),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: ODS_MAX_PAGE_SIZE, default: ODS_MAX_PAGE_SIZE, title: 'Page size', description: 'Datasets per request.' })),
    where: Type.Optional(Type.String({ title: 'Raw where clause', description: 'A raw ODSQL `where` clause ANDed to the listing (v2.1); sent as `q` to v1.' })),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', title: 'Label language', description: 'Language of the labels ODS returns (`lang` parameter).' })),
    offsetCap: Type.Optional(
      Type.Integer({ minimum: 1, default: ODS_OFFSET_CAP, title: 'Offset cap', description: 'Largest offset + limit the portal accepts before keyset paging takes over.' }),
    ),
  },
  { additionalProperties: false },
);

export type OdsConfig = Static<typeof OdsConfigSchema>;

/** The config with every default applied. */
export interface ResolvedOdsConfig {
  apiVersion: 'auto' | 'v2.1' | 'v1';
  pageSize: number;
  where?: string;
  lang?: string;
  offsetCap: number;
}

export const ODS_FILTER_KEYS = ['theme', 'keyword', 'publisher'] as const;
export type OdsFilterKey = (typeof ODS_FILTER_KEYS)[number];

export const odsFilters: readonly FilterSpec[] = [
  { key: 'theme', label: 'Theme', description: 'An ODS theme label, as the portal shows it (refine / exclude on the `theme` facet).' },
  { key: 'keyword', label: 'Keyword', description: 'A keyword (refine / exclude on the `keyword` facet).' },
  { key: 'publisher', label: 'Publisher', description: 'A publisher name (refine / exclude on the `publisher` facet).' },
];

/** Defaults applied and values checked; a config that cannot work fails now. */
export function resolveConfig(config: Partial<OdsConfig> | undefined): ResolvedOdsConfig {
  const c = config ?? {};
  const apiVersion = c.apiVersion ?? 'auto';
  if (!['auto', 'v2.1', 'v1'].includes(apiVersion)) throw new SourceConfigError(`apiVersion must be auto, v2.1 or v1, not ${String(apiVersion)}`, 'apiVersion');
  const pageSize = c.pageSize ?? ODS_MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ODS_MAX_PAGE_SIZE) {
    throw new SourceConfigError(`pageSize must be an integer from 1 to ${ODS_MAX_PAGE_SIZE}, not ${String(pageSize)}`, 'pageSize');
  }
  const offsetCap = c.offsetCap ?? ODS_OFFSET_CAP;
  if (!Number.isInteger(offsetCap) || offsetCap < pageSize) {
    throw new SourceConfigError(`offsetCap must be an integer of at least pageSize (${pageSize}), not ${String(offsetCap)}`, 'offsetCap');
  }
  const where = c.where?.trim() || undefined;
  const lang = c.lang?.trim().toLowerCase() || undefined;
  if (lang !== undefined && !/^[a-z]{2}$/.test(lang)) throw new SourceConfigError(`lang must be a two-letter code, not ${lang}`, 'lang');
  return { apiVersion, pageSize, offsetCap, ...(where ? { where } : {}), ...(lang ? { lang } : {}) };
}

/** Refuses filter keys this protocol does not understand, naming the first one. */
export function checkFilters(filters: readonly Filter[]): void {
  checkFilterKeys(filters, ODS_FILTER_KEYS, 'ODS');
}

/**
 * The portal root from any URL of it: `https://data.x.fr/api/explore/v2.1/catalog/datasets`,
 * `https://data.x.fr/explore/dataset/foo/` and `https://data.x.fr/` all give `https://data.x.fr`.
 */
export function portalRoot(url: string | URL): string {
  const parsed = parseSourceUrl(url);
  const path = parsed.pathname.replace(/\/(api|explore|pages)(\/.*)?$/, '').replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}
