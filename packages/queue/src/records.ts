import {
  chainLoopsThrough,
  contentHash,
  identityKeys,
  describeError,
  InvalidRecord,
  pickText,
  SkipRecord,
  type AnyHarvester,
  type NormaliseContext,
  type NormalisedRecord,
  type Page,
} from '@moisson/core';
import type { DatasetWrite, ItemError } from '@moisson/store';

/** What one page became once every record went through `normalise`. */
export interface ProcessedPage {
  datasets: DatasetWrite[];
  errors: ItemError[];
  failedRemoteIds: string[];
  skipped: number;
}

/**
 * Normalises every record of a page. A record that throws is an item error with its remote id
 * (never a crashed job); `SkipRecord` is counted; a remote id seen twice in one page is an error
 * for the second occurrence.
 */
export function processPage(harvester: AnyHarvester, page: Page<unknown>, ctx: NormaliseContext, ownUrls: readonly string[] = []): ProcessedPage {
  const out: ProcessedPage = { datasets: [], errors: [], failedRemoteIds: [], skipped: 0 };
  const seen = new Set<string>();
  for (const error of page.errors ?? []) {
    out.errors.push({ remoteId: error.remoteId, pageUrl: page.url, code: 'INVALID_RECORD', message: error.message });
    if (error.remoteId) out.failedRemoteIds.push(error.remoteId);
  }
  for (const record of page.records) {
    let normalised: NormalisedRecord;
    try {
      normalised = harvester.normalise(record.raw, ctx);
    } catch (error) {
      if (error instanceof SkipRecord) {
        out.skipped++;
        continue;
      }
      const remoteId = (error instanceof InvalidRecord && error.remoteId) || record.remoteId;
      out.errors.push({
        remoteId,
        pageUrl: page.url,
        code: error instanceof InvalidRecord ? error.code : 'NORMALISE_FAILED',
        message: describeError(error),
      });
      if (remoteId) out.failedRemoteIds.push(remoteId);
      continue;
    }
    if (seen.has(normalised.remoteId)) {
      out.errors.push({
        remoteId: normalised.remoteId,
        remoteUrl: normalised.remoteUrl,
        pageUrl: page.url,
        code: 'DUPLICATE_REMOTE_ID',
        message: `the page holds two records with the remote id ${normalised.remoteId}; the first was kept`,
      });
      continue;
    }
    seen.add(normalised.remoteId);
    out.datasets.push(toWrite(normalised, record.original, { sourceUrl: ctx.source.url, ownUrls }));
  }
  return out;
}

/** The row written for a normalised record; the hash covers everything the record says. */
export function toWrite(
  record: NormalisedRecord,
  original: { mediaType: string; body: string },
  identity: { sourceUrl: string; ownUrls: readonly string[] },
): DatasetWrite {
  const { dataset } = record;
  const identifiers = new Set<string>();
  for (const id of dataset.identifiers) identifiers.add(id);
  for (const id of dataset.otherIdentifiers) identifiers.add(id.notation);
  if (dataset.uri) identifiers.add(dataset.uri);
  return {
    remoteId: record.remoteId,
    remoteUrl: record.remoteUrl,
    remoteModified: record.remoteModified,
    uri: dataset.uri,
    identifiers: [...identifiers],
    title: pickText(dataset.title) ?? record.remoteId,
    data: dataset,
    chain: record.chain,
    rawOriginal: original.body,
    rawMediaType: original.mediaType,
    hash: contentHash({ dataset, chain: record.chain, remoteUrl: record.remoteUrl, remoteModified: record.remoteModified }),
    matchKeys: identityKeys(dataset, record.chain, { url: identity.sourceUrl, remoteId: record.remoteId }),
    loop: chainLoopsThrough(record.chain, identity.ownUrls),
  };
}
