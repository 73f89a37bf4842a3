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

export const RDF_TYPE = RDF + 'type';

/** The classes whose instances become records. */
export const RECORD_CLASSES: ReadonlyMap<string, 'Dataset' | 'DatasetSeries' | 'DataService'> = new Map([
  [DCAT + 'Dataset', 'Dataset'],
  [DCAT + 'DatasetSeries', 'DatasetSeries'],
  [DCAT + 'DataService', 'DataService'],
]);
