
/**
 * Safe XML parsing and narrowing helpers. Remote XML is untrusted: a DOCTYPE that declares
 * entities (the "billion laughs" bomb) is refused before parsing, and nothing is ever expanded.
 * Namespace prefixes differ between servers (gmd/gml/gml32, default namespaces…), so elements
 * are matched by local name.
 *
 * Parsed shape (the same as fast-xml-parser with `removeNSPrefix`, `@` attributes and every
 * element as an array, checked by a differential test): each child element name maps to an
 * array of children (a string for a leaf without attributes, an object otherwise).
 */
export { UnsafeXml, type XmlElement } from './tree.js';
import { declarationIndex, readTree, UnsafeXml, type XmlElement } from './tree.js';

/**
 * Refuses a document with a DOCTYPE that declares entities (expansion bombs). `<!ENTITY` has no
 * legitimate use in a CSW answer, so its mere presence next to a DOCTYPE is enough.
 */
export function assertNoEntityDeclarations(text: string): void {
  // Both keywords are case-sensitive in XML, so plain searches are exact.
  if (declarationIndex(text, 'DOCTYPE') < 0) return;
  if (declarationIndex(text, 'ENTITY') >= 0) {
    throw new UnsafeXml('refused an XML document whose DOCTYPE declares entities (possible entity-expansion bomb)');
  }
}

/** Parses a document (entity declarations refused first); returns the root's local name and content. */
export function parseXml(text: string): { name: string; element: XmlElement } {
  assertNoEntityDeclarations(text);
  return readTree(text);
}

export function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returned for every absent child list (frozen: callers read lists, never change them). */
const NONE: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Child elements (and leaf strings) of one local name. */
export function kids(node: unknown, name: string): unknown[] {
  if (!isElement(node)) return NONE;
  const value = node[name];
  return Array.isArray(value) ? value : value === undefined ? NONE : [value];
}

/** The first child of a local name. */
export function kid(node: unknown, name: string): unknown {
  if (!isElement(node)) return undefined;
  const value = node[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every node reached by a path of local names from a node or a list of nodes (`path(md, 'identificationInfo', '*', 'citation')`); `*` is any child element. */
export function path(node: unknown, ...names: string[]): unknown[] {
  // The normalisers' hottest helper: depth first into one list (the same order as expanding
  // level by level), no list per level.
  const out: unknown[] = [];
  if (Array.isArray(node)) for (const item of node) collect(item, names, 0, out);
  else collect(node, names, 0, out);
  return out;
}

function collect(node: unknown, names: string[], depth: number, out: unknown[]): void {
  if (depth === names.length) {
    out.push(node);
    return;
  }
  if (!isElement(node)) return;
  const name = names[depth] as string;
  if (name === '*') {
    for (const key in node) {
      const c = key.charCodeAt(0);
      if (c === 64 /* @ */ || c === 35 /* # */) continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) collect(child, names, depth + 1, out);
    }
    return;
  }
  const value = node[name];
  if (Array.isArray(value)) for (const child of value) collect(child, names, depth + 1, out);
  else if (value !== undefined) collect(value, names, depth + 1, out);
}

/** The first node of a path (the first `path` would return, found without building the list). */
export function at(node: unknown, ...names: string[]): unknown {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstAt(item, names, 0);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return firstAt(node, names, 0);
}

function firstAt(node: unknown, names: string[], depth: number): unknown {
  if (depth === names.length) return node;
  if (!isElement(node)) return undefined;
  const name = names[depth] as string;
  if (name === '*') {
    for (const key in node) {
      const c = key.charCodeAt(0);
      if (c === 64 /* @ */ || c === 35 /* # */) continue;
      const value = node[key];
      if (!Array.isArray(value)) continue;
      for (const child of value) {
        const found = firstAt(child, names, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
  const value = node[name];
  if (Array.isArray(value)) {
    for (const child of value) {
      const found = firstAt(child, names, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return value === undefined ? undefined : firstAt(value, names, depth + 1);
}

/** Trimmed text content of a leaf (string or `#text`); undefined when empty. */
export function textOf(node: unknown): string | undefined {
  const raw = typeof node === 'string' ? node : isElement(node) ? node['#text'] : undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const value = String(raw).trim();
  return value || undefined;
}

/**
 * `href` → `@href`, built once per name: a key made afresh at every call would have to be
 * hashed and interned before each lookup. Callers pass a handful of literal names.
 */
const attributeKeys = new Map<string, string>();

function attributeKey(name: string): string {
  let key = attributeKeys.get(name);
  if (key === undefined) {
    key = `@${name}`;
    if (attributeKeys.size < 256) attributeKeys.set(name, key);
  }
  return key;
}

/** An attribute by local name (`href` for `xlink:href`). */
export function attr(node: unknown, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const value = node[attributeKey(name)];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const v = String(value).trim();
  return v || undefined;
}
