import { XmlError } from './xml.js';

/**
 * Cuts elements out of a document as standalone XML, byte for byte, with the namespace
 * declarations they inherit from their ancestors added to their start tag (so an `oai_dc:dc`
 * or `rdf:RDF` whose prefixes are declared on the envelope still reads alone). The `<record>`
 * slices are what moisson keeps as `original`; the metadata slices feed the normalisers.
 *
 * Call it on a document already checked well-formed: it only tracks nesting, it does not validate.
 */
const START_TAG = /<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Open {
  qname: string;
  local: string;
  /** Namespace declarations on this element's own start tag. */
  ns: Map<string, string>;
  /** Where its start tag begins, when it is being sliced. */
  sliceStart?: number;
}

export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function declarations(attrs: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!attrs.includes('xmlns')) return out;
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(attrs); m; m = ATTRIBUTE.exec(attrs)) {
    const name = m[1] as string;
    if (name === 'xmlns' || name.startsWith('xmlns:')) out.set(name, m[2] ?? m[3] ?? '');
  }
  return out;
}

function skipTo(text: string, needle: string, from: number): number {
  const found = text.indexOf(needle, from);
  if (found < 0) throw new XmlError(`not well-formed XML: unterminated markup at character ${from}`);
  return found + needle.length;
}

/**
 * Every element whose path of local names from the root (root first) satisfies `wanted`, as
 * standalone XML. Elements inside a wanted element are not looked at.
 */
export function sliceElements(text: string, wanted: (path: readonly string[]) => boolean): string[] {
  const stack: Open[] = [];
  const out: string[] = [];
  let slicing = false;

  const standalone = (start: number, end: number, open: Open, ownAttrs: string): string => {
    const inherited = new Map<string, string>();
    for (const ancestor of stack) for (const [name, uri] of ancestor.ns) inherited.set(name, uri);
    const own = declarations(ownAttrs);
    const missing = [...inherited].filter(([name]) => !own.has(name));
    const xml = text.slice(start, end);
    if (missing.length === 0) return xml;
    const at = 1 + open.qname.length;
    return xml.slice(0, at) + missing.map(([name, uri]) => ` ${name}="${uri}"`).join('') + xml.slice(at);
  };

  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) break;
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', i)) i = skipTo(text, '-->', i);
      else if (text.startsWith('<![CDATA[', i)) i = skipTo(text, ']]>', i);
      else {
        const close = text.indexOf('>', i);
        const bracket = text.indexOf('[', i);
        i = bracket >= 0 && bracket < close ? skipTo(text, '>', skipTo(text, ']', bracket)) : skipTo(text, '>', i);
      }
      continue;
    }
    if (next === 63 /* ? */) {
      i = skipTo(text, '?>', i);
      continue;
    }
    if (next === 47 /* / */) {
      const end = skipTo(text, '>', i);
      const open = stack.pop();
      if (open?.sliceStart !== undefined) {
        out.push(standalone(open.sliceStart, end, open, startTagAttrs(text, open.sliceStart)));
        slicing = false;
      }
      i = end;
      continue;
    }
    START_TAG.lastIndex = i;
    const match = START_TAG.exec(text);
    if (!match) throw new XmlError(`not well-formed XML near character ${i}`);
    const qname = match[1] as string;
    const attrs = match[2] ?? '';
    const open: Open = { qname, local: localName(qname), ns: declarations(attrs) };
    const end = START_TAG.lastIndex;
    if (!slicing && wanted([...stack.map((o) => o.local), open.local])) {
      if (match[3] === '/') out.push(standalone(i, end, open, attrs));
      else {
        open.sliceStart = i;
        slicing = true;
      }
    }
    if (match[3] !== '/') stack.push(open);
    i = end;
  }
  return out;
}

function startTagAttrs(text: string, start: number): string {
  START_TAG.lastIndex = start;
  return START_TAG.exec(text)?.[2] ?? '';
}
