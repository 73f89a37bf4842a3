/**
 * A DCAT catalogue of `size` datasets served as Hydra pages, shaped like our fixtures:
 * - Turtle the way udata writes `/api/1/site/catalog.ttl?page=N&page_size=P`
 *   (`hydra:PartialCollectionView` with `hydra:next`, publishers and contacts as separate nodes);
 * - RDF/XML the way ckanext-dcat writes `/catalog.xml?page=N` (`hydra:PagedCollection`,
 *   `hydra:nextPage` as a literal, nested distributions).
 * Each page is generated when asked for.
 */
import type { FixtureReply } from '../../test/support/fixture-server.js';
import { dayOf, LOREM, ORGS, pad, serveRoutes, type Routes, type ServedCatalogue } from './common.js';

const TTL_PREFIXES = `@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
`;

const SITE = 'https://data.example.fr';

function turtleDataset(i: number): string {
  const id = pad(i, 24);
  const ds = `<${SITE}/datasets/${id}/>`;
  const org = i % ORGS;
  return `${ds} a dcat:Dataset ;
    dct:identifier "${id}" ;
    dct:title "Jeu de données ${i}"@fr, "Dataset ${i}"@en ;
    dct:description "${LOREM}${i}"@fr ;
    dcat:keyword "mobilité"@fr, "transport"@fr, "kw${i % 97}" ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
    dct:issued "${dayOf(i)}T10:00:00.123456"^^xsd:dateTime ;
    dct:modified "${dayOf(i + 3)}"^^xsd:date ;
    dcat:landingPage <${SITE}/datasets/slug-${i}/> ;
    dct:accrualPeriodicity <http://purl.org/cld/freq/monthly> ;
    dct:language <http://publications.europa.eu/resource/authority/language/FRA> ;
    dct:publisher <${SITE}/organizations/org-${org}/> ;
    dcat:contactPoint <${SITE}/api/1/contacts/c-${org}/> ;
    dct:spatial [ a dct:Location ; skos:prefLabel "Commune ${i % 1000}"@fr ;
        dcat:bbox "POLYGON((2.30 48.80, 2.40 48.80, 2.40 48.90, 2.30 48.90, 2.30 48.80))"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ] ;
    dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019"^^xsd:gYear ; dcat:endDate "2024-04"^^xsd:gYearMonth ] ;
    adms:identifier [ a adms:Identifier ; skos:notation "${SITE}/datasets/${id}/" ; dct:creator "Bench udata" ] ;
    dcat:distribution <${SITE}/datasets/${id}/#resource-${i}> .

<${SITE}/organizations/org-${org}/> a foaf:Organization ; foaf:name "Organisation ${org}" .

<${SITE}/api/1/contacts/c-${org}/> a vcard:Kind ; vcard:fn "Service ${org}" ; vcard:hasEmail "contact${org}@example.fr" .

<${SITE}/datasets/${id}/#resource-${i}> a dcat:Distribution ;
    dct:identifier "r-${i}" ;
    dct:title "export-${i}.csv" ;
    dcat:accessURL <${SITE}/datasets/r/${i}> ;
    dcat:downloadURL <https://static.example.fr/${i}/export.csv> ;
    dct:format "csv" ;
    dcat:mediaType <http://www.iana.org/assignments/media-types/text/csv> ;
    dcat:byteSize "${1000 + i}"^^xsd:decimal ;
    dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence> .

`;
}

function xmlDataset(i: number): string {
  const id = pad(i, 24);
  const org = i % ORGS;
  return `  <dcat:Dataset rdf:about="${SITE}/dataset/${id}">
    <dct:identifier>${id}</dct:identifier>
    <dct:title>Jeu de données ${i}</dct:title>
    <dct:description>${LOREM}${i}</dct:description>
    <dcat:keyword>mobilité</dcat:keyword>
    <dcat:keyword>kw${i % 97}</dcat:keyword>
    <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">${dayOf(i)}T10:00:00.123456</dct:issued>
    <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">${dayOf(i + 3)}T08:00:00</dct:modified>
    <dcat:landingPage><foaf:Document rdf:about="${SITE}/dataset/slug-${i}"/></dcat:landingPage>
    <dct:publisher><foaf:Organization rdf:about="${SITE}/organization/org-${org}"><foaf:name>Organisation ${org}</foaf:name></foaf:Organization></dct:publisher>
    <dcat:contactPoint><vcard:Organization><vcard:fn>Service ${org}</vcard:fn><vcard:hasEmail rdf:resource="mailto:contact${org}@example.fr"/></vcard:Organization></dcat:contactPoint>
    <dcat:distribution>
      <dcat:Distribution rdf:about="${SITE}/dataset/${id}/resource/r-${i}">
        <dct:title>export-${i}.csv</dct:title>
        <dcat:accessURL rdf:resource="${SITE}/dataset/${id}/resource/r-${i}/download"/>
        <dct:format>CSV</dct:format>
        <dct:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/>
      </dcat:Distribution>
    </dcat:distribution>
  </dcat:Dataset>
`;
}

