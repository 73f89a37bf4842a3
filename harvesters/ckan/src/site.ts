import { parseSourceUrl } from '@moisson/core';

/**
 * A CKAN site is reached through its Action API. Operators paste any of these: the site root
 * (`https://demo.ckan.org`), `…/api/3`, `…/api/3/action`, `…/api/action`, even a dataset page.
 * CKAN may live under a path prefix (`https://host/data/api/3/action`), which is kept.
 */
const API_SUFFIX = /\/api(?:\/\d+)?(?:\/action)?(?:\/[^/]+)?$/;
const PAGE_SUFFIX = /\/(?:dataset|organization|group)(?:\/.*)?$/;

/** The site root (no trailing slash) from any URL of the site. */
export function siteRoot(url: string | URL): string {
  const parsed = parseSourceUrl(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  const stripped = API_SUFFIX.test(path) ? path.replace(API_SUFFIX, '') : path.replace(PAGE_SUFFIX, '');
  return `${parsed.origin}${stripped.replace(/\/+$/, '')}`;
}

/**
 * The Action API base (`{site}/api/3/action`). When the URL already names an action base
 * (`/api/action`, `/api/3/action`), that one is kept: some DKAN and old CKAN only answer there.
 */
export function actionBase(url: string | URL): string {
  const parsed = parseSourceUrl(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  const explicit = /^(.*\/api(?:\/\d+)?\/action)(?:\/[^/]*)?$/.exec(path);
  if (explicit?.[1]) return `${parsed.origin}${explicit[1]}`;
  return `${siteRoot(parsed)}/api/3/action`;
}

/** The URL of one action with its query parameters. */
export function actionUrl(base: string, action: string, params: Record<string, string | number | undefined> = {}): string {
  const url = new URL(`${base}/${action}`);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.href;
}
