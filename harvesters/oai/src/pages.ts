import {
  filterValues,
  PageGuard,
  ProtocolError,
  SourceConfigError,
  type Cursor,
  type Http,
  type Page,
  type PageItemError,
  type RemoteRecord,
  type SourceSpec,
} from '@moisson/core';
import { checkFilters, choosePrefix, inSets, oaiDate, PREFERRED_PREFIXES, resolveConfig, type OaiConfig, type ResolvedOaiConfig } from './config.js';
import { identify, listMetadataFormats } from './detect.js';
import { requestOai } from './fetch.js';
import { toRemoteRecord, type OaiRecord } from './records.js';
import { baseUrl, listRecordsUrl, resumeUrl } from './request.js';
import { describeOaiErrors } from './response.js';

/**
 * Where to resume: the prefix chosen when the run started, which listing (one per included set,
 * OAI-PMH takes one set per request) and the resumption token within it (none: its first page).
 */
export interface OaiCursor {
  metadataPrefix: string;
  listing: number;
  token?: string;
}

function readCursor(cursor: Cursor | null): OaiCursor | undefined {
  if (!cursor || typeof cursor !== 'object' || Array.isArray(cursor)) return undefined;
  const { metadataPrefix, listing, token } = cursor;
  if (typeof metadataPrefix !== 'string' || typeof listing !== 'number' || !Number.isInteger(listing) || listing < 0) return undefined;
  return typeof token === 'string' && token ? { metadataPrefix, listing, token } : { metadataPrefix, listing };
}

function cursorValue(cursor: OaiCursor): Cursor {
  return cursor.token ? { metadataPrefix: cursor.metadataPrefix, listing: cursor.listing, token: cursor.token } : { metadataPrefix: cursor.metadataPrefix, listing: cursor.listing };
}

/** The prefix to ask for: the configured one, or the best the repository lists. */
async function choosePrefixFor(config: ResolvedOaiConfig, base: string, http: Http): Promise<string> {
  if (config.metadataPrefix !== 'auto') return config.metadataPrefix;
  const formats = await listMetadataFormats(http, base);
  if (!formats) throw new ProtocolError(`${base}: ListMetadataFormats did not answer a list of formats`, base);
  const offered = formats.map((f) => f.metadataPrefix);
  const best = choosePrefix(offered);
  if (!best) {
    throw new SourceConfigError(
      `the repository offers none of the formats moisson reads (${PREFERRED_PREFIXES.join(', ')}); it offers: ${offered.join(', ') || 'nothing'}`,
      'metadataPrefix',
    );
  }
  return best;
}

/** `from` for a listing: the configured bound, or the run's `modifiedSince` at the repository's granularity, whichever is later. */
async function fromArgument(config: ResolvedOaiConfig, modifiedSince: string | undefined, base: string, http: Http): Promise<string | undefined> {
  if (!modifiedSince) return config.from;
  const granularity = (await identify(http, base))?.granularity;
  const bound = oaiDate(modifiedSince, granularity);
  if (!config.from) return bound;
  return Date.parse(config.from) >= Date.parse(bound) ? config.from : bound;
}

/**
 * The pages of a repository: `ListRecords` with the prefix, set, `from` and `until`, then
 * resumption requests carrying only the token, until a page comes without one (or with an
 * empty one). `noRecordsMatch` is an empty, complete listing; any other OAI error fails the run
 * with the server's words; a token that repeats a page stops the listing as `truncated`.
 */
