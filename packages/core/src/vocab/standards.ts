/** The application profile moisson's own records conform to. */
export const DCAT_AP_3_STANDARD = 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/';

/**
 * The standard each protocol's records follow: a hop's `protocol` written as the `dct:conformsTo`
 * of its `dcat:CatalogRecord`, and read back from it. CSW gets the CSW specification, not the
 * ISO 19139 schema it serves, so the two stay apart on the way back.
 */
export const PROTOCOL_STANDARDS: Record<string, string> = {
  dcat: 'http://www.w3.org/ns/dcat#',
  'dcat-ap': 'http://data.europa.eu/r5r/',
  ckan: 'https://docs.ckan.org/en/latest/api/',
  ods: 'https://help.opendatasoft.com/apis/ods-explore-v2/',
  csw: 'http://www.opengis.net/cat/csw/2.0.2',
  iso19139: 'http://www.isotc211.org/2005/gmd',
  eml: 'https://eml.ecoinformatics.org/eml-2.2.0',
  oai: 'http://www.openarchives.org/OAI/2.0/',
  moisson: DCAT_AP_3_STANDARD,
};

const canonical = (iri: string) => iri.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/[/#]+$/, '');

/**
 * The protocol a record's `dct:conformsTo` names: the exact standard of `PROTOCOL_STANDARDS`
 * (a DCAT-AP profile reads as `dcat`: moisson is one DCAT catalogue among others to its
 * readers), else what the IRI says it is.
 */
export function protocolOfStandard(standard: string): string | undefined {
  const key = canonical(standard);
  if (key === canonical(DCAT_AP_3_STANDARD)) return 'dcat';
  const exact = Object.entries(PROTOCOL_STANDARDS).find(([, iri]) => canonical(iri) === key);
  if (exact) return exact[0];
  if (/opengis\.net\/cat\/csw/i.test(standard)) return 'csw';
  if (/19139|iso-?19115|isotc211/i.test(standard)) return 'iso19139';
  if (/dcat-?ap|\/ns\/dcat|r5r/i.test(standard)) return 'dcat';
  if (/eml/i.test(standard)) return 'eml';
  if (/ckan/i.test(standard)) return 'ckan';
  if (/opendatasoft/i.test(standard)) return 'ods';
  return undefined;
}