function pageOf(request: { url: URL }, fallbackSize: number): { page: number; pageSize: number } {
  const page = Math.max(1, Number(request.url.searchParams.get('page') ?? 1) || 1);
  const pageSize = Math.min(Number(request.url.searchParams.get('page_size') ?? fallbackSize) || fallbackSize, 1000);
  return { page, pageSize };
}

/** A udata Turtle page in parts, so a page holding a whole 200 MB dump can be written without being held. */
export function* turtlePageParts(base: string, size: number, page: number, pageSize: number): Generator<string> {
  const first = (page - 1) * pageSize;
  const last = Math.min(first + pageSize, size);
  const pageUrl = (p: number) => `${base}?page=${p}&page_size=${pageSize}`;
  const lastPage = Math.max(1, Math.ceil(size / pageSize));
  yield TTL_PREFIXES;
  yield `<${base}> a dcat:Catalog, hydra:Collection ;\n    dct:title "Bench udata" ;\n    hydra:totalItems ${size} ;\n    hydra:view <${pageUrl(page)}> .\n\n`;
  yield `<${pageUrl(page)}> a hydra:PartialCollectionView ;\n    hydra:first <${pageUrl(1)}> ;\n    hydra:last <${pageUrl(lastPage)}>${page < lastPage ? ` ;\n    hydra:next <${pageUrl(page + 1)}>` : ''} .\n\n`;
  for (let i = first; i < last; i++) yield turtleDataset(i);
}

export function turtlePage(base: string, size: number, page: number, pageSize: number): string {
  return [...turtlePageParts(base, size, page, pageSize)].join('');
}

export function rdfXmlPage(base: string, size: number, page: number, pageSize: number): string {
  const first = (page - 1) * pageSize;
  const last = Math.min(first + pageSize, size);
  const lastPage = Math.max(1, Math.ceil(size / pageSize));
  const pageUrl = (p: number) => `${base}?page=${p}`;
  const parts = [
    `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:vcard="http://www.w3.org/2006/vcard/ns#" xmlns:hydra="http://www.w3.org/ns/hydra/core#">
  <hydra:PagedCollection rdf:about="${pageUrl(page)}">
    <hydra:totalItems rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">${size}</hydra:totalItems>
    <hydra:itemsPerPage rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">${pageSize}</hydra:itemsPerPage>
    <hydra:firstPage>${pageUrl(1)}</hydra:firstPage>
    <hydra:lastPage>${pageUrl(lastPage)}</hydra:lastPage>
${page < lastPage ? `    <hydra:nextPage>${pageUrl(page + 1)}</hydra:nextPage>\n` : ''}  </hydra:PagedCollection>
  <dcat:Catalog rdf:about="${SITE}/"><dct:title>Bench CKAN</dct:title></dcat:Catalog>
`,
  ];
  for (let i = first; i < last; i++) parts.push(xmlDataset(i));
  parts.push('</rdf:RDF>\n');
  return parts.join('');
}

export const dcatPath = (syntax: 'turtle' | 'rdfxml'): string => (syntax === 'turtle' ? '/api/1/site/catalog.ttl' : '/catalog.xml');

/** `base` is the absolute URL of the catalogue path (Hydra links are absolute). */
export function dcatRoutes(size: number, syntax: 'turtle' | 'rdfxml', base: string, pageSize = 100): Routes {
  return {
    [dcatPath(syntax)]: (request): FixtureReply => {
      const { page, pageSize: size_ } = pageOf(request, pageSize);
      return syntax === 'turtle'
        ? { headers: { 'content-type': 'text/turtle; charset=utf-8' }, body: turtlePage(base, size, page, size_) }
        : { headers: { 'content-type': 'application/rdf+xml; charset=utf-8' }, body: rdfXmlPage(base, size, page, size_) };
    },
  };
}

/** `syntax` turtle (udata) or rdfxml (ckanext-dcat); `pageSize` datasets per Hydra page. */
export async function serveDcat(size: number, syntax: 'turtle' | 'rdfxml' = 'turtle', pageSize = 100): Promise<ServedCatalogue> {
  const { server, stats, mount } = await serveRoutes({});
  const base = server.at(dcatPath(syntax));
  mount(dcatRoutes(size, syntax, base, pageSize));
  const url = syntax === 'turtle' ? `${base}?page=1&page_size=${pageSize}` : `${base}?page=1`;
  return { protocol: 'dcat', url, config: {}, stats, server };
}