export async function* oaiPages(source: SourceSpec<Partial<OaiConfig>>, cursor: Cursor | null, http: Http): AsyncGenerator<Page<OaiRecord>> {
  const config = resolveConfig(source.config);
  checkFilters(source.filters);
  const base = baseUrl(source.url);
  const included = filterValues(source.filters, 'set', 'include').map((s) => s.trim());
  const excluded = filterValues(source.filters, 'set', 'exclude').map((s) => s.trim());
  const listings: Array<string | undefined> = included.length > 0 ? [...new Set(included)] : [undefined];
  const resumed = readCursor(cursor);
  let at: OaiCursor = resumed ?? { metadataPrefix: await choosePrefixFor(config, base, http), listing: 0 };
  const prefix = at.metadataPrefix;
  const guard = new PageGuard(base);
  let from: Promise<string | undefined> | undefined;
  // The announced size can only be checked on a whole listing read here, unfiltered.
  const checkable = resumed === undefined && listings.length === 1 && excluded.length === 0;
  let announced: number | undefined;

  while (at.listing < listings.length) {
    const set = listings[at.listing];
    let url: string;
    if (at.token) url = resumeUrl(base, at.token);
    else {
      from ??= fromArgument(config, source.modifiedSince, base, http);
      url = listRecordsUrl(base, { metadataPrefix: prefix, set, from: await from, until: config.until });
    }
    const verdict = guard.checkNext(url);
    if (!verdict.ok) {
      yield { url, records: [], next: null, truncated: verdict.reason };
      return;
    }
    const response = await requestOai(http, url);
    const following: OaiCursor | null = at.listing + 1 < listings.length ? { metadataPrefix: prefix, listing: at.listing + 1 } : null;

    if (response.kind === 'error') {
      const codes = response.errors.map((e) => e.code);
      if (!at.token && codes.every((code) => code === 'noRecordsMatch')) {
        guard.markFetched(url, 0);
        yield { url, records: [], next: following && cursorValue(following), ...(listings.length === 1 ? { total: 0 } : {}) };
        at = following ?? { ...at, listing: listings.length };
        continue;
      }
      if (codes.includes('badResumptionToken')) {
        throw new ProtocolError(
          `${url}: the repository refused the resumption token (${describeOaiErrors(response.errors)}); the listing must be harvested again from the start`,
          url,
        );
      }
      throw new ProtocolError(`${url}: the repository answered an OAI-PMH error: ${describeOaiErrors(response.errors)}`, url);
    }
    if (response.kind !== 'records') {
      const what = response.kind === 'other' ? `<${response.rootName}>${response.verb ? ` with ${response.verb}` : ''}` : response.kind === 'identify' ? 'an Identify answer' : 'a ListMetadataFormats answer';
      throw new ProtocolError(`${url}: expected an OAI-PMH ListRecords answer, got ${what}`, url);
    }

    const records: RemoteRecord<OaiRecord>[] = [];
    const deleted: string[] = [];
    for (const listed of response.records) {
      if (excluded.length > 0 && inSets(listed.sets, excluded)) continue;
      // A deleted header carries no metadata: the runner archives its dataset.
      if (listed.deleted) deleted.push(listed.identifier);
      else records.push(await toRemoteRecord(listed, base, prefix));
    }
    const errors: PageItemError[] = [];
    if (response.headerless > 0) errors.push({ message: `${response.headerless} <record> element(s) without a header identifier were left out` });
    guard.markFetched(url, response.records.length + response.headerless);
    if (response.total !== undefined) announced = response.total;

    const next: OaiCursor | null = response.token ? { metadataPrefix: prefix, listing: at.listing, token: response.token } : following;
    const page: Page<OaiRecord> = { url, records, next: next && cursorValue(next) };
    if (listings.length === 1 && announced !== undefined) page.total = announced;
    if (errors.length > 0) page.errors = errors;
    if (deleted.length > 0) page.deleted = deleted;
    if (!response.token && checkable) {
      const totalVerdict = guard.checkTotal(announced);
      if (!totalVerdict.ok) page.truncated = totalVerdict.reason;
    }
    if (next?.token) {
      const nextVerdict = guard.checkNext(resumeUrl(base, next.token));
      if (!nextVerdict.ok) {
        page.next = null;
        page.truncated = nextVerdict.reason;
      }
    }
    yield page;
    if (page.next === null) return;
    at = next as OaiCursor;
  }
}
