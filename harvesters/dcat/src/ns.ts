/** Namespace IRIs of the vocabularies DCAT catalogues use. */
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const OWL = 'http://www.w3.org/2002/07/owl#';
export const DCAT = 'http://www.w3.org/ns/dcat#';
export const DCT = 'http://purl.org/dc/terms/';
export const DCATAP = 'http://data.europa.eu/r5r/';
export const GEODCATAP = 'http://data.europa.eu/930/';
export const ADMS = 'http://www.w3.org/ns/adms#';
export const FOAF = 'http://xmlns.com/foaf/0.1/';
export const VCARD = 'http://www.w3.org/2006/vcard/ns#';
export const LOCN = 'http://www.w3.org/ns/locn#';
export const GSP = 'http://www.opengis.net/ont/geosparql#';
export const PROV = 'http://www.w3.org/ns/prov#';
export const SPDX = 'http://spdx.org/rdf/terms#';
export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const TIME = 'http://www.w3.org/2006/time#';
export const SCHEMA = 'http://schema.org/';
export const HYDRA = 'http://www.w3.org/ns/hydra/core#';

const terms: string[] = [];

/** Builds each whole IRI once: `DCT + 'title'` in a hot path makes and hashes a new string per call. */
function vocabulary<const K extends string>(ns: string, names: readonly K[]): Readonly<Record<K, string>> {
  const iris = names.map((name) => ns + name);
  terms.push(...iris);
  return Object.freeze(Object.fromEntries(names.map((name, i) => [name, iris[i]]))) as Record<K, string>;
}

/** The terms of each vocabulary that the harvester reads. */
export const rdf = vocabulary(RDF, ['value']);
export const rdfs = vocabulary(RDFS, ['label', 'seeAlso']);
export const owl = vocabulary(OWL, ['versionInfo']);
export const dcat = vocabulary(DCAT, ['Catalog', 'accessService', 'accessURL', 'bbox', 'byteSize', 'catalog', 'centroid', 'contactPoint', 'dataset', 'distribution', 'downloadURL', 'endDate', 'endpointDescription', 'endpointURL', 'hadRole', 'inSeries', 'keyword', 'landingPage', 'mediaType', 'qualifiedRelation', 'record', 'servesDataset', 'service', 'startDate', 'theme', 'version']);
export const dct = vocabulary(DCT, ['accessRights', 'accrualPeriodicity', 'conformsTo', 'creator', 'description', 'format', 'hasPart', 'identifier', 'isPartOf', 'isReferencedBy', 'issued', 'language', 'license', 'modified', 'provenance', 'publisher', 'relation', 'rights', 'source', 'spatial', 'temporal', 'title', 'type']);
export const dcatap = vocabulary(DCATAP, ['applicableLegislation', 'hvdCategory']);
export const adms = vocabulary(ADMS, ['identifier', 'schemaAgency', 'schemeAgency', 'status', 'version']);
export const foaf = vocabulary(FOAF, ['homepage', 'isPrimaryTopicOf', 'mbox', 'name', 'page', 'primaryTopic']);
export const vcard = vocabulary(VCARD, ['fn', 'hasAddress', 'hasEmail', 'hasTelephone', 'hasURL', 'organisation-name', 'organization-name', 'value']);
export const locn = vocabulary(LOCN, ['geographicName', 'geometry']);
export const gsp = vocabulary(GSP, ['asGeoJSON', 'asWKT', 'geoJSONLiteral', 'gmlLiteral']);
export const prov = vocabulary(PROV, ['agent', 'qualifiedAttribution', 'wasDerivedFrom']);
export const spdx = vocabulary(SPDX, ['algorithm', 'checksum', 'checksumValue']);
export const skos = vocabulary(SKOS, ['inScheme', 'notation', 'prefLabel']);
export const time = vocabulary(TIME, ['hasBeginning', 'hasEnd', 'inXSDDate', 'inXSDDateTime', 'inXSDDateTimeStamp', 'inXSDgYear']);
export const schema = vocabulary(SCHEMA, ['endDate', 'startDate']);
export const hydra = vocabulary(HYDRA, ['PagedCollection', 'PartialCollectionView', 'next', 'nextPage', 'totalItems', 'view']);

export const RDF_TYPE = RDF + 'type';

/** Every term above, the very strings the harvester compares parsed IRIs with. */
export const VOCABULARY_TERMS: readonly string[] = Object.freeze([...terms, RDF_TYPE]);

/** The classes whose instances become records. */
export const RECORD_CLASSES: ReadonlyMap<string, 'Dataset' | 'DatasetSeries' | 'DataService'> = new Map([
  [DCAT + 'Dataset', 'Dataset'],
  [DCAT + 'DatasetSeries', 'DatasetSeries'],
  [DCAT + 'DataService', 'DataService'],
]);
