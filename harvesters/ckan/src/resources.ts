import {
  emptyDistribution,
  extensionOf,
  isHttpUrl,
  languageIri,
  normaliseDate,
  resolveFormat,
  resolveLicense,
  serviceProtocol,
  texts,
  unique,
  type Checksum,
  type Distribution,
  type License,
} from '@moisson/core';
import { objects, str, stringList, type JsonObject } from './json.js';

const SPDX = 'http://spdx.org/rdf/terms#checksumAlgorithm_';
const ALGORITHMS: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
/** Hex length → algorithm, for CKAN hashes given without `hash_algorithm`. */
const BY_LENGTH: Record<number, string> = { 32: 'md5', 40: 'sha1', 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/** `hash` (+ `hash_algorithm`, an SPDX IRI or a name) as an SPDX checksum; undefined when not hex. */
export function readChecksum(hash: unknown, algorithm: unknown): Checksum | undefined {
  const raw = str(hash);
  if (!raw) return undefined;
  const prefixed = /^([a-z0-9-]+)[:=](.+)$/i.exec(raw);
  const value = (prefixed ? prefixed[2]! : raw).trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(value)) return undefined;
  const declared = str(algorithm) ?? prefixed?.[1];
  const name = declared
    ? ALGORITHMS[declared.toLowerCase().replace(/^.*checksumalgorithm_/, '').replace(/[^a-z0-9]/g, '')]
    : BY_LENGTH[value.length];
  return name ? { algorithm: SPDX + name, value } : undefined;
}

/** A non-negative integer byte size from a number or numeric text (`"1024"`, `1024.0`). */
export function readByteSize(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value.trim()) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function resourceLicense(resource: JsonObject): License | undefined {
  return resolveLicense(str(resource['license_title']), str(resource['license']), str(resource['license_id']), str(resource['license_url']));
}

/**
 * A CKAN resource as a distribution. `access_url`/`download_url` (ckanext-dcat) win over `url`;
 * an uploaded file's `url` is also its download URL. A resource with no URL at all still gets
 * an access URL: its page on the site (DCAT-AP makes accessURL mandatory).
 */
export function readResource(resource: JsonObject, datasetPage: string | undefined, fallbackLicense: License | undefined): Distribution {
  const dist = emptyDistribution();
  const id = str(resource['id']);
  if (id) dist.remoteId = id;
  const uri = str(resource['uri']);
  if (uri && isHttpUrl(uri)) dist.uri = uri;
  dist.title = texts(resource['name']);
  dist.description = texts(resource['description']);

  const url = str(resource['url']);
  const accessUrl = str(resource['access_url']);
  const downloadUrl = str(resource['download_url']);
  const urlType = str(resource['url_type']);
  const access = [accessUrl, url].filter((u): u is string => !!u && isHttpUrl(u));
  if (!access.length && datasetPage && id) access.push(`${datasetPage}/resource/${encodeURIComponent(id)}`);
  dist.accessURL = unique(access);
  const downloads = [downloadUrl, urlType === 'upload' ? url : undefined].filter((u): u is string => !!u && isHttpUrl(u));
  dist.downloadURL = unique(downloads);

  const formatLabel = str(resource['format']);
  const candidates = [formatLabel, str(resource['mimetype']), str(resource['mimetype_inner'])];
  if (!candidates.some(Boolean)) candidates.push(extensionOf(downloadUrl ?? url ?? ''));
  const { format, mediaType } = resolveFormat(...candidates);
  if (format) dist.format = format;
  if (mediaType) dist.mediaType = mediaType;

  const service = serviceProtocol(formatLabel) ?? serviceProtocol(str(resource['protocol']));
  const endpoint = accessUrl ?? url;
  if (service && endpoint && isHttpUrl(endpoint)) {
    dist.accessService = { endpointURL: [endpoint], protocol: formatLabel ?? service.name, conformsTo: [service.standard], title: texts(service.name) };
  }

  const size = readByteSize(resource['size']);
  if (size !== undefined) dist.byteSize = size;
  const checksum = readChecksum(resource['hash'], resource['hash_algorithm']);
  if (checksum) dist.checksum = checksum;
  const issued = normaliseDate(resource['issued']) ?? normaliseDate(resource['created']);
  if (issued) dist.issued = issued;
  const modified = normaliseDate(resource['modified']) ?? normaliseDate(resource['last_modified']) ?? normaliseDate(resource['metadata_modified']);
  if (modified) dist.modified = modified;
  const license = resourceLicense(resource) ?? fallbackLicense;
  if (license) dist.license = license;
  const rights = texts(resource['rights']);
  if (rights.length) dist.rights = rights;
  dist.languages = unique(stringList(resource['language']).map(languageIri).filter((l): l is string => !!l));
  dist.conformsTo = stringList(resource['conforms_to']);
  dist.pages = stringList(resource['documentation']).filter(isHttpUrl);
  const status = str(resource['status']);
  if (status && isHttpUrl(status)) dist.status = status;
  return dist;
}

/** Every live resource of a package, in CKAN's order. */
export function readResources(resources: unknown, datasetPage: string | undefined, fallbackLicense: License | undefined): Distribution[] {
  return objects(resources)
    .filter((r) => str(r['state']) !== 'deleted')
    .map((r) => readResource(r, datasetPage, fallbackLicense));
}
