import {
  emptyDataset,
  emptyDistribution,
  extensionOf,
  InvalidRecord,
  isHttpUrl,
  languageIri,
  normaliseDate,
  resolveFormat,
  resolveLicense,
  serviceProtocol,
  texts,
  uniqueTexts,
  type Agent,
  type Dataset,
  type Distribution,
  type Location,
  type ResourceKind,
} from '@moisson/core';
import { bboxLocation, toNumber } from './spatial.js';
import { attr, kid, kids, textOf, type XmlElement } from './xml.js';

export interface DcRecord {
  remoteId: string;
  remoteModified?: string;
  dataset: Dataset;
}

const values = (record: unknown, name: string): string[] => kids(record, name).map(textOf).filter((v): v is string => !!v);

/** `csw:Record` (Dublin Core) → DCAT-AP (DCAT-AP.md §2.4). Literals stay untagged: DC gives no language per value. */
export function normaliseDc(record: XmlElement): DcRecord {
  const remoteId = values(record, 'identifier')[0];
  if (!remoteId) throw new InvalidRecord('csw:Record without dc:identifier');
  const type = values(record, 'type')[0]?.toLowerCase();
  const kind: ResourceKind = type === 'service' ? 'DataService' : type === 'series' ? 'DatasetSeries' : 'Dataset';
  const dataset = emptyDataset(kind);
  dataset.title = texts(values(record, 'title'));
  if (dataset.title.length === 0) throw new InvalidRecord('csw:Record without dc:title', remoteId);
  dataset.description = uniqueTexts(texts([...values(record, 'abstract'), ...values(record, 'description')]));
  dataset.identifiers = [...new Set(values(record, 'identifier'))];
  const uri = dataset.identifiers.find((id) => isHttpUrl(id));
  if (uri) dataset.uri = uri;
  if (type) dataset.type = { notation: type };

  for (const subject of kids(record, 'subject')) {
    const label = textOf(subject);
    if (!label) continue;
    const scheme = attr(subject, 'scheme');
    if (scheme) dataset.themes.push({ label: [{ value: label }], scheme, notation: label });
    else dataset.keywords.push({ value: label });
  }
  dataset.keywords = uniqueTexts(dataset.keywords);

  const modified = normaliseDate(values(record, 'modified')[0]);
  if (modified) dataset.modified = modified;
  const issued = normaliseDate(values(record, 'issued')[0] ?? values(record, 'date')[0]);
  if (issued) dataset.issued = issued;
  dataset.languages = [...new Set(values(record, 'language').map(languageIri).filter((iri): iri is string => !!iri))];

  const agent = (name: string): Agent => ({ name: [{ value: name }] });
  const publisher = values(record, 'publisher')[0];
  if (publisher) dataset.publisher = agent(publisher);
  dataset.creators = values(record, 'creator').map(agent);
  dataset.attributions = values(record, 'contributor').map((name) => ({ agent: agent(name), role: 'contributor' }));

  const rights = values(record, 'rights');
  const licenses = [...values(record, 'license'), ...rights];
  if (rights.length > 0) dataset.rights = texts(rights);
  for (const candidate of licenses) {
    const license = resolveLicense(candidate);
    if (license?.uri) {
      dataset.license = license;
      break;
    }
  }
  dataset.relations = values(record, 'relation');
  dataset.spatial = readSpatial(record);
  dataset.distributions = readLinks(record, values(record, 'format'));
  for (const distribution of dataset.distributions) if (dataset.license) distribution.license = dataset.license;
  if (kind === 'DataService') {
    const endpoints = dataset.distributions.flatMap((d) => d.accessService?.endpointURL ?? d.accessURL);
    dataset.service = { endpointURL: [...new Set(endpoints)], title: dataset.title };
  }

  const out: DcRecord = { remoteId, dataset };
  if (modified) out.remoteModified = modified;
  return out;
}

/**
 * `ows:BoundingBox` corners follow the axis order of their CRS: EPSG:4326 (and its URN forms)
 * is latitude first, CRS84 and `ows:WGS84BoundingBox` longitude first.
 */
function readSpatial(record: unknown): Location[] {
  const out: Location[] = [];
  const boxes = [...kids(record, 'BoundingBox').map((box) => ({ box, wgs84: false })), ...kids(record, 'WGS84BoundingBox').map((box) => ({ box, wgs84: true }))];
  for (const { box, wgs84 } of boxes) {
    const lower = (textOf(kid(box, 'LowerCorner')) ?? '').split(/\s+/).map(toNumber);
    const upper = (textOf(kid(box, 'UpperCorner')) ?? '').split(/\s+/).map(toNumber);
    if (lower.length !== 2 || upper.length !== 2) continue;
    const crs = attr(box, 'crs') ?? '';
    const latFirst = !wgs84 && /EPSG:(:|[\d.]*:)?4326$|EPSG\/0\/4326$/i.test(crs);
    const [a1, a2] = lower as [number, number];
    const [b1, b2] = upper as [number, number];
    const location = latFirst ? bboxLocation(a2, a1, b2, b1) : bboxLocation(a1, a2, b1, b2);
    if (location) out.push(location);
  }
  for (const label of [...values(record, 'spatial'), ...values(record, 'coverage')]) {
    out.push(isHttpUrl(label) ? { uri: label } : { label: [{ value: label }] });
  }
  return out;
}

/** `dct:references` (`@scheme` = protocol) and `dc:URI` (`@protocol`, `@name`, `@description`) → distributions. */
function readLinks(record: unknown, formats: string[]): Distribution[] {
  const links = [
    ...kids(record, 'references').map((node) => ({ node, protocol: attr(node, 'scheme') })),
    ...kids(record, 'URI').map((node) => ({ node, protocol: attr(node, 'protocol') })),
  ];
  const out: Distribution[] = [];
  const seen = new Set<string>();
  const declared = formats.length === 1 ? resolveFormat(formats[0]) : {};
  for (const { node, protocol } of links) {
    const url = textOf(node);
    if (!url || !isHttpUrl(url)) continue;
    const name = attr(node, 'name');
    const key = `${url}\u0000${protocol ?? ''}\u0000${name ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const distribution = emptyDistribution();
    distribution.accessURL = [url];
    if (name) distribution.title = [{ value: name }];
    const description = attr(node, 'description');
    if (description) distribution.description = [{ value: description }];
    const service = serviceProtocol(protocol) ?? (/[?&]service=([a-z]+)/i.exec(url)?.[1] ? serviceProtocol(/[?&]service=([a-z]+)/i.exec(url)?.[1]) : undefined);
    let format = declared;
    if (service) {
      distribution.accessService = { endpointURL: [url.split('?')[0] as string], conformsTo: [service.standard], protocol: protocol ?? service.name };
      format = resolveFormat(service.name).format?.uri ? resolveFormat(service.name) : {};
    } else if (/download/i.test(protocol ?? '') || (extensionOf(url) && resolveFormat(extensionOf(url)).format?.uri)) {
      distribution.downloadURL = [url];
      if (!format.format) format = resolveFormat(extensionOf(url));
    }
    if (format.format) distribution.format = format.format;
    if (format.mediaType) distribution.mediaType = format.mediaType;
    out.push(distribution);
  }
  return out;
}
