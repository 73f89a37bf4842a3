import { MoissonError, type Detection, type Http, type JsonValue } from '@moisson/core';
import { attr, kids, parseXml, path, textOf, type XmlElement } from './xml.js';

/** The GetCapabilities URL for an endpoint (its other query parameters kept). */
export function capabilitiesUrl(endpoint: URL): string {
  const url = new URL(endpoint.href);
  for (const key of [...url.searchParams.keys()]) if (/^(service|request|version|acceptversions)$/i.test(key)) url.searchParams.delete(key);
  url.searchParams.set('service', 'CSW');
  url.searchParams.set('request', 'GetCapabilities');
  url.searchParams.set('acceptVersions', '2.0.2');
  return url.href;
}

function operation(caps: XmlElement, name: string): unknown {
  return path(caps, 'OperationsMetadata', 'Operation').find((op) => attr(op, 'name') === name);
}

function allowedValues(node: unknown, kind: 'Parameter' | 'Constraint', name: string): string[] {
  const entry = kids(node, kind).find((p) => attr(p, 'name')?.toLowerCase() === name.toLowerCase());
  return [...path(entry, 'Value'), ...path(entry, 'AllowedValues', 'Value')].map(textOf).filter((v): v is string => !!v);
}

/** What a CSW GetCapabilities document says, as detection details. */
export function readCapabilities(caps: XmlElement): { title?: string; details: Record<string, JsonValue>; getRecordsPost?: string; getRecordsGet?: string } {
  const identification = path(caps, 'ServiceIdentification')[0];
  const title = path(identification, 'Title').map(textOf).find(Boolean);
  const getRecords = operation(caps, 'GetRecords');
  const http = path(getRecords, 'DCP', 'HTTP');
  const getRecordsGet = path(http, 'Get').map((g) => attr(g, 'href')).find(Boolean);
  const getRecordsPost = path(http, 'Post').map((p) => attr(p, 'href')).find(Boolean);
  const outputSchemas = allowedValues(getRecords, 'Parameter', 'outputSchema');
  const maxRecords = [
    ...allowedValues(getRecords, 'Constraint', 'MaxRecordDefault'),
    ...allowedValues(path(caps, 'OperationsMetadata')[0], 'Constraint', 'MaxRecordDefault'),
  ][0];
  const sortParameters = [...allowedValues(getRecords, 'Parameter', 'sortBy'), ...allowedValues(getRecords, 'Constraint', 'SupportedSortByProperties')];
  const version = attr(caps, 'version') ?? path(identification, 'ServiceTypeVersion').map(textOf).find(Boolean);
  const details: Record<string, JsonValue> = { outputSchemas, iso: outputSchemas.length === 0 || outputSchemas.includes('http://www.isotc211.org/2005/gmd') };
  if (version) details.version = version;
  if (getRecordsGet) details.getRecordsGet = getRecordsGet;
  if (getRecordsPost) details.getRecordsPost = getRecordsPost;
  if (maxRecords && /^\d+$/.test(maxRecords)) details.maxRecordDefault = Number(maxRecords);
  if (sortParameters.length > 0) details.sortBy = sortParameters;
  return { ...(title ? { title } : {}), details, ...(getRecordsPost ? { getRecordsPost } : {}), ...(getRecordsGet ? { getRecordsGet } : {}) };
}

/** A CSW endpoint answers GetCapabilities with a `Capabilities` document of service type CSW. */
export async function detectCsw(url: URL, http: Http): Promise<Detection | null> {
  let body: string;
  try {
    body = (await http.get(capabilitiesUrl(url), { accept: 'application/xml, text/xml;q=0.9' })).body;
  } catch (error) {
    if (error instanceof MoissonError) return null;
    throw error;
  }
  let root: ReturnType<typeof parseXml>;
  try {
    root = parseXml(body);
  } catch {
    return null;
  }
  if (root.name !== 'Capabilities') return null;
  const serviceType = path(root.element, 'ServiceIdentification', 'ServiceType').map(textOf).find(Boolean);
  if (serviceType && !/csw/i.test(serviceType)) return null;
  const caps = readCapabilities(root.element);
  const endpoint = caps.getRecordsPost ?? caps.getRecordsGet;
  const sameHost = endpoint && (() => {
    try {
      return new URL(endpoint).host === url.host;
    } catch {
      return false;
    }
  })();
  const detection: Detection = { protocol: 'csw', confidence: serviceType ? 1 : 0.8, details: caps.details };
  if (caps.title) detection.title = caps.title;
  // The advertised endpoint is used only on the same host: capabilities often name internal hosts.
  const bare = new URL(url.href);
  for (const key of [...bare.searchParams.keys()]) if (/^(service|request|version|acceptversions)$/i.test(key)) bare.searchParams.delete(key);
  detection.url = sameHost ? (endpoint as string) : bare.href;
  return detection;
}
