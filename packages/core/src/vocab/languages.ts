/** Languages: ISO 639-1 / 639-2 (B and T) codes and names to EU language NAL IRIs. */
const NAL = 'http://publications.europa.eu/resource/authority/language/';

/** [NAL code (639-2/T upper-case), 639-1, 639-2/B when it differs, English name, native name] */
const TABLE: Array<[string, string, string | null, string, string]> = [
  ['FRA', 'fr', 'FRE', 'french', 'français'],
  ['ENG', 'en', null, 'english', 'english'],
  ['DEU', 'de', 'GER', 'german', 'deutsch'],
  ['SPA', 'es', null, 'spanish', 'español'],
  ['ITA', 'it', null, 'italian', 'italiano'],
  ['NLD', 'nl', 'DUT', 'dutch', 'nederlands'],
  ['POR', 'pt', null, 'portuguese', 'português'],
  ['POL', 'pl', null, 'polish', 'polski'],
  ['CES', 'cs', 'CZE', 'czech', 'čeština'],
  ['SLK', 'sk', 'SLO', 'slovak', 'slovenčina'],
  ['SLV', 'sl', null, 'slovenian', 'slovenščina'],
  ['HUN', 'hu', null, 'hungarian', 'magyar'],
  ['RON', 'ro', 'RUM', 'romanian', 'română'],
  ['BUL', 'bg', null, 'bulgarian', 'български'],
  ['ELL', 'el', 'GRE', 'greek', 'ελληνικά'],
  ['DAN', 'da', null, 'danish', 'dansk'],
  ['SWE', 'sv', null, 'swedish', 'svenska'],
  ['FIN', 'fi', null, 'finnish', 'suomi'],
  ['EST', 'et', null, 'estonian', 'eesti'],
  ['LAV', 'lv', null, 'latvian', 'latviešu'],
  ['LIT', 'lt', null, 'lithuanian', 'lietuvių'],
  ['HRV', 'hr', null, 'croatian', 'hrvatski'],
  ['GLE', 'ga', null, 'irish', 'gaeilge'],
  ['MLT', 'mt', null, 'maltese', 'malti'],
  ['NOR', 'no', null, 'norwegian', 'norsk'],
  ['NOB', 'nb', null, 'norwegian bokmål', 'bokmål'],
  ['ISL', 'is', 'ICE', 'icelandic', 'íslenska'],
  ['CAT', 'ca', null, 'catalan', 'català'],
  ['EUS', 'eu', 'BAQ', 'basque', 'euskara'],
  ['BRE', 'br', null, 'breton', 'brezhoneg'],
  ['COS', 'co', null, 'corsican', 'corsu'],
  ['OCI', 'oc', null, 'occitan', 'occitan'],
  ['LTZ', 'lb', null, 'luxembourgish', 'lëtzebuergesch'],
  ['RUS', 'ru', null, 'russian', 'русский'],
  ['UKR', 'uk', null, 'ukrainian', 'українська'],
  ['ZHO', 'zh', 'CHI', 'chinese', '中文'],
  ['JPN', 'ja', null, 'japanese', '日本語'],
  ['ARA', 'ar', null, 'arabic', 'العربية'],
  ['TUR', 'tr', null, 'turkish', 'türkçe'],
  ['LAT', 'la', null, 'latin', 'latina'],
  ['MUL', '', null, 'multiple languages', 'multiple'],
];

const lookup = new Map<string, (typeof TABLE)[number]>();
for (const row of TABLE) {
  const [nal, one, bib, en, native] = row;
  for (const key of [nal, one, bib, en, native]) if (key) lookup.set(key.toLowerCase(), row);
}

/**
 * The EU language NAL IRI for a code or name as sources write it: `fr`, `fr-FR`, `fre`, `FRA`,
 * `French`, `français`, a NAL or id.loc.gov IRI. Undefined when unknown.
 */
export function languageIri(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  let v = value.trim();
  if (!v) return undefined;
  const iri = /\/(?:language|iso639-[12])\/([A-Za-z]{2,3})\/?$/.exec(v);
  if (iri?.[1]) v = iri[1];
  const row = lookup.get(v.toLowerCase()) ?? lookup.get(v.toLowerCase().split(/[-_]/)[0] ?? '');
  return row ? NAL + row[0] : undefined;
}

/** The BCP 47 primary tag (`fr`) for a language code, name or NAL IRI; undefined when unknown. */
export function languageTag(value: string | undefined | null): string | undefined {
  const iri = languageIri(value);
  if (!iri) return undefined;
  const row = lookup.get(iri.slice(NAL.length).toLowerCase());
  return row?.[1] || undefined;
}
