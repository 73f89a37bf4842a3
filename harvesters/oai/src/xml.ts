import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The OAI-PMH envelope as a tree. Remote XML is untrusted: a document whose DOCTYPE declares
 * entities is refused before anything reads it, and only the five predefined entities and
 * character references are ever decoded. Elements are matched by local name (servers differ in
 * prefixes). Shape: each child name maps to an array of children; attributes are `@name`,
 * text is `#text`.
 */
export type XmlNode = Record<string, unknown>;

/** Why a document could not be read, with where (line and column when the parser says). */
export class XmlError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  textNodeName: '#text',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Throws when the document declares entities (expansion bombs have no business in OAI-PMH). */
export function refuseEntityDeclarations(text: string): void {
  if (/<!DOCTYPE/i.test(text) && /<!ENTITY/i.test(text)) {
    throw new XmlError('refused a document whose DOCTYPE declares entities (possible entity-expansion bomb)');
  }
}

/** Parses a whole document; returns its root's local name and content. */
export function parseDocument(text: string): { name: string; root: XmlNode } {
  refuseEntityDeclarations(text);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    throw new XmlError(`not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  const tree: unknown = parser.parse(text);
  if (!isNode(tree)) throw new XmlError('the document has no root element');
  const name = Object.keys(tree).find((key) => !key.startsWith('@') && !key.startsWith('#') && !key.startsWith('?'));
  const root = name ? kid(tree, name) : undefined;
  if (!name) throw new XmlError('the document has no root element');
  return { name, root: isNode(root) ? root : {} };
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Children of one local name. */
export function kids(node: unknown, name: string): unknown[] {
  if (!isNode(node)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function kid(node: unknown, name: string): unknown {
  return kids(node, name)[0];
}

/** Trimmed text of a leaf (string or `#text`), undefined when empty. */
export function textOf(node: unknown): string | undefined {
  const raw = isNode(node) ? node['#text'] : node;
  if (Array.isArray(raw)) return textOf(raw[0]);
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const value = String(raw).trim();
  return value || undefined;
}

/** Texts of every child of one local name. */
export function textsOf(node: unknown, name: string): string[] {
  return kids(node, name)
    .map(textOf)
    .filter((v): v is string => v !== undefined);
}

export function attr(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const value = node[`@${name}`];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const v = String(value).trim();
  return v || undefined;
}
