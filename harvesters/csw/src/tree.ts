/**
 * Builds the tree the normalisers read from saxen events. saxen is a small, maintained
 * tokenizer (bpmn-io) and about twice as fast as saxes on our records; it checks tag nesting,
 * names, quoting and duplicate attributes (its warnings are errors here) and hands text and
 * attribute values over raw. What it leaves to its caller is done here and in `xml-text.ts`, so
 * that the same documents are refused as before: one root, no text outside it, a DOCTYPE only
 * before it (its internal subset skipped, never read), references and forbidden characters.
 * Nothing is expanded beyond the five predefined entities and character references; the caller
 * has already refused a DOCTYPE that declares entities. Namespaces are not resolved: prefixes
 * differ between servers, so elements are kept by local name. saxen takes ASCII names only: a
 * document with non-ASCII element or attribute names (none in the CSW, ISO or DC schemas) is
 * refused, where saxes read it.
 */
import { Parser } from 'saxen';
import { attributeValue, cdata, charData, XmlSyntax } from './xml-text.js';

/** An element: child local names map to arrays of children (strings for bare leaves), `@attr`, `#text`. */
export type XmlElement = Record<string, unknown>;

/** Thrown when a document is refused (entity declarations) or is not well-formed. */
export class UnsafeXml extends Error {}

/**
 * Qualified name → the key it gets in the tree (`gmd:title` → `title`, attribute `xlink:href` →
 * `@href`). A record repeats a few dozen names hundreds of times: one lookup replaces a slice
 * and the interning V8 does for every new string used as a property key. Bounded, so a hostile
 * document made of unique names cannot grow it without end.
 *
 * In front of the map, a small table indexed by the name's length and two of its characters:
 * a hit costs one string comparison, where the map must first hash the fresh string saxen cut
 * out of the document (the reader's costliest line before this table).
 */
class KeyCache {
  /** qname → [the qname as a string of its own, key]. */
  private readonly keys = new Map<string, readonly [string, string]>();
  private readonly recentNames: string[] = new Array<string>(256).fill('');
  private readonly recentKeys: string[] = new Array<string>(256).fill('');
  constructor(private readonly prefix: string) {}

  get(qname: string): string {
    const length = qname.length;
    const slot = (length * 7 + qname.charCodeAt(length - 1) * 3 + qname.charCodeAt(length >> 1)) & 255;
    if (this.recentNames[slot] === qname) return this.recentKeys[slot] as string;
    let entry = this.keys.get(qname);
    if (entry === undefined) {
      const colon = qname.indexOf(':');
      // saxen's names are slices of the document: a copy keeps no document alive in the cache.
      const name = qname.split('').join('');
      entry = [name, this.prefix + (colon < 0 ? name : name.slice(colon + 1))];
      if (this.keys.size < 4096) this.keys.set(name, entry);
    }
    this.recentNames[slot] = entry[0];
    this.recentKeys[slot] = entry[1];
    return entry[1];
  }
}

const elementKeys = new KeyCache('');
const attributeKeys = new KeyCache('@');

/** saxen's wording → the reason we report (the one saxes gave, which callers and tests know). */
function reason(message: string): string {
  if (message === 'closing tag mismatch' || message === 'missing open tag') return 'unexpected close tag.';
  if (message === 'missing start tag') return 'document must contain a root element.';
  if (message === 'non-whitespace outside of root node') return 'text data outside of root node.';
  if (message === 'missing attribute value quotes') return 'unquoted attribute value.';
  const duplicate = /^attribute <(.*)> already defined$/.exec(message);
  return duplicate ? `duplicate attribute: ${duplicate[1]}.` : message;
}

interface Frame {
  qname: string;
  name: string;
  /** Created at the first attribute or child element: a leaf closes to a bare string without one. */
  element: XmlElement | null;
  text: string;
  /** No attributes and no child elements so far: closes to a bare string. */
  leaf: boolean;
}

/**
 * One parser and one set of handlers reused across documents (saxen resets itself at every
 * `parse`), so reading a record allocates only its tree. Parsing is synchronous, so sharing is
 * safe; a parser that failed mid-document is discarded. The frames of open elements are reused
 * too, one per depth.
 */
class TreeBuilder {
  readonly parser = new Parser();
  /** Open elements, root first: `frames[0 .. depth - 1]` (the array keeps the spares). */
  readonly frames: Frame[] = [];
  depth = 0;
  top: Frame | undefined;
  root: Frame | undefined;
  doctype = false;
  /** Whether the document starts with an XML declaration not yet met (the only place one may be). */
  declarationAhead = false;

  constructor() {
    const fail = (error: Error) => {
      if (error.message === 'unexpected end of file' && this.top) throw new XmlSyntax(`unclosed tag: ${this.top.qname}`);
      throw new XmlSyntax(reason(error.message));
    };
    this.parser
      .on('openTag', (qname, getAttrs) => this.open(qname, getAttrs()))
      .on('closeTag', () => this.close())
      .on('text', (raw) => this.append(raw))
      .on('cdata', (raw) => this.appendCData(raw))
      .on('attention', (raw) => this.declaration(raw))
      .on('comment', (raw) => assertComment(raw))
      .on('question', (raw) => this.instruction(raw))
      .on('error', fail)
      .on('warn', fail);
  }

