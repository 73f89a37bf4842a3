import {
  emptyDistribution,
  extensionOf,
  isHttpUrl,
  resolveFormat,
  serviceProtocol,
  type DataServiceRef,
  type Distribution,
  type FormatInfo,
} from '@moisson/core';
import { charText, codeValue, freeTexts, type IsoLanguages } from './iso-text.js';
import { toNumber } from './spatial.js';
import { kid, path } from './xml.js';

export interface OnlineResources {
  distributions: Distribution[];
  landingPages: string[];
  pages: string[];
  /** OGC service endpoints met on the way (for service records). */
  services: DataServiceRef[];
  /** Format names the record declares (`distributionFormat`, `distributorFormat`). */
  declaredFormats: string[];
}

const DOWNLOAD_FUNCTIONS = new Set(['download']);
const ACCESS_FUNCTIONS = new Set(['offlineAccess', 'order', 'fileAccess', 'browsing']);
const PAGE_FUNCTIONS = new Set(['information', 'search', 'browseGraphic', 'completeMetadata', 'emailService']);

/** `SERVICE=WMS` in a link's query, for links that carry no protocol. */
function serviceFromUrl(url: string): ReturnType<typeof serviceProtocol> {
  const match = /[?&]service=([a-z]+)/i.exec(url);
  return match?.[1] ? serviceProtocol(match[1]) : undefined;
}

/** The endpoint of an OGC link: the URL without its request parameters. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(service|request|version|acceptversions|layers?|typenames?)$/i.test(key)) parsed.searchParams.delete(key);
    }
    return parsed.href.replace(/\?$/, '');
  } catch {
    return url;
  }
}

/**
 * `distributionInfo` online resources as GeoDCAT-AP reads them: OGC service links →
 * distributions with an `accessService`; download links → `downloadURL`; information/search
 * links → documentation pages; links without a function → landing pages. GeoNetwork repeats
 * the same link once per layer: a link is kept once per (URL, protocol, name).
 */
export function readOnlineResources(md: unknown, languages: IsoLanguages): OnlineResources {
  const distribution = path(md, 'distributionInfo', 'MD_Distribution');
  const declaredFormats = [
    ...path(distribution, 'distributionFormat', 'MD_Format', 'name'),
    ...path(distribution, 'distributor', 'MD_Distributor', 'distributorFormat', 'MD_Format', 'name'),
  ]
    .map(charText)
    .filter((name): name is string => !!name);
  const uniqueFormats = [...new Set(declaredFormats)];
  const declared: FormatInfo | undefined = uniqueFormats.length === 1 ? resolveFormat(uniqueFormats[0]) : undefined;
  const out: OnlineResources = { distributions: [], landingPages: [], pages: [], services: [], declaredFormats: uniqueFormats };
  const seen = new Set<string>();
  const options = [
    ...path(distribution, 'transferOptions', 'MD_DigitalTransferOptions'),
    ...path(distribution, 'distributor', 'MD_Distributor', 'distributorTransferOptions', 'MD_DigitalTransferOptions'),
  ];
  for (const option of options) {
    const megabytes = toNumber(charText(kid(option, 'transferSize')));
    for (const resource of path(option, 'onLine', 'CI_OnlineResource')) {
      const url = charText(kid(resource, 'linkage'));
      if (!url || !(isHttpUrl(url) || /^ftps?:\/\//i.test(url))) continue;
      const protocol = charText(kid(resource, 'protocol'));
      const name = freeTexts(kid(resource, 'name'), languages);
      const key = `${url}\u0000${protocol ?? ''}\u0000${name[0]?.value ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fn = codeValue(kid(resource, 'function'));
      const service = serviceProtocol(protocol) ?? serviceFromUrl(url);
      const download = !service && ((fn && DOWNLOAD_FUNCTIONS.has(fn)) || /download/i.test(protocol ?? ''));
      if (!service && !download) {
        if (fn && PAGE_FUNCTIONS.has(fn)) {
          out.pages.push(url);
          continue;
        }
        if (!fn || !ACCESS_FUNCTIONS.has(fn)) {
          out.landingPages.push(url);
          continue;
        }
      }
      const dist = emptyDistribution();
      dist.title = name;
      dist.description = freeTexts(kid(resource, 'description'), languages);
      dist.accessURL = [url];
      if (download) {
        dist.downloadURL = [url];
        if (Number.isFinite(megabytes) && megabytes > 0) dist.byteSize = Math.round(megabytes * 1_000_000);
      }
      let format: FormatInfo = {};
      if (service) {
        const ref: DataServiceRef = { endpointURL: [endpointOf(url)], conformsTo: [service.standard], protocol: protocol ?? service.name };
        if (/request=getcapabilities/i.test(url)) ref.endpointDescription = url;
        if (name.length > 0) ref.title = name;
        dist.accessService = ref;
        out.services.push(ref);
        const serviceFormat = resolveFormat(service.name);
        if (serviceFormat.format?.uri) format = serviceFormat;
      } else if (declared?.format || declared?.mediaType) format = declared;
      else {
        // Parsed only here, the one place it is used (a URL parse per link otherwise).
        const extension = extensionOf(url);
        if (extension) format = resolveFormat(extension);
      }
      if (format.format) dist.format = format.format;
      if (format.mediaType) dist.mediaType = format.mediaType;
      out.distributions.push(dist);
    }
  }
  out.landingPages = [...new Set(out.landingPages)];
  out.pages = [...new Set(out.pages)];
  return out;
}
