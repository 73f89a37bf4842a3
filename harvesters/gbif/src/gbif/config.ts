import { Type, type Static } from '@sinclair/typebox';
import { parseSourceUrl, checkFilterKeys, SourceConfigError, type Filter, type FilterSpec } from '@moisson/core';

/** The registry's largest `limit` on dataset search. */
export const GBIF_MAX_PAGE_SIZE = 1000;

export const GbifConfigSchema = Type.Object(
  {
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: GBIF_MAX_PAGE_SIZE, default: 100, title: 'Page size', description: 'Datasets per search request (`limit`).' })),
    concurrency: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 8, default: 4, title: 'Concurrency', description: 'EML documents and endpoint lists fetched at once within a page.' }),
    ),
    documents: Type.Optional(Type.Boolean({ default: true, title: 'EML documents', description: "Fetch each dataset's EML document (`/dataset/{key}/document`); off: the search JSON only." })),
  },
  { additionalProperties: false },
);

export type GbifConfig = Static<typeof GbifConfigSchema>;

export interface ResolvedGbifConfig {
  pageSize: number;
  concurrency: number;
  documents: boolean;
}

export const GBIF_FILTER_KEYS = ['publishingCountry', 'publishingOrg', 'type', 'hostingOrg', 'keyword'] as const;

export const gbifFilters: readonly FilterSpec[] = [
  { key: 'publishingCountry', label: 'Publishing country', description: 'ISO 3166-1 alpha-2 code of the publishing organisation’s country (`FR`).' },
  { key: 'publishingOrg', label: 'Publishing organisation', description: 'GBIF key (UUID) of the publishing organisation.' },
  { key: 'type', label: 'Dataset type', description: 'OCCURRENCE, CHECKLIST, SAMPLING_EVENT, METADATA or MATERIAL_ENTITY.' },
  { key: 'hostingOrg', label: 'Hosting organisation', description: 'GBIF key (UUID) of the organisation hosting the installation.' },
  { key: 'keyword', label: 'Keyword', description: 'A keyword (tag) of the dataset.' },
];

export function resolveGbifConfig(config: Partial<GbifConfig> | undefined): ResolvedGbifConfig {
  const c = config ?? {};
  const pageSize = c.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > GBIF_MAX_PAGE_SIZE) {
    throw new SourceConfigError(`pageSize must be an integer from 1 to ${GBIF_MAX_PAGE_SIZE}, not ${String(pageSize)}`, 'pageSize');
  }
  const concurrency = c.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new SourceConfigError(`concurrency must be an integer from 1 to 8, not ${String(concurrency)}`, 'concurrency');
  return { pageSize, concurrency, documents: c.documents ?? true };
}

/** Refuses filter keys the registry search does not know, naming the first one. */
export function checkGbifFilters(filters: readonly Filter[]): void {
  checkFilterKeys(filters, GBIF_FILTER_KEYS, 'GBIF');
}

/**
 * The API root from any URL of it: `https://api.gbif.org`, `https://api.gbif.org/v1/`,
 * `https://api.gbif.org/v1/dataset/search?q=x` all give `https://api.gbif.org`.
 */
export function gbifApiRoot(url: string | URL): string {
  const parsed = parseSourceUrl(url);
  const path = parsed.pathname.replace(/\/v1(\/.*)?$/, '').replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}
