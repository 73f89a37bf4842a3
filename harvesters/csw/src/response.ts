import { attributes, declarations, localName, nextTag, standalone, startTagAt } from './slice.js';
import { assertNoEntityDeclarations, attr, kids, parseXml, path, textOf, UnsafeXml } from './xml.js';

/**
 * Reads a GetRecords response without building a tree of the whole page: a small tokenizer finds
 * `SearchResults` and slices each record's own XML out of the text (the record kept as
 * `original`), adding the namespace declarations it inherits from the envelope so the slice
 * stands alone. Records are then parsed one by one by the normaliser.
 */
export interface SlicedRecord {
  /** Local name of the record element: MD_Metadata, MI_Metadata, Record, SummaryRecord… */
  localName: string;
  /** The record as a standalone XML document. */
  xml: string;
  /** The record id when it can be read cheaply (fileIdentifier, dc:identifier). */
  remoteId?: string;
}

export type CswResponse =
  | { kind: 'exception'; message: string }
  | { kind: 'results'; matched?: number; returned?: number; nextRecord?: number; records: SlicedRecord[] }
  | { kind: 'other'; rootName: string };

const ISO_ID = /<(?:[\w.-]+:)?fileIdentifier\b[^>]*>\s*<(?:[\w.-]+:)?CharacterString\b[^>]*>\s*([^<]*?)\s*</;
const DC_ID = /<(?:[\w.-]+:)?identifier\b[^>]*>\s*([^<]*?)\s*</;

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** Reads a CSW answer: an ExceptionReport, GetRecords results, or something else. */
export function readCswResponse(text: string): CswResponse {
  assertNoEntityDeclarations(text);
  const stack: Array<{ qname: string; ns?: Map<string, string> }> = [];
  let rootName: string | undefined;
  let recordDepth = -1;
  let inherited = new Map<string, string>();
  let searchAttrs: Map<string, string> | undefined;
  const records: SlicedRecord[] = [];
  let slowRecordStart = -1;
  const nextCache = new Map<string, number>();
  const nextOf = (needle: string, from: number): number => {
    const cached = nextCache.get(needle);
    if (cached !== undefined && (cached >= from || cached === -1)) return cached;
    const found = text.indexOf(needle, from);
    nextCache.set(needle, found);
    return found;
  };

  const pushRecord = (start: number, end: number, qname: string, ownAttrs: string) => {
    const xml = standalone(text, start, end, qname, ownAttrs, inherited);
    const name = localName(qname);
    const idMatch = (name === 'MD_Metadata' || name === 'MI_Metadata' ? ISO_ID : DC_ID).exec(xml);
    records.push({ localName: name, xml, remoteId: idMatch?.[1] || undefined });
  };

  let i = 0;
  for (;;) {
    i = nextTag(text, i);
    if (i < 0) break;
    if (text.charCodeAt(i + 1) === 47 /* / */) {
      const close = text.indexOf('>', i);
      if (close < 0) throw new UnsafeXml('not well-formed XML: unterminated end tag');
      stack.pop();
      i = close + 1;
      if (stack.length === recordDepth && slowRecordStart >= 0) {
        const start = slowRecordStart;
        slowRecordStart = -1;
        const startTag = startTagAt(text, start);
        pushRecord(start, i, startTag.qname, startTag.attrs);
      } else if (stack.length < recordDepth) {
        recordDepth = -1;
      }
      continue;
    }
    const { qname, attrs: rawAttrs, selfClosing, end: tagEnd } = startTagAt(text, i);
    const depth = stack.length;
    if (depth === 0 && rootName === undefined) rootName = localName(qname);

    if (depth === recordDepth && slowRecordStart < 0) {
      if (selfClosing) {
        pushRecord(i, tagEnd, qname, rawAttrs);
        i = tagEnd;
        continue;
      }
      const closeIdx = nextOf(`</${qname}`, tagEnd);
      if (closeIdx >= 0) {
        const gt = text.indexOf('>', closeIdx);
        // Fast path: nothing between the tags can fool a plain search for the end tag. The
        // nested start tag is looked for between them only (searched to the next record, it
        // doubled the scanning of the page).
        const nested = text.slice(tagEnd, closeIdx).indexOf(`<${qname}`);
        const comment = nextOf('<!--', tagEnd);
        const cdata = nextOf('<![CDATA[', tagEnd);
        const clean = nested < 0 && (comment < 0 || comment > closeIdx) && (cdata < 0 || cdata > closeIdx);
        if (clean && gt > 0 && /^\s*$/.test(text.slice(closeIdx + 2 + qname.length, gt))) {
          pushRecord(i, gt + 1, qname, rawAttrs);
          i = gt + 1;
          continue;
        }
      }
      slowRecordStart = i;
    }

    if (!selfClosing) {
      const ns = rawAttrs.includes('xmlns') ? declarations(rawAttrs) : undefined;
      stack.push(ns ? { qname, ns } : { qname });
      if (recordDepth < 0 && searchAttrs === undefined && localName(qname) === 'SearchResults') {
        searchAttrs = attributes(rawAttrs);
        recordDepth = stack.length;
        inherited = new Map();
        for (const entry of stack) for (const [k, v] of entry.ns ?? []) inherited.set(k, v);
      }
    } else if (recordDepth < 0 && searchAttrs === undefined && localName(qname) === 'SearchResults') {
      searchAttrs = attributes(rawAttrs);
    }
    i = tagEnd;
  }

  if (!rootName) throw new UnsafeXml('the document has no root element');
  if (rootName === 'ExceptionReport') return { kind: 'exception', message: exceptionMessage(text) };
  if (!searchAttrs) return { kind: 'other', rootName };
  return {
    kind: 'results',
    matched: toInt(searchAttrs.get('numberOfRecordsMatched')),
    returned: toInt(searchAttrs.get('numberOfRecordsReturned')),
    nextRecord: toInt(searchAttrs.get('nextRecord')),
    records,
  };
}

/** The server's words from an `ows:ExceptionReport`: code, locator and every ExceptionText. */
export function exceptionMessage(text: string): string {
  try {
    const { element } = parseXml(text);
    const parts = kids(element, 'Exception').map((exception) => {
      const texts = path(exception, 'ExceptionText').map(textOf).filter((t): t is string => !!t);
      const code = attr(exception, 'exceptionCode');
      const locator = attr(exception, 'locator');
      const head = [code, locator ? `(${locator})` : undefined].filter(Boolean).join(' ');
      return [head, texts.join(' ')].filter(Boolean).join(': ');
    });
    return parts.filter(Boolean).join('; ') || 'the server answered an ExceptionReport without a message';
  } catch {
    // HTTP error bodies reach us truncated: read the texts without a parser.
    const texts = [...text.matchAll(/<(?:[\w.-]+:)?ExceptionText[^>]*>([\s\S]*?)<\//g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
    return texts.join(' ') || 'the server answered an unreadable ExceptionReport';
  }
}

/** Whether a body (possibly the start of an HTTP error body) is an OWS ExceptionReport. */
export function looksLikeExceptionReport(body: string | undefined): boolean {
  return !!body && /<(?:[\w.-]+:)?ExceptionReport[\s>]/.test(body.slice(0, 2000));
}
