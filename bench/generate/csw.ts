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

/** What varies from one generated record to the next, where the fixture has its own value. */
type Slot = 'id' | 'title' | 'localId' | 'doi';
const SLOT_OF: Record<string, Slot> = { [TEMPLATE_ID]: 'id', [TEMPLATE_TITLE]: 'title', '>znieff1_hdf<': 'localId', 'zenodo.1234567': 'doi' };

/**
 * The fixture cut once at every place a record differs (its id and title; the resource identifier
 * and DOI, made unique too: shared by every record they would link the whole catalogue into one
 * cluster, each page's linking joining every earlier dataset). A record is then a join, not a
 * parse nor a search: the server is the remote, and its work on this machine is not moisson's.
 * Only the first `>znieff1_hdf<` is the identifier's.
 */
const template: Array<string | { slot: Slot }> = (() => {
  const xml = readFileSync(new URL('../../harvesters/csw/test/fixtures/geonetwork-iso-record.xml', import.meta.url), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts: Array<string | { slot: Slot }> = [];
  let from = 0;
  let localIdSeen = false;
  for (const match of xml.matchAll(new RegExp(Object.keys(SLOT_OF).map(escape).join('|'), 'g'))) {
    const slot = SLOT_OF[match[0]] as Slot;
    if (slot === 'localId' && localIdSeen) continue;
    localIdSeen ||= slot === 'localId';
    parts.push(xml.slice(from, match.index), { slot });
    from = match.index + match[0].length;
  }
  parts.push(xml.slice(from));
  return parts;
})();

/** The same template with its text as UTF-8 bytes, for pages served as bytes. */
const templateBytes: Array<Buffer | { slot: Slot }> = template.map((part) => (typeof part === 'string' ? Buffer.from(part) : part));

export const cswId = (i: number): string => `4b1c8a5e-2f0d-4d8e-9c6a-${pad(i, 12)}`;

function slotValues(i: number): Record<Slot, string> {
  return { id: cswId(i), title: `ZNIEFF de type 1, secteur ${i}`, localId: `>znieff1_hdf_${i}<`, doi: `zenodo.${1_234_567 + i}` };
}

export function isoRecord(i: number): string {
  const values = slotValues(i);
  let out = '';
  for (const part of template) out += typeof part === 'string' ? part : values[part.slot];
  return out;
}

function isoRecordBytes(i: number, into: Buffer[]): void {
  const values = slotValues(i);
  for (const part of templateBytes) into.push(Buffer.isBuffer(part) ? part : Buffer.from(values[part.slot]));
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

function pageFrame(size: number, start: number, max: number): { head: string; first: number; last: number; tail: string } {
  const first = Math.max(start, 1);
  const last = Math.min(first + Math.min(max, 1000) - 1, size);
  const returned = Math.max(last - first + 1, 0);
  const next = last >= size ? 0 : last + 1;
  const head =
    `<?xml version="1.0" encoding="UTF-8"?>\n<csw:GetRecordsResponse ${ROOT_NS} version="2.0.2">\n  <csw:SearchStatus timestamp="2024-03-19T08:13:39Z"/>\n` +
    `  <csw:SearchResults numberOfRecordsMatched="${size}" numberOfRecordsReturned="${returned}" nextRecord="${next}" elementSet="full">\n`;
  return { head, first, last, tail: '  </csw:SearchResults>\n</csw:GetRecordsResponse>\n' };
}

export function getRecordsPage(size: number, start: number, max: number): string {
  const { head, first, last, tail } = pageFrame(size, start, max);
  const parts = [head];
  for (let n = first; n <= last; n++) parts.push(isoRecord(n - 1), '\n');
  parts.push(tail);
  return parts.join('');
}

const NEWLINE = Buffer.from('\n');

/** `getRecordsPage` as the UTF-8 bytes the server sends, built from the template's bytes. */
export function getRecordsPageBytes(size: number, start: number, max: number): Buffer {
  const { head, first, last, tail } = pageFrame(size, start, max);
  const parts = [Buffer.from(head)];
  for (let n = first; n <= last; n++) {
    isoRecordBytes(n - 1, parts);
    parts.push(NEWLINE);
  }
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

export const CSW_PATH = '/geonetwork/srv/fre/csw';

/** `behaviour` is read at each request, so a caller can change it between runs. */
export function cswRoutes(size: number, behaviour: CswBehaviour = {}): Routes {
  return {
    [CSW_PATH]: (request): FixtureReply => {
      const { start, max } = paging(request);
      const since = behaviour.honourModified === false ? undefined : modifiedSince(request);
      const matched = since !== undefined && since > RECORD_STAMP ? 0 : size;
      return { headers: { 'content-type': 'application/xml; charset=utf-8' }, body: getRecordsPageBytes(matched, start, max) };
    },
  };
}

export async function serveCsw(size: number, pageSize = 100, behaviour: CswBehaviour = {}): Promise<ServedCatalogue> {
  const { server, stats } = await serveRoutes(cswRoutes(size, behaviour));
  return { protocol: 'csw', url: server.at('/geonetwork/srv/fre/csw'), config: { pageSize }, stats, server };
}
