/** An IPT resource located by one of its URLs (`…/resource?r=x`, `…/eml.do?r=x&v=1.2`, `…/archive.do?r=x`). */
export interface IptResource {
  /** The IPT base URL, without a trailing slash (`https://ipt.example.org/ipt`). */
  base: string;
  shortName: string;
  resourceUrl: string;
  version?: string;
}

const IPT_PAGE = /^(.*)\/(resource|resource\.do|eml\.do|archive\.do|rtf\.do)$/;

export function iptResource(url: string | undefined): IptResource | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const match = IPT_PAGE.exec(parsed.pathname);
  const shortName = parsed.searchParams.get('r')?.trim();
  if (!match || !shortName) return undefined;
  const base = `${parsed.origin}${match[1]}`;
  const version = parsed.searchParams.get('v')?.trim();
  return { base, shortName, resourceUrl: resourcePage(base, shortName), ...(version ? { version } : {}) };
}

export function resourcePage(base: string, shortName: string): string {
  return `${base}/resource?r=${encodeURIComponent(shortName)}`;
}

export function emlUrl(base: string, shortName: string, version?: string): string {
  return `${base}/eml.do?r=${encodeURIComponent(shortName)}${version ? `&v=${encodeURIComponent(version)}` : ''}`;
}

export function archiveUrl(base: string, shortName: string): string {
  return `${base}/archive.do?r=${encodeURIComponent(shortName)}`;
}
