import { Type, type Static } from '@sinclair/typebox';
import { checkFilterKeys, SourceConfigError, type Filter, type FilterSpec } from '@moisson/core';

/** The metadata formats moisson reads, best first: DCAT-AP says the most, Dublin Core the least. */
export const PREFERRED_PREFIXES = ['dcat_ap', 'dcat', 'iso19139', 'oai_dc'] as const;

/** An OAI-PMH UTCdatetime at either granularity the protocol allows. */
const OAI_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;

export const oaiConfigSchema = Type.Object(
  {
    metadataPrefix: Type.Optional(
      Type.String({
        title: 'Metadata prefix',
        description:
          '`auto` (default) picks the best format the repository lists in ListMetadataFormats: `dcat_ap` > `dcat` > `iso19139` > `oai_dc`. Otherwise the prefix to ask for (`oai_dc`, `dcat_ap`, `iso19139`, `rdf`…).',
        default: 'auto',
        minLength: 1,
      }),
    ),
    from: Type.Optional(
      Type.String({
        title: 'From',
        description: 'Only records changed on or after this date (`YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`). An incremental run uses the later of this and its own bound.',
        pattern: OAI_DATE.source,
      }),
    ),
    until: Type.Optional(
      Type.String({
        title: 'Until',
        description: 'Only records changed on or before this date (`YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`).',
        pattern: OAI_DATE.source,
      }),
    ),
  },
  { additionalProperties: false },
);

export type OaiConfig = Static<typeof oaiConfigSchema>;

export interface ResolvedOaiConfig {
  /** `auto` or a prefix. */
  metadataPrefix: string;
  from?: string;
  until?: string;
}

export const OAI_FILTER_KEYS = ['set'] as const;

export const oaiFilters: readonly FilterSpec[] = [
  {
    key: 'set',
    label: 'Set',
    description:
      'An OAI set (`setSpec`, as ListSets gives it). Includes are harvested one after the other (OAI-PMH takes one set per listing); an exclude drops the records of that set and of its subsets.',
  },
];

export function resolveConfig(config: Partial<OaiConfig> | undefined): ResolvedOaiConfig {
  const c = config ?? {};
  const metadataPrefix = c.metadataPrefix?.trim() || 'auto';
  if (!/^[A-Za-z0-9_.!~*'()-]+$/.test(metadataPrefix)) {
    throw new SourceConfigError(`metadataPrefix must be a plain OAI metadata prefix, not ${JSON.stringify(metadataPrefix)}`, 'metadataPrefix');
  }
  const out: ResolvedOaiConfig = { metadataPrefix };
  for (const field of ['from', 'until'] as const) {
    const value = c[field]?.trim();
    if (!value) continue;
    if (!OAI_DATE.test(value)) throw new SourceConfigError(`${field} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not ${value}`, field);
    out[field] = value;
  }
  if (out.from && out.until && out.from.slice(0, 10) > out.until.slice(0, 10)) {
    throw new SourceConfigError(`from (${out.from}) is after until (${out.until})`, 'from');
  }
  return out;
}

/** Refuses filter keys OAI-PMH does not understand, naming the first one. */
export function checkFilters(filters: readonly Filter[]): void {
  checkFilterKeys(filters, OAI_FILTER_KEYS, 'OAI-PMH');
}

/** Whether a record's set (or one of its ancestors: `a:b` is inside `a`) is one of these sets. */
export function inSets(recordSets: readonly string[], sets: readonly string[]): boolean {
  return recordSets.some((spec) => sets.some((set) => spec === set || spec.startsWith(`${set}:`)));
}

/**
 * An instant as a `from`/`until` argument at the repository's granularity. Day granularity is
 * always supported, and rounding *down* to the day only asks for more records, never fewer.
 */
export function oaiDate(instant: string, granularity: string | undefined): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) throw new SourceConfigError(`not a date: ${instant}`, 'modifiedSince');
  const iso = parsed.toISOString();
  return granularity === 'YYYY-MM-DDThh:mm:ssZ' ? `${iso.slice(0, 19)}Z` : iso.slice(0, 10);
}

/** Chooses the prefix to ask for among those a repository lists. */
export function choosePrefix(available: readonly string[]): string | undefined {
  return PREFERRED_PREFIXES.find((prefix) => available.includes(prefix));
}
