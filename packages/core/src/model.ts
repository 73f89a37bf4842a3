/**
 * The DCAT-AP 3 model every protocol is normalised to.
 *
 * Plain JSON-serialisable data (it is stored as JSONB and returned by the API as is).
 * Property names follow DCAT-AP; the RDF term each maps to is given in the JSDoc so the
 * serialisers (JSON-LD, Turtle, RDF/XML) have one place to look.
 */

/** A literal with an optional BCP 47 language tag (`rdfs:Literal@lang`). */
export interface Text {
  value: string;
  lang?: string;
}

/** A `skos:Concept` from a controlled vocabulary, or a free label when no IRI is known. */
export interface Concept {
  /** IRI of the concept (e.g. an EU NAL data-theme or frequency IRI). */
  uri?: string;
  /** `skos:prefLabel` */
  label?: Text[];
  /** `skos:inScheme` IRI, or the title of the thesaurus when no IRI is known. */
  scheme?: string;
  /** The value as the source wrote it, kept when it could not be mapped to an IRI. */
  notation?: string;
}

/** `foaf:Agent` (publisher, creator, rights holder…). */
export interface Agent {
  uri?: string;
  /** `foaf:name` */
  name: Text[];
  /** `foaf:mbox` (without `mailto:`) */
  email?: string;
  /** `foaf:homepage` */
  homepage?: string;
  /** `dct:type` (ADMS publisher type IRI) */
  type?: string;
  /** `dct:identifier` of the agent in its source (CKAN organisation id, ROR, SIRET…) */
  identifier?: string;
}

/** `vcard:Kind` (DCAT-AP `dcat:contactPoint`). */
export interface ContactPoint {
  uri?: string;
  /** `vcard:fn` */
  name?: string;
  /** `vcard:organization-name` */
  organisation?: string;
  /** `vcard:hasEmail` (without `mailto:`) */
  email?: string;
  /** `vcard:hasURL` */
  url?: string;
  /** `vcard:hasTelephone` */
  phone?: string;
  /** `vcard:hasAddress`, flattened to one line */
  address?: string;
  /** The role the source gave this party (ISO CI_RoleCode, EML role, …), when not pointOfContact. */
  role?: string;
}

/** `prov:qualifiedAttribution` → `prov:Attribution` (an agent with a role). */
export interface QualifiedAttribution {
  agent: Agent;
  /** `dcat:hadRole` IRI or code (ISO 19115 CI_RoleCode, EML role…) */
  role: string;
}

/** `dct:PeriodOfTime` */
export interface PeriodOfTime {
  /** `dcat:startDate` (xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth lexical form) */
  start?: string;
  /** `dcat:endDate` */
  end?: string;
  /** Free text the source gave when it could not be parsed into dates. */
  label?: string;
}

/** `dct:Location` */
export interface Location {
  /** IRI (EU country/place NAL, GeoNames, NUTS…) */
  uri?: string;
  /** `skos:prefLabel` */
  label?: Text[];
  /** `dcat:bbox` as [west, south, east, north] in CRS84 (lon/lat) */
  bbox?: [number, number, number, number];
  /** `locn:geometry` as GeoJSON (CRS84) */
  geometry?: GeoJsonGeometry;
  /** `dcat:centroid` as [lon, lat] */
  centroid?: [number, number];
}

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/** `spdx:Checksum` */
export interface Checksum {
  /** `spdx:algorithm`, e.g. `http://spdx.org/rdf/terms#checksumAlgorithm_sha256` */
  algorithm: string;
  /** `spdx:checksumValue` (lower-case hex) */
  value: string;
}

/** A licence (`dct:LicenseDocument`): an IRI when known, the source's text always kept. */
export interface License {
  /** Canonical IRI (EU licence NAL or SPDX / Creative Commons URL). */
  uri?: string;
  /** As the source gave it (id, title or URL). */
  label?: string;
}

/** `adms:Identifier` (a secondary identifier: DOI, GBIF key, upstream id…). */
export interface Identifier {
  /** `skos:notation` */
  notation: string;
  /** scheme: `doi`, `uuid`, `url`, `gbif`, `ckan`, … or an IRI */
  scheme?: string;
  /** `dct:creator`: which catalogue or agency assigned it */
  creator?: string;
}

/** `dcat:DataService` reached by a distribution (`dcat:accessService`) or harvested as a record. */
export interface DataServiceRef {
  uri?: string;
  title?: Text[];
  /** `dcat:endpointURL` */
  endpointURL: string[];
  /** `dcat:endpointDescription` (GetCapabilities URL, OpenAPI document…) */
  endpointDescription?: string;
  /** `dct:conformsTo` (e.g. the OGC WMS standard IRI) */
  conformsTo?: string[];
  /** The protocol name as the source wrote it (`OGC:WMS`, `ESRI:REST`…) */
  protocol?: string;
}

