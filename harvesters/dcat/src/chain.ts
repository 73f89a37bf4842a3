import { canonicalCatalogUrl, pickText, withRoles, type ProvenanceHop } from '@moisson/core';
import type { RecordGraph } from './graph.js';
import { ADMS, DCAT, DCT, FOAF, PROV, SKOS } from './ns.js';
import type { NodeTerm } from './terms.js';
import { dateOf, readAgent } from './values.js';

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const isHttp = (value: string) => /^https?:\/\//i.test(value);

/** Source metadata standards, from a record's `dct:conformsTo`, as protocol names. */
function protocolOf(conformsTo: readonly string[]): string | undefined {
  for (const c of conformsTo) {
    if (/19139|iso-?19115|isotc211/i.test(c)) return 'iso19139';
    if (/dcat-?ap|\/ns\/dcat|r5r/i.test(c)) return 'dcat';
    if (/eml/i.test(c)) return 'eml';
    if (/ckan/i.test(c)) return 'ckan';
  }
  return undefined;
}

/** The `dcat:CatalogRecord` of the dataset in this source (`foaf:primaryTopic`, or inverse `foaf:isPrimaryTopicOf`). */
export function catalogRecordOf(graph: RecordGraph, root: NodeTerm): NodeTerm | undefined {
  return graph.subjectsPointingTo(root, FOAF + 'primaryTopic')[0] ?? graph.nodes(root, FOAF + 'isPrimaryTopicOf')[0];
}

/** `dct:source` of a catalogue record, followed upstream (origin last in the returned list). */
function upstreamHops(graph: RecordGraph, record: NodeTerm): ProvenanceHop[] {
  const hops: ProvenanceHop[] = [];
  const seen = new Set<string>();
  let current: NodeTerm | undefined = graph.nodes(record, DCT + 'source')[0];
  while (current && hops.length < 10 && !seen.has(current.value)) {
    seen.add(current.value);
    const recordUrl = current.kind === 'iri' && isHttp(current.value) ? current.value : graph.urls(current, FOAF + 'page', DCAT + 'landingPage')[0];
    const hop: ProvenanceHop = { catalog: {} };
    const catalogNode = graph.nodes(current, DCT + 'isPartOf')[0];
    const catalogUrl = catalogNode ? (graph.urls(catalogNode, FOAF + 'homepage')[0] ?? catalogNode.value) : originOf(recordUrl);
    const catalogTitle = catalogNode ? pickText(graph.texts(catalogNode, DCT + 'title')) : undefined;
    if (catalogUrl) hop.catalog.url = catalogUrl;
    if (catalogTitle) hop.catalog.title = catalogTitle;
    const recordId = graph.value(current, DCT + 'identifier') ?? (current.kind === 'iri' ? current.value : undefined);
    if (recordId) hop.recordId = recordId;
    if (recordUrl) hop.recordUrl = recordUrl;
    const modified = dateOf(graph.objects(current, DCT + 'modified'));
    if (modified) hop.modified = modified;
    const harvested = dateOf(graph.objects(current, DCT + 'issued'));
    if (harvested) hop.harvestedAt = harvested;
    const protocol = protocolOf(graph.urls(current, DCT + 'conformsTo').concat(graph.texts(current, DCT + 'conformsTo').map((t) => t.value)));
    if (protocol) hop.protocol = protocol;
    hops.push(hop);
    current = graph.nodes(current, DCT + 'source')[0];
  }
  return hops.reverse();
}

/** The catalogues listing the dataset that are themselves part of another (ckanext-dcat `expose_subcatalogs`). */
function subCatalogHop(graph: RecordGraph, root: NodeTerm): ProvenanceHop | undefined {
  const listing = [...graph.subjectsPointingTo(root, DCAT + 'dataset'), ...graph.nodes(root, DCT + 'isPartOf')];
  for (const catalog of listing) {
    const isPart =
      graph.subjectsPointingTo(catalog, DCT + 'hasPart').length > 0 ||
      graph.subjectsPointingTo(catalog, DCAT + 'catalog').length > 0 ||
      graph.nodes(catalog, DCT + 'isPartOf').length > 0;
    if (!isPart || !graph.describes(catalog)) continue;
    const hop: ProvenanceHop = { catalog: {} };
    const title = pickText(graph.texts(catalog, DCT + 'title'));
    if (title) hop.catalog.title = title;
    const url = graph.urls(catalog, FOAF + 'homepage')[0] ?? (catalog.kind === 'iri' ? catalog.value : undefined);
    if (url) hop.catalog.url = url;
    const publisherTerm = graph.objects(catalog, DCT + 'publisher')[0];
    const publisher = publisherTerm ? readAgent(graph, publisherTerm) : undefined;
    if (publisher) hop.publisher = publisher;
    const recordId = graph.value(root, DCT + 'identifier') ?? (root.kind === 'iri' ? root.value : undefined);
    if (recordId) hop.recordId = recordId;
    const modified = dateOf(graph.objects(catalog, DCT + 'modified'));
    if (modified) hop.modified = modified;
    return hop;
  }
  return undefined;
}

