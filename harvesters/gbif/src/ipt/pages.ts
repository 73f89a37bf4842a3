import { isObject } from '../json.js';
import { ProtocolError, type Cursor, type Http, type Page, type RemoteRecord, type SourceSpec } from '@moisson/core';
import { mapLimited } from '../concurrency.js';
import { explainGbifError, isNotFound } from '../gbif/remote-error.js';
import { checkIptFilters, iptBase, resolveIptConfig, type IptConfig } from './config.js';
import { readIptFeed, type IptItem } from './rss.js';
import type { IptRecord } from './types.js';
import { emlUrl } from './urls.js';

export function rssUrl(base: string): string {
  return `${base}/rss.do`;
}

function readAfter(cursor: Cursor | null): string | undefined {
  if (cursor === null) return undefined;
  if (isObject(cursor) && typeof cursor['after'] === 'string') return cursor['after'];
  throw new ProtocolError(`not an IPT cursor: ${JSON.stringify(cursor)}`);
}

/**
 * The IPT's RSS feed lists every public resource at once; pages are slices of it in short-name
 * order (so a resumed run skips what it has done, whatever order the feed uses), each resource
 * completed with its EML.
 */
export async function* iptPages(source: SourceSpec<IptConfig>, cursor: Cursor | null, http: Http): AsyncIterable<Page<IptRecord>> {
  const config = resolveIptConfig(source.config);
  checkIptFilters(source.filters);
  const base = iptBase(source.url);
  const feedUrl = rssUrl(base);
  let body: string;
  try {
    body = (await http.get(feedUrl, { accept: 'application/rss+xml, application/xml;q=0.9' })).body;
  } catch (error) {
    throw explainGbifError(error, feedUrl, 'IPT RSS feed');
  }
  const feed = readIptFeed(body, feedUrl);
  const after = readAfter(cursor);
  const byName = new Map<string, IptItem>();
  for (const item of feed.items) if (!byName.has(item.shortName)) byName.set(item.shortName, item);
  const items = [...byName.values()].sort((a, b) => (a.shortName < b.shortName ? -1 : a.shortName > b.shortName ? 1 : 0)).filter((i) => after === undefined || i.shortName > after);
  if (items.length === 0) {
    yield { url: feedUrl, records: [], next: null, total: byName.size };
    return;
  }
  for (let start = 0; start < items.length; start += config.pageSize) {
    const slice = items.slice(start, start + config.pageSize);
    const records = await mapLimited(slice, config.concurrency, (item) => completeResource(base, item, http));
    const last = slice[slice.length - 1] as IptItem;
    const done = start + config.pageSize >= items.length;
    yield { url: feedUrl, records, next: done ? null : { after: last.shortName }, total: byName.size };
  }
}

async function completeResource(base: string, item: IptItem, http: Http): Promise<RemoteRecord<IptRecord>> {
  const url = item.emlUrl ?? emlUrl(base, item.shortName, item.version);
  let eml: string | null = null;
  try {
    const response = await http.get(url, { accept: 'application/xml, text/xml;q=0.9' });
    eml = response.body.trim() ? response.body : null;
  } catch (error) {
    if (!isNotFound(error)) throw explainGbifError(error, url, 'IPT EML');
  }
  const original = eml !== null ? { mediaType: 'application/xml', body: eml } : { mediaType: 'application/json', body: JSON.stringify(item) };
  return { remoteId: item.shortName, raw: { base, item, eml }, original };
}
