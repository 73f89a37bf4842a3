import type { DataServiceRef, Distribution } from '@moisson/core';
import { dateLiteral, GraphBuilder, iri, namedNode, typed, type Subject } from './graph.js';
import { checksum, concept, DOCUMENT, license, links, rightsStatement } from './values.js';
import { ADMS, DCAT, DCT, FOAF, IANA_MEDIA_TYPES, XSD } from './vocab.js';

/** `dcat:mediaType` as the IANA IRI; parameters (`; charset=…`) dropped, anything not `type/subtype` refused. */
export function mediaTypeIri(mediaType: string | undefined): string | undefined {
  const essence = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (!essence || !/^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(essence)) return undefined;
  return IANA_MEDIA_TYPES + essence;
}

/** A `dcat:DataService`; `dcat:endpointURL` and `dct:title` are mandatory, so none without an endpoint. */
export function dataService(g: GraphBuilder, value: DataServiceRef, node: Subject): boolean {
  const endpoints = value.endpointURL.map((u) => iri(u)).filter((n) => n !== undefined);
  if (!endpoints.length) return false;
  g.once(node, () => {
    g.type(node, DCAT('DataService'));
    const titles = value.title?.filter((t) => t.value.trim()) ?? [];
    // dct:title is mandatory: a service the source did not name is called by its protocol or endpoint.
    g.texts(node, DCT('title'), titles.length ? titles : [{ value: value.protocol ?? endpoints[0]!.value }]);
    for (const endpoint of endpoints) g.add(node, DCAT('endpointURL'), endpoint);
    g.link(node, DCAT('endpointDescription'), value.endpointDescription);
    links(g, node, DCT('conformsTo'), value.conformsTo, DCT('Standard'));
  }, 'service');
  return true;
}

export function distributionIri(datasetIri: string, index: number): string {
  return `${datasetIri}${datasetIri.includes('#') ? '-' : '#'}distribution-${index + 1}`;
}

/**
 * One `dcat:Distribution`. `dcat:accessURL` is mandatory: without one, the download URL is the
 * access URL (DCAT-AP's own advice), else the dataset's landing page; a distribution with no
 * URL at all gives nothing a reader could use and is left out.
 */
export function distribution(g: GraphBuilder, dataset: Subject, value: Distribution, index: number, landingPages: readonly string[]): void {
  const access = [value.accessURL, value.downloadURL, landingPages.slice(0, 1)].find((urls) => urls.some((u) => iri(u)));
  if (!access) return;
  const node = iri(value.uri) ?? namedNode(distributionIri(dataset.value, index));
  g.add(dataset, DCAT('distribution'), node);
  g.once(node, () => describe(g, node, value, access), 'distribution');
}

function describe(g: GraphBuilder, node: Subject, value: Distribution, access: readonly string[]): void {
  g.type(node, DCAT('Distribution'));
  g.texts(node, DCT('title'), value.title);
  g.texts(node, DCT('description'), value.description);
  for (const url of access) g.link(node, DCAT('accessURL'), url);
  for (const url of value.downloadURL) g.link(node, DCAT('downloadURL'), url);
  concept(g, node, DCT('format'), value.format, DCT('MediaTypeOrExtent'));
  const mediaType = g.link(node, DCAT('mediaType'), mediaTypeIri(value.mediaType));
  if (mediaType) g.once(mediaType, () => g.type(mediaType, DCT('MediaType')), 'mediaType');
  if (value.byteSize !== undefined && Number.isSafeInteger(value.byteSize) && value.byteSize >= 0) {
    g.add(node, DCAT('byteSize'), typed(String(value.byteSize), XSD('nonNegativeInteger')));
  }
  checksum(g, node, value.checksum);
  license(g, node, value.license);
  rightsStatement(g, node, value.rights);
  g.add(node, DCT('issued'), dateLiteral(value.issued));
  g.add(node, DCT('modified'), dateLiteral(value.modified));
  links(g, node, DCT('language'), value.languages, DCT('LinguisticSystem'));
  links(g, node, DCT('conformsTo'), value.conformsTo, DCT('Standard'));
  links(g, node, FOAF('page'), value.pages, DOCUMENT);
  g.link(node, ADMS('status'), value.status);
  if (value.accessService) {
    const service = iri(value.accessService.uri) ?? g.blank();
    if (dataService(g, value.accessService, service)) g.add(node, DCAT('accessService'), service);
  }
}
