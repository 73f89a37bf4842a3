import { resolveLicense, uniqueTexts, type Concept, type License, type Text } from '@moisson/core';
import { anchorHref, codeValue, freeTexts, type IsoLanguages } from './iso-text.js';
import { kid, kids, path } from './xml.js';

export interface Constraints {
  license?: License;
  rights: Text[];
  accessRights?: Concept;
}

const PUBLIC_ACCESS = /\/LimitationsOnPublicAccess\//i;
const CONDITIONS = /\/ConditionsApplyingToAccessAndUse\//i;
const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/i;

/**
 * `resourceConstraints` as INSPIRE writes them: an access block (accessConstraints +
 * otherConstraints, often an Anchor into the LimitationsOnPublicAccess register) becomes
 * `accessRights`; use limitations and use-side otherConstraints become `rights`, and the first
 * of them that names a licence (an Anchor link, a URL in the text, or a known licence title)
 * becomes the licence.
 */
export function readConstraints(identification: unknown, languages: IsoLanguages): Constraints {
  const rights: Text[] = [];
  const licenceCandidates: Array<{ href?: string; text?: string }> = [];
  let accessRights: Concept | undefined;
  let accessCode: string | undefined;

  for (const block of path(identification, 'resourceConstraints', '*')) {
    const access = kids(block, 'accessConstraints').length > 0;
    const use = kids(block, 'useConstraints').length > 0;
    if (access) accessCode ??= codeValue(kid(block, 'accessConstraints'));
    for (const limitation of kids(block, 'useLimitation')) {
      const texts = freeTexts(limitation, languages);
      rights.push(...texts);
      licenceCandidates.push({ href: anchorHref(limitation), text: texts[0]?.value });
    }
    for (const other of kids(block, 'otherConstraints')) {
      const href = anchorHref(other);
      const texts = freeTexts(other, languages);
      if ((href && PUBLIC_ACCESS.test(href)) || (access && !use && !(href && CONDITIONS.test(href)))) {
        if (!accessRights) {
          accessRights = {};
          if (href) accessRights.uri = href;
          if (texts.length > 0) accessRights.label = texts;
          const notation = href ? href.replace(/.*\//, '') : accessCode;
          if (notation) accessRights.notation = notation;
        }
        continue;
      }
      rights.push(...texts);
      if (!(href && CONDITIONS.test(href))) licenceCandidates.push({ href, text: texts[0]?.value });
    }
  }
  if (!accessRights && accessCode && accessCode !== 'otherRestrictions') accessRights = { notation: accessCode };

  const out: Constraints = { rights: uniqueTexts(rights) };
  const license = pickLicense(licenceCandidates);
  if (license) out.license = license;
  if (accessRights) out.accessRights = accessRights;
  return out;
}

function pickLicense(candidates: Array<{ href?: string; text?: string }>): License | undefined {
  for (const { href, text } of candidates) {
    const link = href ?? (text ? URL_IN_TEXT.exec(text)?.[0] : undefined);
    if (link) {
      const resolved = resolveLicense(link, text);
      return { uri: resolved?.uri ?? link, label: text ?? link };
    }
    if (text) {
      const resolved = resolveLicense(text);
      if (resolved?.uri) return resolved;
    }
  }
  return undefined;
}
