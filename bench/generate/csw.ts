/**
 * A CSW 2.0.2 catalogue of `size` ISO 19139 records (GeoNetwork-shaped: the full record of our
 * `geonetwork-iso-record.xml` fixture, ~24 KB, with its identifier and title made unique),
 * answering GetRecords as an XML POST or GET KVP with `startPosition`/`maxRecords` and
 * `numberOfRecordsMatched`/`nextRecord` the way GeoNetwork does. Pages are built per request.
 * Like GeoNetwork and pycsw it honours an `apiso:Modified >= date` constraint (every record's
 * stamp is the template's); `{ honourModified: false }` plays a server that ignores it.
 */
import { readFileSync } from 'node:fs';
import type { FixtureReply, FixtureRequest } from '../../test/support/fixture-server.js';
import { pad, serveRoutes, type Routes, type ServedCatalogue } from './common.js';

const TEMPLATE_ID = '4b1c8a5e-2f0d-4d8e-9c6a-3f0e1a2b7c91';
const TEMPLATE_TITLE = "Zones naturelles d'intérêt écologique, faunistique et floristique (ZNIEFF) de type 1";

/** The fixture split at its id and title, so a record is a join, not a parse. */
const pieces: string[][] = (() => {
  const xml = readFileSync(new URL('../../harvesters/csw/test/fixtures/geonetwork-iso-record.xml', import.meta.url), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  return xml.split(TEMPLATE_ID).map((part) => part.split(TEMPLATE_TITLE));
})();

export const cswId = (i: number): string => `4b1c8a5e-2f0d-4d8e-9c6a-${pad(i, 12)}`;

export function isoRecord(i: number): string {
  const title = `ZNIEFF de type 1, secteur ${i}`;
  // The resource identifier and DOI are made unique too: shared by every record they would link
  // the whole catalogue into one cluster (each page's linking would join every earlier dataset).
  return pieces
    .map((part) => part.join(title))
    .join(cswId(i))
    .replace('>znieff1_hdf<', `>znieff1_hdf_${i}<`)
    .replaceAll('zenodo.1234567', `zenodo.${1_234_567 + i}`);
}

/** The template's `gmd:dateStamp`: every generated record was last modified then. */
const RECORD_STAMP = Date.parse('2024-02-14T09:31:07Z');

/** How the generated server treats what a request asks beyond paging. */
export interface CswBehaviour {
  /** Answer only the records modified since an `apiso:Modified >=` constraint's date. @defaultValue true */
  honourModified?: boolean;
}

/** The date of an `apiso:Modified >=` constraint, in an XML Filter (POST) or CQL text (GET). */
function modifiedSince(request: FixtureRequest): number | undefined {
  const text = request.method === 'POST' ? request.body : (request.url.searchParams.get('constraint') ?? '');
  const match =
    /apiso:Modified\s*<\/ogc:PropertyName>\s*<ogc:Literal>([^<]+)<\/ogc:Literal>/.exec(text) ?? /apiso:Modified\s*>=\s*'([^']+)'/.exec(text);
  const since = match ? Date.parse(match[1]!) : NaN;
  return Number.isNaN(since) ? undefined : since;
}

function paging(request: FixtureRequest): { start: number; max: number } {
  if (request.method === 'POST') {
    const start = /startPosition="(\d+)"/.exec(request.body)?.[1];
    const max = /maxRecords="(\d+)"/.exec(request.body)?.[1];
    return { start: Number(start ?? 1), max: Number(max ?? 10) };
  }
  const q = request.url.searchParams;
  return { start: Number(q.get('startPosition') ?? 1), max: Number(q.get('maxRecords') ?? 10) };
}

const ROOT_NS =
  'xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:srv="http://www.isotc211.org/2005/srv" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:geonet="http://www.fao.org/geonetwork"';

export function getRecordsPage(size: number, start: number, max: number): string {
  const first = Math.max(start, 1);
  const last = Math.min(first + Math.min(max, 1000) - 1, size);
  const returned = Math.max(last - first + 1, 0);
  const next = last >= size ? 0 : last + 1;
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<csw:GetRecordsResponse ${ROOT_NS} version="2.0.2">\n  <csw:SearchStatus timestamp="2024-03-19T08:13:39Z"/>\n`,
    `  <csw:SearchResults numberOfRecordsMatched="${size}" numberOfRecordsReturned="${returned}" nextRecord="${next}" elementSet="full">\n`,
  ];
  for (let n = first; n <= last; n++) parts.push(isoRecord(n - 1), '\n');
  parts.push('  </csw:SearchResults>\n</csw:GetRecordsResponse>\n');
  return parts.join('');
}

export const CSW_PATH = '/geonetwork/srv/fre/csw';

/** `behaviour` is read at each request, so a caller can change it between runs. */
export function cswRoutes(size: number, behaviour: CswBehaviour = {}): Routes {
  return {
    [CSW_PATH]: (request): FixtureReply => {
      const { start, max } = paging(request);
      const since = behaviour.honourModified === false ? undefined : modifiedSince(request);
      const matched = since !== undefined && since > RECORD_STAMP ? 0 : size;
      return { headers: { 'content-type': 'application/xml; charset=utf-8' }, body: getRecordsPage(matched, start, max) };
    },
  };
}

export async function serveCsw(size: number, pageSize = 100, behaviour: CswBehaviour = {}): Promise<ServedCatalogue> {
  const { server, stats } = await serveRoutes(cswRoutes(size, behaviour));
  return { protocol: 'csw', url: server.at('/geonetwork/srv/fre/csw'), config: { pageSize }, stats, server };
}
