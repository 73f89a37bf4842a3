import { InvalidRecord } from '@moisson/core';
import { decodeXmlBytes } from '../xml/decode.js';
import { attr, first, parseXml, text, XmlError, type XmlNode } from '../xml/tree.js';

/** A parsed EML document: the root, its `dataset`, and what the root element says. */
export interface EmlDocument {
  root: XmlNode;
  dataset: XmlNode;
  /** `@packageId` as written (`<uuid>/v1.3`, a DOI, a local id…). */
  packageId?: string;
  /** The EML version from the root namespace (`2.1.1`, `2.2.0`), when recognisable. */
  emlVersion?: string;
  /** The metadata language (`@xml:lang` on the root). */
  metadataLanguage?: string;
}

/**
 * EML from text or bytes (bytes are decoded the way real files need: BOMs, UTF-16, lying
 * declarations). A document that is not XML, not EML, or has no `dataset` is an
 * `InvalidRecord` saying why; `where` (an id or URL) is repeated in the message.
 */
export function parseEml(input: string | Uint8Array, where?: string): EmlDocument {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeXmlBytes(input);
  const at = where ? ` (${where})` : '';
  let root: XmlNode;
  try {
    root = parseXml(text);
  } catch (cause) {
    const reason = cause instanceof XmlError ? cause.message : String(cause);
    throw new InvalidRecord(`the EML document cannot be read: ${reason}${at}`, where, { cause });
  }
  if (root.name !== 'eml') {
    throw new InvalidRecord(`not an EML document: the root element is <${root.name}>${at}${errorWords(root)}`, where);
  }
  const dataset = first(root, 'dataset');
  if (!dataset) throw new InvalidRecord(`the EML document has no <dataset> (a citation or software package?)${at}`, where);
  const packageId = attr(root, 'packageId');
  const emlVersion = /eml-(\d+\.\d+\.\d+)/.exec(Object.values(root.attrs).join(' ') + ' ' + rootNamespace(text))?.[1];
  const metadataLanguage = attr(root, 'lang');
  return {
    root,
    dataset,
    ...(packageId ? { packageId } : {}),
    ...(emlVersion ? { emlVersion } : {}),
    ...(metadataLanguage ? { metadataLanguage } : {}),
  };
}

/** Attributes named `xmlns:*` are dropped by the parser; the version lives in the eml namespace URI. */
function rootNamespace(text: string): string {
  return /xmlns:eml\s*=\s*["']([^"']+)["']/.exec(text)?.[1] ?? '';
}

/** An HTML or XML error page often says what went wrong: keep its first words. */
function errorWords(root: XmlNode): string {
  const words = text(root)?.slice(0, 160);
  return words ? `: ${words}` : '';
}
