import { languageIri, languageTag, uniqueTexts, type Text } from '@moisson/core';
import { at, attr, isElement, kid, kids, path, textOf } from './xml.js';

/** What every ISO text needs to know: the metadata language and the declared locales. */
export interface IsoLanguages {
  /** BCP 47 tag of the metadata language (`fr` for `fre`), when known. */
  main?: string;
  /** PT_Locale id (`EN`, `locale-eng`) → BCP 47 tag. */
  locales: Map<string, string>;
}

/** The plain value of a CharacterString-like property: CharacterString, Anchor, URL, Decimal… or bare text. */
export function charText(prop: unknown): string | undefined {
  return plainText(prop) ?? textOf(at(prop, 'PT_FreeText', 'textGroup', 'LocalisedCharacterString'));
}

const VALUE_ELEMENTS = ['CharacterString', 'Anchor', 'URL', 'Decimal', 'Real', 'Integer', 'Date', 'DateTime', 'Boolean', 'LocalName', 'ScopedName', 'FileName', 'MimeFileType'];

function plainText(prop: unknown): string | undefined {
  if (!isElement(prop)) return textOf(prop);
  // The usual property holds a CharacterString: read it without asking for the twelve others.
  const usual = textOf(kid(prop, 'CharacterString'));
  if (usual) return usual;
  for (let i = 1; i < VALUE_ELEMENTS.length; i++) {
    const name = VALUE_ELEMENTS[i] as string;
    if (!(name in prop)) continue;
    const value = textOf(kid(prop, name));
    if (value) return value;
  }
  return textOf(prop);
}

/** The `xlink:href` of a property's gmx:Anchor (or of the property itself). */
export function anchorHref(prop: unknown): string | undefined {
  return attr(kid(prop, 'Anchor'), 'href') ?? attr(prop, 'href');
}

/** A codelist value: `@codeListValue`, else the element text (`<gmd:MD_TopicCategoryCode>biota</…>`). */
export function codeValue(prop: unknown): string | undefined {
  for (const child of path(prop, '*')) {
    const value = attr(child, 'codeListValue') ?? textOf(child);
    if (value) return value;
  }
  return undefined;
}

/** Locale id → language tag, from `gmd:locale/gmd:PT_Locale`. */
export function readLanguages(md: unknown): IsoLanguages {
  const main = languageTag(languageCode(kid(md, 'language')));
  const locales = new Map<string, string>();
  for (const locale of path(md, 'locale', 'PT_Locale')) {
    const id = attr(locale, 'id');
    const tag = languageTag(languageCode(kid(locale, 'languageCode')));
    if (id && tag) locales.set(id, tag);
  }
  return main ? { main, locales } : { locales };
}

/** A language as ISO records write it: LanguageCode @codeListValue, its text, or a CharacterString. */
export function languageCode(prop: unknown): string | undefined {
  const code = kid(prop, 'LanguageCode');
  return attr(code, 'codeListValue') ?? textOf(code) ?? charText(prop);
}

/** EU language NAL IRIs for every language property given. */
export function languageIris(props: unknown[]): string[] {
  const out = new Set<string>();
  for (const prop of props) {
    const iri = languageIri(languageCode(prop));
    if (iri) out.add(iri);
  }
  return [...out];
}

function localeTag(ref: string | undefined, languages: IsoLanguages): string | undefined {
  if (!ref) return undefined;
  const id = ref.replace(/^#/, '');
  return languages.locales.get(id) ?? languageTag(id.replace(/^locale[-_]?/i, ''));
}

/** Every language variant of a free-text property: the main value (metadata language) and PT_FreeText translations. */
export function freeTexts(prop: unknown, languages: IsoLanguages): Text[] {
  const out: Text[] = [];
  const main = plainText(prop);
  if (main) out.push(languages.main ? { value: main, lang: languages.main } : { value: main });
  for (const group of path(prop, 'PT_FreeText', 'textGroup')) {
    for (const localised of kids(group, 'LocalisedCharacterString')) {
      const value = textOf(localised);
      if (!value) continue;
      const lang = localeTag(attr(localised, 'locale'), languages);
      out.push(lang ? { value, lang } : { value });
    }
  }
  return uniqueTexts(out);
}

/** Free texts of several properties, flattened. */
export function freeTextsOf(props: unknown[], languages: IsoLanguages): Text[] {
  return uniqueTexts(props.flatMap((prop) => freeTexts(prop, languages)));
}
