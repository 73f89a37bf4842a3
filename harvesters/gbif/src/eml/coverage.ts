import { normaliseDate, type Location, type PeriodOfTime } from '@moisson/core';
import { all, elements, first, textAt, type XmlNode } from '../xml/tree.js';

/** Descriptions that say nothing: IPT writes "N/A" when the publisher left the field empty. */
const NO_DESCRIPTION = /^(n\/?a|none|null|-|unknown)$/i;

/**
 * A decimal as EML files write it: `2.35`, `2,35` (a French or German locale), ` -0.5 `. A comma
 * is a decimal separator only when it is the only separator; anything else is refused.
 */
export function parseDecimal(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/\s/g, '');
  const dotted = /^[-+]?\d+,\d+$/.test(v) ? v.replace(',', '.') : v;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(dotted)) return undefined;
  const n = Number(dotted);
  return Number.isFinite(n) ? n : undefined;
}

/** `geographicCoverage` → locations: a bbox with its polygon, a point when the box is one, the description as label. */
export function readSpatial(coverage: XmlNode | undefined): Location[] {
  const out: Location[] = [];
  for (const geo of elements(coverage, 'geographicCoverage')) {
    const location: Location = {};
    const description = textAt(geo, 'geographicDescription');
    if (description && !NO_DESCRIPTION.test(description)) location.label = [{ value: description }];
    const box = first(geo, 'boundingCoordinates');
    const w = parseDecimal(textAt(box, 'westBoundingCoordinate'));
    const e = parseDecimal(textAt(box, 'eastBoundingCoordinate'));
    const n = parseDecimal(textAt(box, 'northBoundingCoordinate'));
    const s = parseDecimal(textAt(box, 'southBoundingCoordinate'));
    if (w !== undefined && e !== undefined && n !== undefined && s !== undefined && inRange(w, e, s, n)) {
      if (w === e && s === n) {
        location.geometry = { type: 'Point', coordinates: [w, s] };
        location.centroid = [w, s];
      } else {
        location.bbox = [w, s, e, n];
        // A box crossing the antimeridian (west > east) has no simple polygon: the bbox says it.
        if (w <= e) location.geometry = { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
      }
    }
    if (location.label || location.bbox || location.geometry) out.push(location);
  }
  return out;
}

function inRange(w: number, e: number, s: number, n: number): boolean {
  return Math.abs(w) <= 180 && Math.abs(e) <= 180 && Math.abs(s) <= 90 && Math.abs(n) <= 90 && s <= n;
}

/** `temporalCoverage` → periods: a single date is a period of one day (or year); unparsable dates are kept as labels. */
export function readTemporal(coverage: XmlNode | undefined): PeriodOfTime[] {
  const out: PeriodOfTime[] = [];
  for (const temporal of elements(coverage, 'temporalCoverage')) {
    for (const single of elements(temporal, 'singleDateTime')) {
      const raw = textAt(single, 'calendarDate') ?? textAt(single, 'alternativeTimeScale', 'timeScaleName');
      const date = normaliseDate(raw);
      if (date) out.push({ start: date, end: date });
      else if (raw) out.push({ label: raw });
    }
    for (const range of elements(temporal, 'rangeOfDates')) {
      const rawStart = textAt(range, 'beginDate', 'calendarDate');
      const rawEnd = textAt(range, 'endDate', 'calendarDate');
      const start = normaliseDate(rawStart);
      const end = normaliseDate(rawEnd);
      const period: PeriodOfTime = {};
      if (start) period.start = start;
      if (end) period.end = end;
      if ((rawStart && !start) || (rawEnd && !end)) period.label = `${rawStart ?? '..'} / ${rawEnd ?? '..'}`;
      if (period.start || period.end || period.label) out.push(period);
    }
  }
  return out;
}

/** One taxon of a `taxonomicCoverage`. */
export interface EmlTaxon {
  rank?: string;
  name: string;
  commonName?: string;
}

export interface EmlTaxonomicCoverage {
  description?: string;
  taxa: EmlTaxon[];
}

/** `taxonomicCoverage` blocks, with nested `taxonomicClassification`s (EML 2.2) flattened in order. */
export function readTaxonomic(coverage: XmlNode | undefined): EmlTaxonomicCoverage[] {
  return elements(coverage, 'taxonomicCoverage').map((block) => {
    const taxa: EmlTaxon[] = [];
    const walk = (node: XmlNode) => {
      for (const classification of elements(node, 'taxonomicClassification')) {
        const name = textAt(classification, 'taxonRankValue');
        if (name) {
          const taxon: EmlTaxon = { name };
          const rank = textAt(classification, 'taxonRankName');
          if (rank) taxon.rank = rank;
          const common = textAt(classification, 'commonName');
          if (common) taxon.commonName = common;
          taxa.push(taxon);
        }
        walk(classification);
      }
    };
    walk(block);
    const description = textAt(block, 'generalTaxonomicCoverage');
    return { ...(description ? { description } : {}), taxa };
  });
}

/** Every `coverage` element: the dataset's and, in EML 2.2, none elsewhere we read. */
export function coverageOf(dataset: XmlNode): XmlNode | undefined {
  const blocks = all(dataset, 'coverage');
  if (blocks.length <= 1) return blocks[0];
  return { name: 'coverage', attrs: {}, children: blocks.flatMap((b) => b.children) };
}