/** `dcat:Distribution` */
export interface Distribution {
  uri?: string;
  /** The distribution's id in its source (CKAN resource id, ODS export name…) */
  remoteId?: string;
  title: Text[];
  description: Text[];
  /** `dcat:accessURL` (mandatory in DCAT-AP: at least one) */
  accessURL: string[];
  /** `dcat:downloadURL` */
  downloadURL: string[];
  /** `dct:format`: EU file-type NAL IRI when known, label otherwise */
  format?: Concept;
  /** `dcat:mediaType`: an IANA media type such as `text/csv` (serialised as the IANA IRI) */
  mediaType?: string;
  /** `dcat:byteSize` */
  byteSize?: number;
  checksum?: Checksum;
  license?: License;
  /** `dct:rights` */
  rights?: Text[];
  issued?: string;
  modified?: string;
  /** `dct:language` (EU language NAL IRIs) */
  languages: string[];
  /** `dct:conformsTo` */
  conformsTo: string[];
  /** `foaf:page` */
  pages: string[];
  /** `adms:status` (distribution-status NAL IRI) */
  status?: string;
  accessService?: DataServiceRef;
}

/** What kind of resource a record describes. */
export type ResourceKind = 'Dataset' | 'DatasetSeries' | 'DataService';

/** `dcat:Dataset` (or `dcat:DatasetSeries` / `dcat:DataService` when `kind` says so). */
export interface Dataset {
  kind: ResourceKind;
  /** The upstream IRI, kept when it is an http(s) IRI. */
  uri?: string;
  /** `dct:identifier`: the main identifier(s) given by the source. */
  identifiers: string[];
  /** `adms:identifier`: every other identifier known (DOI, upstream ids, GBIF keys…). */
  otherIdentifiers: Identifier[];
  title: Text[];
  description: Text[];
  /** `dcat:keyword` */
  keywords: Text[];
  /** `dcat:theme` */
  themes: Concept[];
  /** `dct:publisher` */
  publisher?: Agent;
  /** `dct:creator` */
  creators: Agent[];
  /** `dcat:contactPoint` */
  contactPoints: ContactPoint[];
  /** `prov:qualifiedAttribution`: every other party with its role */
  attributions: QualifiedAttribution[];
  /** Dataset-level licence (DCAT-AP puts licences on distributions; this is the unanimous one). */
  license?: License;
  /** `dct:rights` */
  rights?: Text[];
  /** `dct:accessRights` (access-right NAL IRI or free text) */
  accessRights?: Concept;
  /** `dct:issued` */
  issued?: string;
  /** `dct:modified` */
  modified?: string;
  /** `dct:language` (EU language NAL IRIs) */
  languages: string[];
  /** `dcat:landingPage` */
  landingPages: string[];
  /** `foaf:page` (documentation) */
  pages: string[];
  /** `dct:accrualPeriodicity` (frequency NAL IRI, or free text kept in `label`) */
  accrualPeriodicity?: Concept;
  /** `dct:spatial` */
  spatial: Location[];
  /** `dct:temporal` */
  temporal: PeriodOfTime[];
  /** `dct:conformsTo` */
  conformsTo: string[];
  /** `dcat:version` */
  version?: string;
  /** `dct:provenance` (lineage statements) */
  provenance: Text[];
  /** `dct:type` */
  type?: Concept;
  /** `dcat:inSeries` / ISO parentIdentifier */
  inSeries?: string[];
  /** `dct:relation`, `dct:isReferencedBy`, related resources */
  relations: string[];
  distributions: Distribution[];
  /** For `kind: 'DataService'`: `dcat:endpointURL` etc. */
  service?: DataServiceRef;
  /**
   * Protocol-specific values with no DCAT-AP slot that users still want (ODS records_count,
   * ISO topic categories, EML taxonomic coverage…). Keys are namespaced: `ods:records_count`.
   */
  extras: Record<string, unknown>;
}

/** `dcat:Catalog`: a source, or moisson itself. */
export interface Catalog {
  uri: string;
  title: Text[];
  description: Text[];
  publisher?: Agent;
  homepage?: string;
  languages: string[];
  modified?: string;
}

/** An empty dataset, every list present: normalisers start from this and fill what they find. */
export function emptyDataset(kind: ResourceKind = 'Dataset'): Dataset {
  return {
    kind,
    identifiers: [],
    otherIdentifiers: [],
    title: [],
    description: [],
    keywords: [],
    themes: [],
    creators: [],
    contactPoints: [],
    attributions: [],
    languages: [],
    landingPages: [],
    pages: [],
    spatial: [],
    temporal: [],
    conformsTo: [],
    provenance: [],
    relations: [],
    distributions: [],
    extras: {},
  };
}

/** An empty distribution, every list present. */
export function emptyDistribution(): Distribution {
  return {
    title: [],
    description: [],
    accessURL: [],
    downloadURL: [],
    languages: [],
    conformsTo: [],
    pages: [],
  };
}
