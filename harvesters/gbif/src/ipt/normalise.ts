import {
  emptyDataset,
  filterValues,
  InvalidRecord,
  resolveDataTheme,
  SkipRecord,
  stripHtml,
  texts,
  unique,
  type Concept,
  type NormaliseContext,
  type NormalisedRecord,
} from '@moisson/core';
import { dwcArchive, emlDocument, mergeDistributions } from '../distributions.js';
import { uniqueIdentifiers } from '../eml/identifiers.js';
import { normaliseEml } from '../eml/normalise.js';
import type { IptConfig } from './config.js';
import type { IptItem } from './rss.js';
import type { IptRecord } from './types.js';
import { emlUrl } from './urls.js';

/**
 * One IPT resource → DCAT-AP: its EML, keyed by the resource short name, with the DwC-A and the
 * EML as distributions. The IPT is the source: no hop is added, but a GBIF key or DOI the EML
 * carries stays among the identifiers.
 */
export function normaliseIpt(raw: IptRecord, ctx: NormaliseContext<IptConfig>): NormalisedRecord {
  const { item, base } = raw;
  const record = raw.eml !== null ? fromEml(raw.eml, item) : fromItem(item);
  const d = record.dataset;
  const version = item.version ?? d.version;
  if (version) d.version = version;
  d.landingPages = unique([item.link, ...d.landingPages]);
  d.otherIdentifiers = uniqueIdentifiers([...d.otherIdentifiers, { notation: item.link, scheme: 'url', creator: base }]);
  const own = [
    ...(item.dwcaUrl ? [dwcArchive(item.dwcaUrl)] : []),
    emlDocument(item.emlUrl ?? emlUrl(base, item.shortName)),
  ];
  d.distributions = mergeDistributions([own, d.distributions], d.license);
  applyFilters(ctx, record, item.shortName);
  const modified = record.remoteModified ?? item.pubDate;
  return { ...record, remoteId: item.shortName, remoteUrl: item.link, chain: [], ...(modified ? { remoteModified: modified } : {}) };
}

function fromEml(eml: string, item: IptItem): NormalisedRecord {
  try {
    return normaliseEml(eml);
  } catch (error) {
    if (error instanceof InvalidRecord) throw new InvalidRecord(`IPT resource ${item.shortName}: ${error.message}`, item.shortName, { cause: error });
    throw error;
  }
}

/** Without its EML a resource is what the feed says about it. */
function fromItem(item: IptItem): NormalisedRecord {
  const dataset = emptyDataset();
  // The feed titles each item "<title> - Version <n>".
  dataset.title = texts(item.title?.replace(/\s+-\s+Version\s+[\d.]+$/i, ''));
  if (dataset.title.length === 0) throw new InvalidRecord(`IPT resource ${item.shortName} has no EML and no title in the feed`, item.shortName);
  if (item.description) dataset.description = texts(stripHtml(item.description));
  if (item.pubDate) dataset.modified = item.pubDate;
  dataset.identifiers = [item.shortName];
  dataset.themes = [resolveDataTheme('ENVI') as Concept];
  return { remoteId: item.shortName, dataset, chain: [] };
}

/** The feed cannot filter: both include and exclude are checked here. */
function applyFilters(ctx: NormaliseContext<IptConfig>, record: NormalisedRecord, shortName: string): void {
  const values: Record<string, string[]> = {
    resource: [shortName],
    keyword: [...record.dataset.keywords.map((k) => k.value), ...record.dataset.themes.flatMap((t) => (t.label ?? []).map((l) => l.value))],
  };
  for (const [key, present] of Object.entries(values)) {
    const lower = present.map((v) => v.toLowerCase());
    const include = filterValues(ctx.filters, key, 'include').map((v) => v.trim().toLowerCase());
    if (include.length > 0 && !include.some((v) => lower.includes(v))) throw new SkipRecord(`not selected by the ${key} filter (${include.join(', ')})`, shortName);
    const hit = filterValues(ctx.filters, key, 'exclude').map((v) => v.trim().toLowerCase()).find((v) => lower.includes(v));
    if (hit) throw new SkipRecord(`excluded by the ${key} filter (${hit})`, shortName);
  }
}
