import { Type, type Static } from '@sinclair/typebox';
import { parseSourceUrl, checkFilterKeys, SourceConfigError, type Filter, type FilterSpec } from '@moisson/core';

export const IptConfigSchema = Type.Object(
  {
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, title: 'Page size', description: 'Resources per page (each one is an EML request).' })),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, default: 2, title: 'Concurrency', description: 'EML documents fetched at once.' })),
  },
  { additionalProperties: false },
);

export type IptConfig = Static<typeof IptConfigSchema>;

export interface ResolvedIptConfig {
  pageSize: number;
  concurrency: number;
}

export const IPT_FILTER_KEYS = ['keyword', 'resource'] as const;

export const iptFilters: readonly FilterSpec[] = [
  { key: 'keyword', label: 'Keyword', description: 'A keyword, taxon or GBIF dataset type of the resource (checked on its EML).' },
  { key: 'resource', label: 'Resource', description: 'The short name of an IPT resource (`r=` in its URL).' },
];

export function resolveIptConfig(config: Partial<IptConfig> | undefined): ResolvedIptConfig {
  const pageSize = config?.pageSize ?? 20;
  const concurrency = config?.concurrency ?? 2;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new SourceConfigError(`pageSize must be an integer from 1 to 200, not ${String(pageSize)}`, 'pageSize');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new SourceConfigError(`concurrency must be an integer from 1 to 8, not ${String(concurrency)}`, 'concurrency');
  return { pageSize, concurrency };
}

export function checkIptFilters(filters: readonly Filter[]): void {
  checkFilterKeys(filters, IPT_FILTER_KEYS, 'IPT');
}

/** The IPT base from its home page, its feed or any resource URL: `https://x.org/ipt/resource?r=a` → `https://x.org/ipt`. */
export function iptBase(url: string | URL): string {
  const parsed = parseSourceUrl(url);
  const path = parsed.pathname.replace(/\/(resource|resource\.do|eml\.do|archive\.do|rss\.do|dcat|index\.do)$/, '').replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}