/** `prov:wasDerivedFrom`: the records or datasets this one was made from. */
function derivedFromHops(graph: RecordGraph, root: NodeTerm): ProvenanceHop[] {
  return graph.objects(root, PROV + 'wasDerivedFrom').flatMap((o): ProvenanceHop[] => {
    if (o.kind === 'literal') return isHttp(o.value.trim()) ? [{ catalog: { url: originOf(o.value.trim()) }, recordUrl: o.value.trim(), recordId: o.value.trim() }] : [];
    const recordUrl = o.kind === 'iri' ? o.value : graph.urls(o, FOAF + 'page', DCAT + 'landingPage')[0];
    const hop: ProvenanceHop = { catalog: {} };
    const url = originOf(recordUrl);
    if (url) hop.catalog.url = url;
    const title = pickText(graph.texts(o, DCT + 'title'));
    if (title && o.kind === 'bnode') hop.catalog.title = title;
    const recordId = graph.value(o, DCT + 'identifier') ?? recordUrl;
    if (recordId) hop.recordId = recordId;
    if (recordUrl) hop.recordUrl = recordUrl;
    const modified = dateOf(graph.objects(o, DCT + 'modified'));
    if (modified) hop.modified = modified;
    return [hop];
  });
}

/**
 * udata re-exports a harvested dataset under its upstream IRI, with landingPage = the upstream
 * page and an `adms:identifier` (`skos:notation` = its own permalink, `dct:creator` = its site).
 * When the source itself is that re-exporter, the upstream catalogue is the origin.
 */
function reExportOriginHop(graph: RecordGraph, root: NodeTerm, sourceUrl: string): ProvenanceHop | undefined {
  if (root.kind !== 'iri' || !isHttp(root.value)) return undefined;
  const sourceHost = hostOf(sourceUrl);
  const landingPage = graph.urls(root, DCAT + 'landingPage')[0];
  const upstreamUrl = landingPage ?? root.value;
  if (!sourceHost || hostOf(upstreamUrl) === sourceHost || hostOf(root.value) === sourceHost) return undefined;
  const localCopy = graph.nodes(root, ADMS + 'identifier').find((id) => hostOf(graph.value(id, SKOS + 'notation')) === sourceHost);
  if (!localCopy) return undefined;
  const hop: ProvenanceHop = { catalog: { url: originOf(upstreamUrl) }, recordUrl: upstreamUrl, recordId: graph.value(root, DCT + 'identifier') ?? root.value };
  return hop;
}

/**
 * The hops before the source, origin first: `prov:wasDerivedFrom`, a re-exported upstream,
 * the `dct:source` chain of the catalogue record, the sub-catalogue the dataset is listed in.
 */
export function readChain(graph: RecordGraph, root: NodeTerm, sourceUrl: string): ProvenanceHop[] {
  const record = catalogRecordOf(graph, root);
  const upstream = record ? upstreamHops(graph, record) : [];
  const sub = subCatalogHop(graph, root);
  const nearest = upstream[upstream.length - 1];
  if (sub && nearest && !nearest.catalog.title) {
    // The sub-catalogue is where the upstream record lives: one hop, not two.
    nearest.catalog = { ...nearest.catalog, ...sub.catalog };
    if (sub.publisher) nearest.publisher = sub.publisher;
  }
  const hops = [
    ...derivedFromHops(graph, root),
    ...[reExportOriginHop(graph, root, sourceUrl)].filter((h): h is ProvenanceHop => !!h),
    ...upstream,
    ...(sub && !(nearest && nearest.catalog.title === sub.catalog.title) ? [sub] : []),
  ];
  const seen = new Set<string>();
  const unique = hops.filter((h) => {
    const key = `${h.catalog.url ? canonicalCatalogUrl(h.catalog.url) : ''}|${h.recordId ?? ''}|${h.recordUrl ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return withRoles(unique);
}
