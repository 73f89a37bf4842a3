import type { Dataset, Text } from '@moisson/core';
import { agentLink, attribution, contactPoint } from './agents.js';
import { dataService, distribution } from './distribution.js';
import { dateLiteral, GraphBuilder, iri, plain, type Subject } from './graph.js';
import { location, period } from './places.js';
import { concept, DOCUMENT, identifier, license, links, rightsStatement, statements } from './values.js';
import { DCAT, DCT, FOAF, SKOS } from './vocab.js';

/** `dct:title` / `dct:description` with empty values dropped. */
function nonEmpty(values: readonly Text[]): Text[] {
  return values.filter((t) => t.value.trim());
}

/**
 * The service's endpoints: its own, else the access URLs of what it distributes, else its
 * landing page (`dcat:endpointURL` is mandatory on a `dcat:DataService`).
 */
function serviceEndpoints(dataset: Dataset): string[] {
  const own = dataset.service?.endpointURL ?? [];
  if (own.some((u) => iri(u))) return own;
  const access = dataset.distributions.flatMap((d) => [...d.accessURL, ...d.downloadURL]);
  if (access.some((u) => iri(u))) return access.slice(0, 1);
  return dataset.landingPages.slice(0, 1);
}

/** Writes the DCAT-AP description of `dataset` on `node`; true when it was written as a `dcat:DataService`. */
export function describeDataset(g: GraphBuilder, node: Subject, dataset: Dataset): boolean {
  const titles = nonEmpty(dataset.title);
  const descriptions = nonEmpty(dataset.description);
  const asService = dataset.kind === 'DataService' && serviceEndpoints(dataset).some((u) => iri(u));

  if (asService) {
    const endpoints = serviceEndpoints(dataset);
    dataService(g, { ...dataset.service, title: titles, endpointURL: endpoints }, node);
  } else {
    // A DataService with no endpoint anywhere cannot be a valid dcat:DataService: it is described as a dataset.
    g.type(node, dataset.kind === 'DatasetSeries' ? DCAT('DatasetSeries') : DCAT('Dataset'));
    g.texts(node, DCT('title'), titles);
  }
  // dct:description is mandatory in DCAT-AP, but sources often give none: the title then stands
  // in for it, so the record stays valid and a reader still gets a human sentence.
  g.texts(node, DCT('description'), descriptions.length ? descriptions : titles);

  for (const id of dataset.identifiers) if (id.trim()) g.add(node, DCT('identifier'), plain(id));
  for (const id of dataset.otherIdentifiers) identifier(g, node, id);
  g.texts(node, DCAT('keyword'), dataset.keywords);
  for (const theme of dataset.themes) {
    // dcat:theme must be an IRI: a theme the source named only by label becomes a keyword.
    if (iri(theme.uri)) concept(g, node, DCAT('theme'), theme, SKOS('Concept'));
    else g.texts(node, DCAT('keyword'), theme.label ?? (theme.notation ? [{ value: theme.notation }] : []));
  }
  agentLink(g, node, DCT('publisher'), dataset.publisher);
  for (const creator of dataset.creators) agentLink(g, node, DCT('creator'), creator);
  for (const contact of dataset.contactPoints) contactPoint(g, node, contact);
  for (const attributed of dataset.attributions) attribution(g, node, attributed);

  if (!asService) {
    // Legal information belongs on distributions in DCAT-AP; the dataset-level licence is
    // written there too when a distribution has none of its own.
    const distributions = dataset.license
      ? dataset.distributions.map((d) => (d.license ? d : { ...d, license: dataset.license }))
      : dataset.distributions;
    distributions.forEach((d, i) => distribution(g, node, d, i, dataset.landingPages));
  } else {
    license(g, node, dataset.license);
  }
  concept(g, node, DCT('accessRights'), dataset.accessRights, DCT('RightsStatement'));
  rightsStatement(g, node, dataset.rights);
  g.add(node, DCT('issued'), dateLiteral(dataset.issued));
  g.add(node, DCT('modified'), dateLiteral(dataset.modified));
  links(g, node, DCT('language'), dataset.languages, DCT('LinguisticSystem'));
  links(g, node, DCAT('landingPage'), dataset.landingPages, DOCUMENT);
  links(g, node, FOAF('page'), dataset.pages, DOCUMENT);
  if (!asService) {
    concept(g, node, DCT('accrualPeriodicity'), dataset.accrualPeriodicity, DCT('Frequency'));
    for (const place of dataset.spatial) location(g, node, place);
    for (const time of dataset.temporal) period(g, node, time);
    if (dataset.version?.trim()) g.add(node, DCAT('version'), plain(dataset.version));
    statements(g, node, DCT('provenance'), dataset.provenance, DCT('ProvenanceStatement'));
    for (const series of dataset.inSeries ?? []) inSeries(g, node, series);
  }
  links(g, node, DCT('conformsTo'), dataset.conformsTo, DCT('Standard'));
  concept(g, node, DCT('type'), dataset.type, SKOS('Concept'));
  links(g, node, DCT('relation'), dataset.relations);
  return asService;
}

/** `dcat:inSeries`: the series IRI, or (an ISO parentIdentifier that is no IRI) a node carrying its identifier. */
function inSeries(g: GraphBuilder, node: Subject, series: string): void {
  if (g.link(node, DCAT('inSeries'), series)) return;
  if (!series.trim()) return;
  const blank = g.blank();
  g.add(node, DCAT('inSeries'), blank);
  g.add(blank, DCT('identifier'), plain(series));
}

