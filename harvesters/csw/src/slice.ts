import { UnsafeXml } from './tree.js';

/**
 * Cuts elements out of a document as standalone XML, byte for byte, with the namespace
 * declarations they inherit from their ancestors added to their start tag (so a record whose
 * prefixes are declared on the envelope still reads alone). Used by the CSW response reader and
 * by the OAI-PMH harvester. It only tracks nesting, it does not validate: call it on a document
 * that is checked well-formed, or parse each slice afterwards.
 */
const START_TAG = /<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Every attribute of a start tag's raw attribute text, by qualified name. */
export function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(source); m; m = ATTRIBUTE.exec(source)) out.set(m[1] as string, m[2] ?? m[3] ?? '');
  return out;
}

/** The namespace declarations (`xmlns`, `xmlns:p`) among a start tag's raw attribute text. */
export function declarations(source: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!source.includes('xmlns')) return out;
  for (const [name, value] of attributes(source)) if (name === 'xmlns' || name.startsWith('xmlns:')) out.set(name, value);
  return out;
}

/** The element cut at [start, end) with the inherited declarations its own start tag lacks. */
export function standalone(text: string, start: number, end: number, qname: string, ownAttrs: string, inherited: Map<string, string>): string {
  const xml = text.slice(start, end);
  const own = declarations(ownAttrs);
  let extra = '';
  for (const [name, uri] of inherited) if (!own.has(name)) extra += ` ${name}="${uri}"`;
  if (extra === '') return xml;
  const at = 1 + qname.length;
  return xml.slice(0, at) + extra + xml.slice(at);
}

function skipTo(text: string, needle: string, from: number): number {
  const found = text.indexOf(needle, from);
  if (found < 0) throw new UnsafeXml(`not well-formed XML: unterminated markup at character ${from}`);
  return found + needle.length;
}

/**
 * When `<` at `i` opens a comment, CDATA section, DOCTYPE (internal subset included) or
 * processing instruction, the index just after it; otherwise -1 (a tag).
 */
function skipMarkup(text: string, i: number): number {
  const next = text.charCodeAt(i + 1);
  if (next === 33 /* ! */) {
    if (text.startsWith('<!--', i)) return skipTo(text, '-->', i);
    if (text.startsWith('<![CDATA[', i)) return skipTo(text, ']]>', i);
    const close = text.indexOf('>', i);
    const bracket = text.indexOf('[', i);
    return bracket >= 0 && bracket < close ? skipTo(text, '>', skipTo(text, ']', bracket)) : skipTo(text, '>', i);
  }
  if (next === 63 /* ? */) return skipTo(text, '?>', i);
  return -1;
}

export interface StartTag {
  qname: string;
  /** The raw attribute text. */
  attrs: string;
  selfClosing: boolean;
  /** The index just after the tag's `>`. */
  end: number;
}

/** Where the next start or end tag begins at or after `from` (other markup skipped), or -1. */
export function nextTag(text: string, from: number): number {
  let i = from;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) return -1;
    const skipped = skipMarkup(text, i);
    if (skipped < 0) return i;
    i = skipped;
  }
}

/** The start tag at `start`. */
export function startTagAt(text: string, start: number): StartTag {
  START_TAG.lastIndex = start;
  const match = START_TAG.exec(text);
  if (!match) throw new UnsafeXml(`not well-formed XML near character ${start}`);
  return { qname: match[1] as string, attrs: match[2] ?? '', selfClosing: match[3] === '/', end: START_TAG.lastIndex };
}

interface Open {
  qname: string;
  local: string;
  /** Namespace declarations on this element's own start tag. */
  ns: Map<string, string>;
  /** Where its start tag begins, when it is being sliced. */
  sliceStart?: number;
}

/**
 * Every element whose path of local names from the root (root first) satisfies `wanted`, as
 * standalone XML. Elements inside a wanted element are not looked at.
 */
export function sliceElements(text: string, wanted: (path: readonly string[]) => boolean): string[] {
  const stack: Open[] = [];
  const out: string[] = [];
  let slicing = false;
  const inherited = (): Map<string, string> => {
    const all = new Map<string, string>();
    for (const ancestor of stack) for (const [name, uri] of ancestor.ns) all.set(name, uri);
    return all;
  };

  let i = 0;
  for (;;) {
    i = nextTag(text, i);
    if (i < 0) break;
    if (text.charCodeAt(i + 1) === 47 /* / */) {
      const end = skipTo(text, '>', i);
      const open = stack.pop();
      if (open?.sliceStart !== undefined) {
        out.push(standalone(text, open.sliceStart, end, open.qname, startTagAt(text, open.sliceStart).attrs, inherited()));
        slicing = false;
      }
      i = end;
      continue;
    }
    const { qname, attrs, selfClosing, end } = startTagAt(text, i);
    const open: Open = { qname, local: localName(qname), ns: declarations(attrs) };
    if (!slicing && wanted([...stack.map((o) => o.local), open.local])) {
      if (selfClosing) out.push(standalone(text, i, end, qname, attrs, inherited()));
      else {
        open.sliceStart = i;
        slicing = true;
      }
    }
    if (!selfClosing) stack.push(open);
    i = end;
  }
  return out;
}
