import { normaliseDate, ProtocolError } from '@moisson/core';
import { elements, first, parseXml, textAt, XmlError, type XmlNode } from '../xml/tree.js';
import { iptResource } from './urls.js';

/** One resource of an IPT RSS feed (kept as plain JSON: it is part of the raw record). */
export interface IptItem {
  shortName: string;
  title?: string;
  /** The resource page (`{ipt}/resource?r=short`). */
  link: string;
  description?: string;
  /** `ipt:eml`: the EML of the published version (`eml.do?r=short&v=1.4`). */
  emlUrl?: string;
  /** `ipt:dwca`: the Darwin Core Archive; absent for metadata-only resources. */
  dwcaUrl?: string;
  version?: string;
  pubDate?: string;
  guid?: string;
  [key: string]: string | undefined;
}

/** Items of an IPT `rss.do` feed; a document that is not an RSS feed is a ProtocolError with its words. */
export function readIptFeed(text: string, url: string): { title?: string; generator?: string; items: IptItem[] } {
  let root: XmlNode;
  try {
    root = parseXml(text);
  } catch (cause) {
    throw new ProtocolError(`the IPT RSS feed cannot be read: ${cause instanceof XmlError ? cause.message : String(cause)} (${url})`, url, { cause });
  }
  const channel = first(root, 'channel');
  if (root.name !== 'rss' || !channel) {
    const words = textAt(root)?.slice(0, 160);
    throw new ProtocolError(`not an RSS feed: the root element is <${root.name}>${words ? `: ${words}` : ''} (${url})`, url);
  }
  const items: IptItem[] = [];
  for (const node of elements(channel, 'item')) {
    const item = readItem(node);
    if (item) items.push(item);
  }
  const title = textAt(channel, 'title');
  const generator = textAt(channel, 'generator');
  return { ...(title ? { title } : {}), ...(generator ? { generator } : {}), items };
}

function readItem(node: XmlNode): IptItem | undefined {
  const link = textAt(node, 'link');
  const emlLink = textAt(node, 'eml');
  const dwcaLink = textAt(node, 'dwca');
  const resource = iptResource(link) ?? iptResource(emlLink) ?? iptResource(dwcaLink);
  if (!resource) return undefined;
  const item: IptItem = { shortName: resource.shortName, link: link && iptResource(link) ? link : resource.resourceUrl };
  const set = (key: keyof IptItem, value: string | undefined) => {
    if (value) item[key] = value;
  };
  set('title', textAt(node, 'title'));
  set('description', textAt(node, 'description'));
  set('emlUrl', emlLink);
  set('dwcaUrl', dwcaLink);
  set('version', iptResource(emlLink)?.version ?? /\/v(\d+(?:\.\d+)*)\.xml$/.exec(textAt(node, 'guid') ?? '')?.[1]);
  set('pubDate', normaliseDate(textAt(node, 'pubDate')));
  set('guid', textAt(node, 'guid'));
  return item;
}
