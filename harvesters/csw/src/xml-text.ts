/**
 * Character data as XML 1.0 defines it, for the raw text and attribute values saxen hands over
 * undecoded: end-of-line handling, attribute-value normalisation, the five predefined entities
 * and character references, and the characters XML forbids. Nothing else is ever expanded: any
 * other reference is refused, so a document cannot smuggle in an entity. Each failure throws
 * `XmlSyntax`, which the reader reports as "not well-formed XML".
 */
export class XmlSyntax extends Error {}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&([^&;]*)(;?)/g;
const NAME = /^[A-Za-z_:][\w.:-]*$/;
/** Characters outside XML 1.0's Char production (lone surrogates are checked apart). */
const DISALLOWED = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function resolve(_match: string, name: string, semicolon: string): string {
  if (!semicolon) throw new XmlSyntax('unterminated entity reference.');
  if (name === '') throw new XmlSyntax('empty entity name.');
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  if (name.charCodeAt(0) !== 35 /* # */) throw new XmlSyntax(NAME.test(name) ? `undefined entity: ${name}.` : 'disallowed character in entity name.');
  const code = /^#x[0-9a-f]+$/i.test(name) ? Number.parseInt(name.slice(2), 16) : /^#[0-9]+$/.test(name) ? Number.parseInt(name.slice(1), 10) : Number.NaN;
  if (!isXmlChar(code)) throw new XmlSyntax('malformed character entity.');
  return String.fromCodePoint(code);
}

function decodeReferences(raw: string): string {
  return raw.indexOf('&') < 0 ? raw : raw.replace(REFERENCE, resolve);
}

function assertAllowed(raw: string): void {
  if (DISALLOWED.test(raw)) throw new XmlSyntax('disallowed character.');
}

/*
 * The characters that make a value need more than being returned as is: forbidden ones,
 * references, `\r`, `]` (of `]]>`) in text; also tabs, line ends and `<` in attributes. Most
 * values have none, and one search replaces the three or four the checks below make.
 */
const SPECIAL_IN_TEXT = /[\0-\x08\x0B\x0C\x0D-\x1F\uFFFE\uFFFF&\]]/;
const SPECIAL_IN_ATTRIBUTE = /[\0-\x1F\uFFFE\uFFFF&<]/;

/** Text between tags: line ends as `\n`, references decoded. */
export function charData(raw: string): string {
  if (!SPECIAL_IN_TEXT.test(raw)) return raw;
  assertAllowed(raw);
  if (raw.indexOf(']]>') >= 0) throw new XmlSyntax('the string "]]>" is disallowed in char data.');
  return decodeReferences(raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));
}

/** A CDATA section's content: line ends as `\n`, nothing decoded. */
export function cdata(raw: string): string {
  if (!SPECIAL_IN_TEXT.test(raw)) return raw;
  assertAllowed(raw);
  return raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
}

/** An attribute value: each literal line end or tab becomes a space, then references are decoded. */
export function attributeValue(raw: string): string {
  if (!SPECIAL_IN_ATTRIBUTE.test(raw)) return raw;
  assertAllowed(raw);
  if (raw.indexOf('<') >= 0) throw new XmlSyntax('disallowed character.');
  return decodeReferences(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw);
}
