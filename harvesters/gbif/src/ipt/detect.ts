import type { Detection, Http } from '@moisson/core';
import { iptBase } from './config.js';
import { rssUrl } from './pages.js';
import { readIptFeed } from './rss.js';

/** An IPT answers `{base}/rss.do` with an RSS feed whose items carry `ipt:eml` links (or whose generator says IPT). */
export async function detectIpt(url: URL, http: Http): Promise<Detection | null> {
  let base: string;
  try {
    base = iptBase(url);
  } catch {
    return null;
  }
  try {
    const feedUrl = rssUrl(base);
    const response = await http.get(feedUrl, { accept: 'application/rss+xml, application/xml;q=0.9', maxBytes: 4 * 1024 * 1024 });
    const isIpt = /xmlns:ipt\s*=|<generator>[^<]*IPT/i.test(response.body);
    if (!isIpt) return null;
    const feed = readIptFeed(response.body, feedUrl);
    return {
      protocol: 'ipt',
      confidence: feed.items.length > 0 || /<generator>[^<]*IPT/i.test(response.body) ? 0.95 : 0.7,
      url: base,
      ...(feed.title ? { title: feed.title } : {}),
      details: { resources: feed.items.length, ...(feed.generator ? { generator: feed.generator } : {}) },
    };
  } catch {
    return null;
  }
}
