import {
  canonicalJson,
  canonicalJsonOfMembers,
  chainLoopsThrough,
  sha256Hex,
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
  /** Remote ids of records skipped because their stored row was built from the same input. */
  unchangedRemoteIds: string[];
}

/** The input hash of each record of the page (same order), and those a stored row already has. */
export interface KnownInputs {
  inputHashes: readonly string[];
  /** Input hash → remote id of the active row built from it (`findUnchangedInputs`). */
  unchanged: ReadonlyMap<string, string>;
}

/**
 * Normalises every record of a page. A record that throws is an item error with its remote id
 * (never a crashed job); `SkipRecord` is counted; a remote id seen twice in one page is an error
 * for the second occurrence. With `known`, a record whose input hash a stored row holds is only
 * reported unchanged (unless its hash occurs twice in the page: then every copy is normalised, so
 * the duplicate is reported as usual).
 */
export function processPage(
  harvester: AnyHarvester,
  page: Page<unknown>,
  ctx: NormaliseContext,
  ownUrls: readonly string[] = [],
  known?: KnownInputs,
): ProcessedPage {
  const out: ProcessedPage = { datasets: [], errors: [], failedRemoteIds: [], skipped: 0, unchangedRemoteIds: [] };
  const seen = new Set<string>();
  for (const error of page.errors ?? []) {
    out.errors.push({ remoteId: error.remoteId, pageUrl: page.url, code: 'INVALID_RECORD', message: error.message });
    if (error.remoteId) out.failedRemoteIds.push(error.remoteId);
  }
  const repeated = known && known.unchanged.size > 0 ? repeatedValues(known.inputHashes) : undefined;
  for (const [index, record] of page.records.entries()) {
    const inputHash = known?.inputHashes[index];
    const storedRemoteId = inputHash !== undefined && !repeated?.has(inputHash) ? known?.unchanged.get(inputHash) : undefined;
    if (storedRemoteId !== undefined && !seen.has(storedRemoteId)) {
      seen.add(storedRemoteId);
      out.unchangedRemoteIds.push(storedRemoteId);
      continue;
    }
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
    const row = toWrite(normalised, record.original, { sourceUrl: ctx.source.url, ownUrls });
    if (inputHash !== undefined) row.inputHash = inputHash;
    out.datasets.push(row);
  }
  return out;
}

function repeatedValues(values: readonly string[]): Set<string> {
  const once = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (once.has(value) ? twice : once).add(value);
  return twice;
}

/**
 * The row written for a normalised record; the hash covers everything the record says. It is
 * `contentHash({ dataset, chain, remoteUrl, remoteModified })`, with the dataset serialised once:
 * the same text is sent as the row's data.
 */
export function toWrite(
  record: NormalisedRecord,
  original: { mediaType: string; body: string },
  identity: { sourceUrl: string; ownUrls: readonly string[] },
): DatasetWrite {
  const { dataset } = record;
  const dataJson = canonicalJson(dataset);
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
    dataJson,
    chain: record.chain,
    rawOriginal: original.body,
    rawMediaType: original.mediaType,
    hash: sha256Hex(canonicalJsonOfMembers({ dataset: dataJson, chain: canonicalJson(record.chain), remoteUrl: jsonOf(record.remoteUrl), remoteModified: jsonOf(record.remoteModified) })),
    matchKeys: identityKeys(dataset, record.chain, { url: identity.sourceUrl, remoteId: record.remoteId }),
    loop: chainLoopsThrough(record.chain, identity.ownUrls),
  };
}

function jsonOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
