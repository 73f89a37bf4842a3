import type { Concept } from '../model.js';

/**
 * File formats: labels, extensions and media types as sources write them, mapped to the EU
 * file-type NAL and an IANA media type. OGC service protocols are not formats: see `serviceProtocol`.
 */
const NAL = 'http://publications.europa.eu/resource/authority/file-type/';

/** [NAL code, media type, aliases (labels, extensions, other media types)] */
const TABLE: Array<[string, string | undefined, string[]]> = [
  ['CSV', 'text/csv', ['csv', 'text/comma-separated-values', 'application/csv']],
  ['TSV', 'text/tab-separated-values', ['tsv', 'tab']],
  ['JSON', 'application/json', ['json', 'text/json']],
  ['GEOJSON', 'application/geo+json', ['geojson', 'application/vnd.geo+json', 'geo+json']],
  ['JSON_LD', 'application/ld+json', ['json-ld', 'jsonld']],
  ['XML', 'application/xml', ['xml', 'text/xml']],
  ['XLS', 'application/vnd.ms-excel', ['xls', 'excel']],
  ['XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx']],
  ['ODS', 'application/vnd.oasis.opendocument.spreadsheet', ['ods']],
  ['PDF', 'application/pdf', ['pdf']],
  ['HTML', 'text/html', ['html', 'htm', 'web page', 'page web']],
  ['TXT', 'text/plain', ['txt', 'text']],
  ['ZIP', 'application/zip', ['zip', 'application/x-zip-compressed', 'dwc-a', 'dwca', 'darwin core archive']],
  ['GZIP', 'application/gzip', ['gz', 'gzip']],
  ['SHP', 'application/x-shapefile', ['shp', 'shapefile', 'esri shapefile', 'shape', 'application/x-esri-shape']],
  ['KML', 'application/vnd.google-earth.kml+xml', ['kml']],
  ['KMZ', 'application/vnd.google-earth.kmz', ['kmz']],
  ['GML', 'application/gml+xml', ['gml']],
  ['GPKG', 'application/geopackage+sqlite3', ['gpkg', 'geopackage']],
  ['TIFF', 'image/tiff', ['tif', 'tiff', 'geotiff', 'gtiff']],
  ['JPEG', 'image/jpeg', ['jpg', 'jpeg']],
  ['PNG', 'image/png', ['png']],
  ['PARQUET', 'application/vnd.apache.parquet', ['parquet']],
  ['RDF_XML', 'application/rdf+xml', ['rdf', 'rdf/xml', 'rdf+xml', 'rdf-xml']],
  ['RDF_TURTLE', 'text/turtle', ['ttl', 'turtle']],
  ['RDF_N_TRIPLES', 'application/n-triples', ['nt', 'n-triples', 'ntriples']],
  ['SPARQLQ', 'application/sparql-query', ['sparql']],
  ['ODT', 'application/vnd.oasis.opendocument.text', ['odt']],
  ['DOC', 'application/msword', ['doc']],
  ['DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx']],
  ['ATOM', 'application/atom+xml', ['atom', 'atom feed']],
  ['RSS', 'application/rss+xml', ['rss']],
  ['GRID_ASCII', 'text/plain', ['aaigrid', 'ascii grid', 'asc']],
  ['MAP_PRVW', undefined, ['mapinfo tab', 'tab mapinfo', 'mapinfo']],
  ['WMS_SRVC', undefined, ['wms', 'ogc:wms', 'ogc wms']],
  ['WFS_SRVC', undefined, ['wfs', 'ogc:wfs', 'ogc wfs']],
  ['NETCDF', 'application/netcdf', ['netcdf', 'nc', 'application/x-netcdf']],
  ['SQL', 'application/sql', ['sql']],
  ['7Z', 'application/x-7z-compressed', ['7z']],
];

const lookup = new Map<string, (typeof TABLE)[number]>();
for (const row of TABLE) {
  const [code, media, aliases] = row;
  lookup.set(code.toLowerCase(), row);
  if (media && !lookup.has(media)) lookup.set(media, row);
  for (const alias of aliases) lookup.set(alias, row);
}

function key(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(www\.)?iana\.org\/assignments\/media-types\//, '')
    .replace(/;.*$/, '')
    .replace(/^\./, '');
}

export interface FormatInfo {
  format?: Concept;
  mediaType?: string;
}

/**
 * A format from a label (`CSV`, `Esri Shapefile`), an extension (`.csv`), a media type
 * (`text/csv`, with parameters or as an IANA IRI) or a file-type NAL IRI. Unknown labels are
 * kept as a label-only concept; unknown media types are kept as media types.
 */
export function resolveFormat(...candidates: Array<string | undefined | null>): FormatInfo {
  const given = candidates.map((c) => c?.trim()).filter((c): c is string => !!c);
  for (const candidate of given) {
    const nal = /\/file-type\/([A-Z0-9_]+)$/.exec(candidate);
    const row = nal?.[1] ? lookup.get(nal[1].toLowerCase()) : lookup.get(key(candidate));
    if (row) {
      const [code, media] = row;
      const given0 = given[0] as string;
      const mediaGiven = given.map(key).find((g) => /^[a-z]+\/[a-z0-9.+-]+$/.test(g));
      return {
        format: { uri: NAL + code, label: [{ value: code }], notation: given0 },
        mediaType: mediaGiven ?? media,
      };
    }
  }
  const first = given[0];
  if (!first) return {};
  const k = key(first);
  if (/^[a-z]+\/[a-z0-9.+-]+$/.test(k)) return { mediaType: k };
  return { format: { label: [{ value: first }], notation: first } };
}

/** A file extension from a URL path (`.csv` → `csv`), to guess a format when none is given. */
export function extensionOf(url: string): string | undefined {
  try {
    const path = new URL(url).pathname;
    const match = /\.([a-z0-9]{2,7})$/i.exec(path);
    return match?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

const SERVICE_STANDARDS: Record<string, string> = {
  wms: 'http://www.opengis.net/def/serviceType/ogc/wms',
  wmts: 'http://www.opengis.net/def/serviceType/ogc/wmts',
  wfs: 'http://www.opengis.net/def/serviceType/ogc/wfs',
  wcs: 'http://www.opengis.net/def/serviceType/ogc/wcs',
  csw: 'http://www.opengis.net/def/serviceType/ogc/csw',
  sos: 'http://www.opengis.net/def/serviceType/ogc/sos',
  'ogcapi-features': 'http://www.opengis.net/spec/ogcapi-features-1/1.0',
};

/**
 * The OGC standard IRI for a service protocol as ISO/CKAN records write it (`OGC:WMS`,
 * `OGC:WMS-1.3.0-http-get-map`, `wfs`); undefined when it is not a known service.
 */
export function serviceProtocol(protocol: string | undefined | null): { name: string; standard: string } | undefined {
  if (!protocol) return undefined;
  const match = /(?:^|[:\s_/-])(wmts|wms|wfs|wcs|csw|sos)(?:$|[:\s_/-])/i.exec(protocol);
  if (match?.[1]) {
    const name = match[1].toLowerCase();
    return { name: name.toUpperCase(), standard: SERVICE_STANDARDS[name] as string };
  }
  if (/ogc\s*api.*features/i.test(protocol)) return { name: 'OGC API Features', standard: SERVICE_STANDARDS['ogcapi-features'] as string };
  return undefined;
}
