/**
 * Builds the tree the normalisers read from saxes events. saxes is a strict, maintained streaming
 * parser: it enforces well-formedness (matching tags, one root, legal names, quoted attributes…),
 * knows the five predefined entities and character references only (any other reference is an
 * error, so nothing is ever expanded) and skips a DOCTYPE's internal subset without reading it;
 * the caller has already refused a DOCTYPE that declares entities. Namespaces are not resolved:
 * prefixes differ between servers, so elements are kept by local name.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** An element: child local names map to arrays of children (strings for bare leaves), `@attr`, `#text`. */
export type XmlElement = Record<string, unknown>;

/** Thrown when a document is refused (entity declarations) or is not well-formed. */
export class UnsafeXml extends Error {}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

interface Frame {
  name: string;
  element: XmlElement;
  text: string;
  /** No attributes and no child elements so far: closes to a bare string. */
  leaf: boolean;
}

/**
 * One parser and one set of handlers reused across documents (saxes resets itself at `close()`),
 * so reading a record allocates only its tree. Parsing is synchronous, so sharing is safe; a
 * parser that failed mid-document is discarded.
 */
class TreeBuilder {
  readonly parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  stack: Frame[] = [];
  root: Frame | undefined;

  constructor() {
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.append(text));
    this.parser.on('cdata', (text) => this.appendCData(text));
  }

  open(tag: SaxesTagPlain): void {
    const element: XmlElement = {};
    let leaf = true;
    const attributes = tag.attributes;
    for (const name in attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      element[`@${localName(name)}`] = attributes[name];
      leaf = false;
    }
    const frame: Frame = { name: localName(tag.name), element, text: '', leaf };
    if (!this.root) this.root = frame;
    // A self-closing tag is reported as opened then closed, like any other.
    this.stack.push(frame);
  }

  close(): void {
    const frame = this.stack.pop() as Frame;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return;
    const text = frame.text === '' ? '' : frame.text.trim();
    let value: unknown;
    if (frame.leaf) value = text;
    else {
      if (text) frame.element['#text'] = text;
      value = frame.element;
    }
    parent.leaf = false;
    const list = parent.element[frame.name];
    if (list === undefined) parent.element[frame.name] = [value];
    else (list as unknown[]).push(value);
  }

  append(text: string): void {
    const top = this.stack[this.stack.length - 1];
    // Whitespace between child elements is never content (text outside the root is saxes's to check).
    if (top && (top.leaf || !isBlank(text))) top.text += text;
  }

  appendCData(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += text;
  }

  read(text: string): { name: string; element: XmlElement } {
    this.stack = [];
    this.root = undefined;
    this.parser.write(text).close();
    const root = this.root as Frame | undefined;
    if (!root) throw new UnsafeXml('the document has no root element');
    const content = root.text.trim();
    if (content) root.element['#text'] = content;
    return { name: root.name, element: root.element };
  }
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
