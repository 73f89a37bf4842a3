import { stripHtml } from '@moisson/core';
import { elements, text, type XmlNode } from '../xml/tree.js';

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

/** Escaped HTML inside a paragraph (`&lt;p&gt;…`) is common in IPT abstracts: clean it, leave plain text alone. */
export function cleanText(value: string): string {
  return LOOKS_LIKE_HTML.test(value) ? stripHtml(value) : value;
}

/**
 * The paragraphs of a DocBook text block (`abstract`, `intellectualRights`, `methods/…/description`):
 * each `para` (also inside `section` or `itemizedlist`) is one paragraph with its inline
 * markup flattened; a block with bare text (EML 2.0.1 files) is one paragraph.
 */
export function paragraphs(block: XmlNode): string[] {
  const out: string[] = [];
  const walk = (node: XmlNode) => {
    for (const child of elements(node)) {
      if (child.name === 'para') {
        const value = text(child);
        if (value) out.push(cleanText(value));
      } else if (child.name === 'title' && node.name === 'section') {
        const value = text(child);
        if (value) out.push(value);
      } else walk(child);
    }
  };
  walk(block);
  if (out.length === 0) {
    const value = text(block);
    if (value) out.push(cleanText(value));
  }
  return out;
}
