import { emptyDistribution, resolveFormat, type Distribution, type License } from '@moisson/core';

/** The Darwin Core text guidelines: what a DwC-A conforms to (no file-type NAL entry exists for it). */
export const DWC_TEXT = 'http://rs.tdwg.org/dwc/text/';

/** Whether a URL is an IPT archive download (`archive.do?r=…`). */
export function isDwcArchiveUrl(url: string): boolean {
  return /\/archive\.do\?(.*&)?r=/.test(url);
}

/** A Darwin Core Archive: a ZIP conforming to the DwC text guidelines. */
export function dwcArchive(url: string, title = 'Darwin Core Archive'): Distribution {
  const d = emptyDistribution();
  d.title = [{ value: title }];
  d.accessURL = [url];
  d.downloadURL = [url];
  const { format, mediaType } = resolveFormat('ZIP');
  if (format) d.format = format;
  if (mediaType) d.mediaType = mediaType;
  d.conformsTo = [DWC_TEXT];
  return d;
}

/** The EML document itself, as an XML distribution. */
export function emlDocument(url: string): Distribution {
  const d = emptyDistribution();
  d.title = [{ value: 'EML metadata' }];
  d.accessURL = [url];
  d.downloadURL = [url];
  const { format } = resolveFormat('XML');
  if (format) d.format = format;
  d.mediaType = 'application/xml';
  d.conformsTo = ['https://eml.ecoinformatics.org/'];
  return d;
}

/** Distributions once per access URL, the first (richer, from the harvester) kept; the licence applied to all. */
export function mergeDistributions(lists: Distribution[][], license: License | undefined): Distribution[] {
  const seen = new Set<string>();
  const out: Distribution[] = [];
  for (const d of lists.flat()) {
    const key = d.accessURL[0] ?? '';
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(license && !d.license ? { ...d, license } : d);
  }
  return out;
}
