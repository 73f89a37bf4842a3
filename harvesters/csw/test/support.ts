import { readFileSync } from 'node:fs';
import type { NormaliseContext } from '@moisson/core';
import type { CswConfig } from '../src/config.js';

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export const ENDPOINT = 'https://www.geo2france.fr/geonetwork/srv/fre/csw';

export const ctx: NormaliseContext<Partial<CswConfig>> = {
  source: { url: ENDPOINT },
  config: {},
  filters: [],
  harvestedAt: '2024-03-01T00:00:00Z',
};

/** A record without its XML declaration, as it sits inside a GetRecords response. */
export const bare = (xml: string): string => xml.replace(/^<\?xml[^>]*\?>\s*/, '').trim();

/**
 * A GetRecordsResponse as pycsw writes it: namespaces declared once on the root, so sliced
 * records must inherit them. `strip` removes the records' own declarations to prove it.
 */
export function getRecordsResponse(records: string[], attrs: { matched?: number; returned?: number; next?: number }, strip = false): string {
  const body = records.map((r) => (strip ? bare(r).replace(/\s+xmlns:[\w]+="[^"]*"/g, '') : bare(r))).join('\n    ');
  const attr = (name: string, value: number | undefined) => (value === undefined ? '' : ` ${name}="${value}"`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/" xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:srv="http://www.isotc211.org/2005/srv" xmlns:ows="http://www.opengis.net/ows" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:geonet="http://www.fao.org/geonetwork" version="2.0.2">
  <csw:SearchStatus timestamp="2024-03-19T08:13:39Z"/>
  <csw:SearchResults numberOfRecordsMatched="${attrs.matched ?? records.length}" numberOfRecordsReturned="${attrs.returned ?? records.length}"${attr('nextRecord', attrs.next)} elementSet="full">
    ${body}
  </csw:SearchResults>
</csw:GetRecordsResponse>
`;
}

/** A minimal ISO record with a given fileIdentifier (for paging scenarios). */
export function isoRecord(id: string): string {
  return `<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco"><gmd:fileIdentifier><gco:CharacterString>${id}</gco:CharacterString></gmd:fileIdentifier><gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>Record ${id}</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation></gmd:MD_DataIdentification></gmd:identificationInfo></gmd:MD_Metadata>`;
}
