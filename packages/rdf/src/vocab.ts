/** Namespaces of the DCAT-AP 3 output, and the few fixed IRIs it points to. */
export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  prov: 'http://www.w3.org/ns/prov#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  owl: 'http://www.w3.org/2002/07/owl#',
  time: 'http://www.w3.org/2006/time#',
  geodcatap: 'http://data.europa.eu/930/',
} as const;

export type Prefix = keyof typeof PREFIXES;

const ns =
  <P extends Prefix>(prefix: P) =>
  (local: string): string =>
    PREFIXES[prefix] + local;

export const DCAT = ns('dcat');
export const DCT = ns('dct');
export const DCATAP = ns('dcatap');
export const FOAF = ns('foaf');
export const VCARD = ns('vcard');
export const LOCN = ns('locn');
export const GSP = ns('gsp');
export const PROV = ns('prov');
export const ADMS = ns('adms');
export const SKOS = ns('skos');
export const SPDX = ns('spdx');
export const XSD = ns('xsd');
export const RDF = ns('rdf');
export const RDFS = ns('rdfs');
export const HYDRA = ns('hydra');
export const OWL = ns('owl');
export const TIME = ns('time');
export const GEODCATAP = ns('geodcatap');

export const RDF_TYPE = RDF('type');

/** The application profile our records conform to (`dct:conformsTo` of a `dcat:CatalogRecord`). */
export const DCAT_AP_3 = 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/';
export const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';
export const ADMS_CHANGE_TYPE = 'http://purl.org/adms/changetype/';
export const DATA_THEME_SCHEME = 'http://publications.europa.eu/resource/authority/data-theme';
/** ISO 19115 CI_RoleCode as the INSPIRE registry publishes it (GeoDCAT-AP uses these for `dcat:hadRole`). */
export const RESPONSIBLE_PARTY_ROLE = 'http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/';

/** The standard each protocol's records follow, for the `dct:conformsTo` of an upstream record. */
export { PROTOCOL_STANDARDS } from '@moisson/core';
