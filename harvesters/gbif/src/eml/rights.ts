import { resolveLicense, type License } from '@moisson/core';
import { attr, descendants, first, textAt, type XmlNode } from '../xml/tree.js';
import { paragraphs } from './text.js';

/** The three licences the IPT offers, as its texts name them when no link is given. */
const PLAIN_TEXT: Array<[RegExp, string]> = [
  [/\bCC[\s-]?BY[\s-]?NC\b|attribution[\s-]+non[\s-]?commercial/i, 'cc-by-nc-4.0'],
  [/\bCC[\s-]?0\b|CC[\s-]?zero|public\s+domain\s+dedication|publicdomain\/zero/i, 'cc0'],
  [/\bCC[\s-]?BY\b(?![\s-]?(NC|SA|ND))|creative\s+commons\s+attribution\b(?![\s-]+(non|share|no))/i, 'cc-by-4.0'],
];

export interface EmlRights {
  license?: License;
  /** The rights statement as written (`intellectualRights` paragraphs). */
  statement?: string;
}

/**
 * `licensed` (EML 2.2: name, SPDX url and id) and `intellectualRights` (paragraphs with a
 * DocBook `ulink` to the licence and its `citetitle`, or plain text) → a licence IRI. The
 * source's own words are kept as the label and the statement.
 */
export function readRights(dataset: XmlNode): EmlRights {
  const rightsNode = first(dataset, 'intellectualRights');
  const statement = rightsNode ? paragraphs(rightsNode).join('\n\n') || undefined : undefined;
  const licensed = first(dataset, 'licensed');
  const candidates: string[] = [];
  const push = (value: string | undefined) => {
    if (value) candidates.push(value);
  };
  push(textAt(licensed, 'licenseName'));
  const ulinks = descendants(rightsNode, 'ulink');
  for (const link of ulinks) push(textAt(link, 'citetitle'));
  push(textAt(licensed, 'identifier'));
  push(textAt(licensed, 'url'));
  for (const link of ulinks) push(attr(link, 'url'));
  const known = candidates.map((c) => resolveLicense(c)).find((l) => isCanonical(l?.uri));
  if (known?.uri) return { license: { uri: known.uri, label: candidates[0] }, ...(statement ? { statement } : {}) };
  for (const [pattern, key] of PLAIN_TEXT) {
    if ([...candidates, statement ?? ''].some((c) => pattern.test(c))) {
      const license = resolveLicense(key);
      if (license?.uri) return { license: { uri: license.uri, label: candidates[0] ?? statement ?? key }, ...(statement ? { statement } : {}) };
    }
  }
  const fallback = resolveLicense(...candidates);
  return { ...(fallback ? { license: fallback } : {}), ...(statement ? { statement } : {}) };
}

/** A licence IRI from the shared table (not merely the source's own URL echoed back). */
function isCanonical(uri: string | undefined): boolean {
  return !!uri && (uri.startsWith('http://publications.europa.eu/resource/authority/licence/') || uri.startsWith('https://www.etalab.gouv.fr/'));
}