  open(qname: string, attributes: Record<string, string>): void {
    let element: XmlElement | null = null;
    for (const name in attributes) {
      if (name.charCodeAt(0) === 120 /* x */ && (name === 'xmlns' || name.startsWith('xmlns:'))) continue;
      element ??= {};
      element[attributeKeys.get(name)] = attributeValue(attributes[name] as string);
    }
    const parent = this.top;
    if (parent) {
      parent.leaf = false;
      parent.element ??= {};
    } else if (this.root) throw new XmlSyntax('documents may contain only one root.');
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = { qname, name: elementKeys.get(qname), element, text: '', leaf: element === null };
      this.frames.push(frame);
    } else {
      frame.qname = qname;
      frame.name = elementKeys.get(qname);
      frame.element = element;
      frame.text = '';
      frame.leaf = element === null;
    }
    if (!parent) this.root = frame;
    // A self-closing tag is reported as opened then closed, like any other.
    this.depth++;
    this.top = frame;
  }

  close(): void {
    const depth = --this.depth;
    const frame = this.frames[depth] as Frame;
    const parent = depth > 0 ? (this.frames[depth - 1] as Frame) : undefined;
    this.top = parent;
    if (!parent) return;
    const text = frame.text === '' ? '' : frame.text.trim();
    let value: unknown;
    if (frame.leaf) value = text;
    else {
      const element = frame.element as XmlElement;
      if (text !== '') element['#text'] = text;
      value = element;
    }
    frame.element = null;
    frame.text = '';
    const siblings = parent.element as XmlElement;
    const list = siblings[frame.name] as unknown[] | undefined;
    if (list === undefined) siblings[frame.name] = [value];
    else list.push(value);
  }

  append(raw: string): void {
    const top = this.top;
    // Whitespace between child elements is never content (text outside the root saxen refuses).
    if (top && (top.leaf || !isBlank(raw))) top.text += charData(raw);
  }

  appendCData(raw: string): void {
    const top = this.top;
    if (top) top.text += cdata(raw);
    else throw new XmlSyntax('text data outside of root node.');
  }

  /** `<!…>` other than a comment or CDATA: only one DOCTYPE, before the root. */
  declaration(raw: string): void {
    if (!raw.startsWith('<!DOCTYPE') || this.doctype || this.root) throw new XmlSyntax('inappropriately located doctype declaration.');
    this.doctype = true;
  }

  /** `<?…?>`: ignored, except an XML declaration anywhere but at the very start. */
  instruction(raw: string): void {
    if (!/^<\?xml[\s?]/.test(raw)) return;
    if (!this.declarationAhead) throw new XmlSyntax('an XML declaration must be at the start of the document.');
    this.declarationAhead = false;
  }

  read(document: string): { name: string; element: XmlElement } {
    // A byte-order mark is no content (the XML declaration may follow it).
    const text = document.charCodeAt(0) === 0xfeff ? document.slice(1) : document;
    this.depth = 0;
    this.top = undefined;
    this.root = undefined;
    this.doctype = false;
    this.declarationAhead = text.startsWith('<?xml');
    // Lone surrogates (ES2024's isWellFormed, in Node 20; our lib setting stops at ES2023).
    if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) throw new XmlSyntax('disallowed character.');
    this.parser.parse(withoutInternalSubset(text));
    const root = this.root as Frame | undefined;
    if (!root) throw new XmlSyntax('document must contain a root element.');
    const element = root.element ?? {};
    const content = root.text.trim();
    if (content) element['#text'] = content;
    root.element = null;
    root.text = '';
    return { name: root.name, element };
  }
}

/**
 * Where `<!` + keyword (`DOCTYPE`, `ENTITY`) first occurs, or -1. Searched from the `!`, which
 * is rare in XML: a search that starts with `<` stops at every tag (20x slower on a record).
 */
export function declarationIndex(text: string, keyword: string): number {
  const needle = `!${keyword}`;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (text.charCodeAt(i - 1) === 60 /* < */) return i - 1;
  }
  return -1;
}

/**
 * The document without a DOCTYPE's internal subset (`[…]`), which saxen would read as text: it
 * is never used (entity declarations were refused before), only skipped, as saxes did.
 */
function withoutInternalSubset(text: string): string {
  const start = declarationIndex(text, 'DOCTYPE');
  if (start < 0) return text;
  const open = text.indexOf('[', start);
  const close = text.indexOf('>', start);
  if (open < 0 || (close >= 0 && close < open)) return text;
  const end = text.indexOf(']', open);
  return end < 0 ? text : text.slice(0, open) + text.slice(end + 1);
}

/** XML forbids `--` inside a comment and a `-` just before its end. */
function assertComment(raw: string): void {
  if (raw.indexOf('--') >= 0 || raw.endsWith('-')) throw new XmlSyntax('malformed comment.');
}

function isBlank(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

let builder: TreeBuilder | undefined;

/** Reads a document into the tree shape; throws `UnsafeXml` when it is not well-formed. */
export function readTree(text: string): { name: string; element: XmlElement } {
  const current = builder ?? new TreeBuilder();
  builder = undefined;
  let result: { name: string; element: XmlElement };
  try {
    result = current.read(text);
  } catch (error) {
    if (error instanceof UnsafeXml) throw error;
    throw new UnsafeXml(`not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  builder = current;
  return result;
}
