import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Remote XML as an ordered tree of local names. Order matters for EML: DocBook paragraphs mix
 * text and inline elements (`Hello <emphasis>big</emphasis> world`), which an unordered
 * object tree would scramble. Namespace prefixes are dropped (`eml:eml`, `dc:replaces`).
 */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlNode | string>;
}

/** A document refused (entity declarations) or not well-formed; the message says where. */
export class XmlError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses untrusted XML: a DOCTYPE declaring entities is refused before parsing (expansion
 * bombs, external entities), the document must be well-formed (fast-xml-parser alone would
 * silently accept a truncated file), and only predefined and character references are decoded.
 */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE/i.test(text) && /<!ENTITY/i.test(text)) {
    throw new XmlError('refused an XML document whose DOCTYPE declares entities (possible entity-expansion bomb)');
  }
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    throw new XmlError(`not well-formed XML at line ${verdict.err.line}, column ${verdict.err.col}: ${verdict.err.msg}`);
  }
  const parsed: unknown = parser.parse(text);
  const root = (Array.isArray(parsed) ? parsed : []).map(toNode).find((n): n is XmlNode => typeof n !== 'string');
  if (!root) throw new XmlError('the document has no root element');
  return root;
}

function toNode(item: unknown): XmlNode | string {
  if (typeof item !== 'object' || item === null) return '';
  const record = item as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  const rawAttrs = record[':@'];
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [key, value] of Object.entries(rawAttrs)) if (typeof value === 'string' || typeof value === 'number') attrs[key] = String(value);
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === ':@') continue;
    if (key === '#text') return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const children = (Array.isArray(value) ? value : []).map(toNode).filter((c) => c !== '');
    return { name: key, attrs, children };
  }
  return '';
}

/** Child elements of a local name (`*` for any). */
export function elements(node: XmlNode | undefined, name = '*'): XmlNode[] {
  if (!node) return [];
  return node.children.filter((c): c is XmlNode => typeof c !== 'string' && (name === '*' || c.name === name));
}

/** Every element reached by a path of local names. */
export function all(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  let current = node ? [node] : [];
  for (const name of path) current = current.flatMap((n) => elements(n, name));
  return current;
}

/** The first element reached by a path of local names. */
export function first(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  return all(node, ...path)[0];
}

/** Text content of an element and its descendants, whitespace collapsed; undefined when empty. */
export function text(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const value = rawText(node).replace(/\s+/g, ' ').trim();
  return value || undefined;
}

/** DocBook inline markup: joined to the surrounding text as it is. */
const INLINE = new Set(['emphasis', 'ulink', 'citetitle', 'subscript', 'superscript', 'value']);

function rawText(node: XmlNode): string {
  // Other elements get a space around them, so the words of two siblings never glue.
  return node.children.map((c) => (typeof c === 'string' ? c : INLINE.has(c.name) ? rawText(c) : ` ${rawText(c)} `)).join('');
}

/** The text at a path, or undefined. */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return text(first(node, ...path));
}

/** Every non-empty text at a path. */
export function textsAt(node: XmlNode | undefined, ...path: string[]): string[] {
  return all(node, ...path)
    .map(text)
    .filter((t): t is string => t !== undefined);
}

/** An attribute by local name (`lang` for `xml:lang`). */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.attrs[name]?.trim();
  return value || undefined;
}

/** Every descendant element of a local name, in document order. */
export function descendants(node: XmlNode | undefined, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const child of elements(n)) {
      if (child.name === name) out.push(child);
      walk(child);
    }
  };
  if (node) walk(node);
  return out;
}
