import { DCAT_PREFIXES, DCAT_TERMS } from './prefixes.js';

type JsonObject = Record<string, unknown>;

const SCHEMA_ORG: JsonObject = {
  '@context': {
    '@vocab': 'http://schema.org/',
    schema: 'http://schema.org/',
    id: '@id',
    type: '@type',
    url: { '@id': 'schema:url', '@type': '@id' },
    sameAs: { '@id': 'schema:sameAs', '@type': '@id' },
    license: { '@id': 'schema:license', '@type': '@id' },
    contentUrl: { '@id': 'schema:contentUrl', '@type': '@id' },
    image: { '@id': 'schema:image', '@type': '@id' },
    isBasedOn: { '@id': 'schema:isBasedOn', '@type': '@id' },
    includedInDataCatalog: { '@id': 'schema:includedInDataCatalog' },
    startDate: { '@id': 'schema:startDate' },
    endDate: { '@id': 'schema:endDate' },
    dateCreated: { '@id': 'schema:dateCreated' },
    dateModified: { '@id': 'schema:dateModified' },
    datePublished: { '@id': 'schema:datePublished' },
  },
};

const HYDRA: JsonObject = {
  '@context': {
    hydra: 'http://www.w3.org/ns/hydra/core#',
    Collection: 'hydra:Collection',
    PartialCollectionView: 'hydra:PartialCollectionView',
    PagedCollection: 'hydra:PagedCollection',
    member: { '@id': 'hydra:member', '@type': '@id' },
    view: { '@id': 'hydra:view', '@type': '@id' },
    first: { '@id': 'hydra:first', '@type': '@id' },
    last: { '@id': 'hydra:last', '@type': '@id' },
    next: { '@id': 'hydra:next', '@type': '@id' },
    previous: { '@id': 'hydra:previous', '@type': '@id' },
    firstPage: { '@id': 'hydra:firstPage', '@type': '@id' },
    lastPage: { '@id': 'hydra:lastPage', '@type': '@id' },
    nextPage: { '@id': 'hydra:nextPage', '@type': '@id' },
    previousPage: { '@id': 'hydra:previousPage', '@type': '@id' },
    totalItems: { '@id': 'hydra:totalItems', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
    itemsPerPage: { '@id': 'hydra:itemsPerPage', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
  },
};

const DCAT_AP: JsonObject = { '@context': { ...DCAT_PREFIXES, ...DCAT_TERMS } };

const PREFIXES_ONLY: JsonObject = { '@context': { ...DCAT_PREFIXES } };

/** Remote contexts DCAT publishers reference, served from here so an unreachable one never breaks a harvest. */
const BY_URL: Record<string, JsonObject> = {
  'http://schema.org': SCHEMA_ORG,
  'https://schema.org': SCHEMA_ORG,
  'http://schema.org/docs/jsonldcontext.jsonld': SCHEMA_ORG,
  'https://schema.org/docs/jsonldcontext.jsonld': SCHEMA_ORG,
  'https://schema.org/docs/jsonldcontext.json': SCHEMA_ORG,
  'http://www.w3.org/ns/hydra/context.jsonld': HYDRA,
  'https://www.w3.org/ns/hydra/context.jsonld': HYDRA,
  'https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld': DCAT_AP,
  'https://semiceu.github.io/DCAT-AP/releases/3.0.0/context.jsonld': DCAT_AP,
  'https://semiceu.github.io/GeoDCAT-AP/releases/3.0.0/context/geodcat-ap.jsonld': DCAT_AP,
  'https://www.w3.org/ns/dcat2.jsonld': DCAT_AP,
  'https://www.w3.org/ns/dcat.jsonld': DCAT_AP,
  'https://www.w3.org/ns/dcat3.jsonld': DCAT_AP,
};

/** Paths served by every udata / ckanext-dcat instance, whatever the host. */
const BY_PATH: Array<[RegExp, JsonObject]> = [
  [/\/api\/1\/site\/context\.jsonld$/, DCAT_AP],
  [/\/catalog\/context\.jsonld$/, PREFIXES_ONLY],
];

/** The shipped copy of a context document, or undefined when we do not ship that one. */
export function shippedContext(url: string): JsonObject | undefined {
  const key = url.replace(/#.*$/, '').replace(/\/$/, '');
  const exact = BY_URL[key] ?? BY_URL[url];
  if (exact) return exact;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  return BY_PATH.find(([pattern]) => pattern.test(path))?.[1];
}

/** What an unknown remote context is read as. */
export function fallbackContext(): JsonObject {
  return DCAT_AP;
}
