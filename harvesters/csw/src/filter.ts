import { filterValues, SourceConfigError, type Filter } from '@moisson/core';
import { parseXml, UnsafeXml } from './xml.js';
import { element, type Raw } from './xml-write.js';

export const OGC_NS = 'http://www.opengis.net/ogc';
export const GML_NS = 'http://www.opengis.net/gml';

/** A condition on records, built from the source filters, rendered as OGC Filter 1.1.0 or CQL. */
export type Condition =
  | { op: 'equal' | 'like' | 'atLeast'; property: string; value: string }
  | { op: 'bbox'; box: [number, number, number, number] }
  | { op: 'not'; of: Condition }
  | { op: 'and' | 'or'; of: Condition[] };

/** What goes in the GetRecords `Constraint`, if anything. */
export type Constraint = { language: 'FILTER'; xml: string } | { language: 'CQL_TEXT'; text: string };

const KNOWN = new Set(['keyword', 'type', 'bbox', 'q']);

function escapeLike(value: string): string {
  return value.replace(/[\\*?]/g, (c) => `\\${c}`);
}

function parseBbox(value: string): [number, number, number, number] {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [w, s, e, n] = parts as [number, number, number, number];
  if (parts.length !== 4 || !parts.every(Number.isFinite) || Math.abs(s) > 90 || Math.abs(n) > 90 || Math.abs(w) > 180 || Math.abs(e) > 180 || s > n) {
    throw new SourceConfigError(`bbox filter must be W,S,E,N in degrees, not "${value}"`, 'filters');
  }
  return [w, s, e, n];
}

function conditionFor(key: string, value: string): Condition {
  switch (key) {
    case 'keyword':
      return /[*?]/.test(value) ? { op: 'like', property: 'apiso:Subject', value } : { op: 'equal', property: 'apiso:Subject', value };
    case 'type':
      return { op: 'equal', property: 'apiso:Type', value };
    case 'q':
      return { op: 'like', property: 'csw:AnyText', value: `*${escapeLike(value)}*` };
    default:
      return { op: 'bbox', box: parseBbox(value) };
  }
}

/** Source filters (+ modifiedSince) as one condition: values of a key are ORed, keys ANDed, excludes negated. */
export function buildCondition(filters: readonly Filter[], modifiedSince?: string): Condition | undefined {
  const unknown = filters.find((f) => !KNOWN.has(f.key));
  if (unknown) throw new SourceConfigError(`unknown CSW filter key "${unknown.key}" (known: ${[...KNOWN].join(', ')})`, 'filters');
  const parts: Condition[] = [];
  for (const key of KNOWN) {
    const included = filterValues(filters, key, 'include').map((v) => conditionFor(key, v));
    if (included.length === 1) parts.push(included[0] as Condition);
    else if (included.length > 1) parts.push({ op: 'or', of: included });
    for (const value of filterValues(filters, key, 'exclude')) parts.push({ op: 'not', of: conditionFor(key, value) });
  }
  if (modifiedSince) parts.push({ op: 'atLeast', property: 'apiso:Modified', value: modifiedSince });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { op: 'and', of: parts };
}

/** OGC Filter 1.1.0 operators (prefix `ogc`, bbox in EPSG:4326 latitude/longitude order). */
export function filterXml(condition: Condition): Raw {
  switch (condition.op) {
    case 'equal':
      return element('ogc:PropertyIsEqualTo', {}, element('ogc:PropertyName', {}, condition.property), element('ogc:Literal', {}, condition.value));
    case 'atLeast':
      return element('ogc:PropertyIsGreaterThanOrEqualTo', {}, element('ogc:PropertyName', {}, condition.property), element('ogc:Literal', {}, condition.value));
    case 'like':
      return element('ogc:PropertyIsLike', { wildCard: '*', singleChar: '?', escapeChar: '\\' }, element('ogc:PropertyName', {}, condition.property), element('ogc:Literal', {}, condition.value));
    case 'bbox': {
      const [w, s, e, n] = condition.box;
      return element(
        'ogc:BBOX',
        {},
        element('ogc:PropertyName', {}, 'ows:BoundingBox'),
        element('gml:Envelope', { srsName: 'urn:ogc:def:crs:EPSG::4326' }, element('gml:lowerCorner', {}, `${s} ${w}`), element('gml:upperCorner', {}, `${n} ${e}`)),
      );
    }
    case 'not':
      return element('ogc:Not', {}, filterXml(condition.of));
    default:
      return element(condition.op === 'and' ? 'ogc:And' : 'ogc:Or', {}, ...condition.of.map(filterXml));
  }
}

function cqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The same condition as OGC CQL text. */
export function filterCql(condition: Condition): string {
  switch (condition.op) {
    case 'equal':
      return `${condition.property} = ${cqlString(condition.value)}`;
    case 'atLeast':
      return `${condition.property} >= ${cqlString(condition.value)}`;
    case 'like':
      return `${condition.property} LIKE ${cqlString(condition.value.replace(/(?<!\\)\*/g, '%').replace(/(?<!\\)\?/g, '_').replace(/\\([*?])/g, '$1'))}`;
    case 'bbox':
      return `BBOX(ows:BoundingBox, ${condition.box.join(', ')})`;
    case 'not':
      return `NOT (${filterCql(condition.of)})`;
    default:
      return condition.of.map((c) => `(${filterCql(c)})`).join(condition.op === 'and' ? ' AND ' : ' OR ');
  }
}

const FILTER_NAMESPACES = { 'xmlns:ogc': OGC_NS, 'xmlns:gml': GML_NS, 'xmlns:ows': 'http://www.opengis.net/ows', 'xmlns:apiso': 'http://www.opengis.net/cat/csw/apiso/1.0', 'xmlns:csw': 'http://www.opengis.net/cat/csw/2.0.2' };

/**
 * The GetRecords constraint: the filters' condition, the operator's raw constraint, or both
 * ANDed. A raw Filter must be a well-formed `Filter` document; a raw CQL text is kept as is.
 */
export function buildConstraint(filters: readonly Filter[], modifiedSince: string | undefined, raw: string | undefined): Constraint | undefined {
  const condition = buildCondition(filters, modifiedSince);
  if (raw && raw.startsWith('<')) return { language: 'FILTER', xml: mergeRawFilter(raw, condition) };
  if (raw) return { language: 'CQL_TEXT', text: condition ? `(${raw}) AND (${filterCql(condition)})` : raw };
  if (!condition) return undefined;
  return { language: 'FILTER', xml: element('ogc:Filter', FILTER_NAMESPACES, filterXml(condition)).xml };
}

function mergeRawFilter(raw: string, condition: Condition | undefined): string {
  let root: string;
  try {
    root = parseXml(raw).name;
  } catch (error) {
    throw new SourceConfigError(`the constraint is not well-formed XML: ${(error as Error).message}`, 'constraint', { cause: error instanceof UnsafeXml ? error : undefined });
  }
  if (root !== 'Filter') throw new SourceConfigError(`the constraint must be an OGC Filter document, not <${root}>`, 'constraint');
  const body = raw.replace(/^<\?xml[^>]*\?>\s*/, '');
  if (!condition) return body;
  const startEnd = body.indexOf('>') + 1;
  const endStart = body.lastIndexOf('</');
  const startTag = body.slice(0, startEnd).replace(/\/?>$/, '');
  const declarations = Object.entries(FILTER_NAMESPACES)
    .filter(([name]) => !new RegExp(`\\s${name}\\s*=`).test(startTag))
    .map(([name, uri]) => ` ${name}="${uri}"`)
    .join('');
  const inner = endStart > startEnd ? body.slice(startEnd, endStart) : '';
  return `${startTag}${declarations}><ogc:And>${inner}${filterXml(condition).xml}</ogc:And>${body.slice(endStart)}`;
}
