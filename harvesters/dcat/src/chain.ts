import { canonicalCatalogUrl, pickText, protocolOfStandard, withRoles, type Agent, type ProvenanceHop } from '@moisson/core';
import type { RecordGraph } from './graph.js';
import { adms, dcat, dct, foaf, prov, skos } from './ns.js';
import { termKey, type NodeTerm } from './terms.js';
import { dateOf, readAgent } from './values.js';

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** The source's host, asked for every record of a harvest: parsed once per source URL. */
let lastSource: { url: string; host: string | undefined } | undefined;
function sourceHostOf(url: string): string | undefined {
  if (lastSource?.url !== url) lastSource = { url, host: hostOf(url) };
  return lastSource.host;
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

/**
 * The `dcat:CatalogRecord` of the dataset in this source: of the records about it
 * (`foaf:primaryTopic`, or inverse `foaf:isPrimaryTopicOf`), the one no other derives from (the
 * upstream records of a chain are about the same dataset too).
 */
export function catalogRecordOf(graph: RecordGraph, root: NodeTerm): NodeTerm | undefined {
  const records = [...graph.subjectsPointingTo(root, foaf.primaryTopic), ...graph.nodes(root, foaf.isPrimaryTopicOf)];
  if (records.length <= 1) return records[0];
  const upstream = new Set(records.flatMap((r) => [...graph.nodes(r, dct.source), ...graph.nodes(r, prov.wasDerivedFrom)]).map(termKey));
  return records.find((r) => !upstream.has(termKey(r))) ?? records[0];
}

/** Who published the dataset according to a record: its `prov:qualifiedAttribution` with the publisher role. */
function recordPublisher(graph: RecordGraph, record: NodeTerm): Agent | undefined {
  for (const attribution of graph.nodes(record, prov.qualifiedAttribution)) {
    const role = graph.urls(attribution, dcat.hadRole)[0] ?? graph.value(graph.nodes(attribution, dcat.hadRole)[0] ?? attribution, skos.prefLabel);
    if (!role || !/publisher$/i.test(role.trim())) continue;
    const agent = graph.objects(attribution, prov.agent)[0];
    return agent ? readAgent(graph, agent) : undefined;
  }
  return undefined;
}

/**
 * One hop from a `dcat:CatalogRecord`, the shape moisson writes: `dct:isPartOf` a `dcat:Catalog`
 * (`dct:title`, `foaf:homepage` or its IRI), `dct:identifier`, `foaf:page`, `dct:issued` (when
 * that catalogue got it), `dct:modified`, `dct:conformsTo` (its protocol's standard), publisher
 * by `prov:qualifiedAttribution`.
 */
function recordHop(graph: RecordGraph, record: NodeTerm): ProvenanceHop {
  const recordUrl = graph.urls(record, foaf.page, dcat.landingPage)[0] ?? (record.kind === 'iri' && isHttp(record.value) ? record.value : undefined);
  const hop: ProvenanceHop = { catalog: {} };
  const catalogNode = graph.nodes(record, dct.isPartOf)[0];
  const catalogUrl = catalogNode ? (graph.urls(catalogNode, foaf.homepage)[0] ?? (catalogNode.kind === 'iri' ? catalogNode.value : undefined)) : originOf(recordUrl);
  const catalogTitle = catalogNode ? pickText(graph.texts(catalogNode, dct.title)) : undefined;
  if (catalogTitle) hop.catalog.title = catalogTitle;
  if (catalogUrl) hop.catalog.url = catalogUrl;
  const recordId = graph.value(record, dct.identifier) ?? (record.kind === 'iri' ? record.value : undefined);
  if (recordId) hop.recordId = recordId;
  if (recordUrl) hop.recordUrl = recordUrl;
  const publisher = recordPublisher(graph, record);
  if (publisher) hop.publisher = publisher;
  const harvested = dateOf(graph.objects(record, dct.issued));
  if (harvested) hop.harvestedAt = harvested;
  const modified = dateOf(graph.objects(record, dct.modified));
  if (modified) hop.modified = modified;
  const conformsTo = graph.urls(record, dct.conformsTo).concat(graph.texts(record, dct.conformsTo).map((t) => t.value));
  const protocol = conformsTo.map(protocolOfStandard).find((p) => p !== undefined);
  if (protocol) hop.protocol = protocol;
  return hop;
}

/** `dct:source` of a catalogue record, followed upstream (origin first in the returned list). */
function upstreamHops(graph: RecordGraph, record: NodeTerm): ProvenanceHop[] {
  const hops: ProvenanceHop[] = [];
  const seen = new Set<string>();
  let current: NodeTerm | undefined = graph.nodes(record, dct.source)[0];
  while (current && hops.length < 10 && !seen.has(current.value)) {
    seen.add(current.value);
    hops.push(recordHop(graph, current));
    current = graph.nodes(current, dct.source)[0];
  }
  return hops.reverse();
}

/**
 * The source's own record as a hop, when it names the catalogue it is part of (moisson does):
 * that catalogue is a hop of its own (its public URL, title, record id), unless it is the very
 * URL harvested, which the source hop already says.
 */
function ownRecordHop(graph: RecordGraph, record: NodeTerm, sourceUrl: string): ProvenanceHop | undefined {
  if (graph.nodes(record, dct.isPartOf).length === 0) return undefined;
  const hop = recordHop(graph, record);
  if (!hop.catalog.url && !hop.catalog.title) return undefined;
  if (hop.catalog.url && canonicalCatalogUrl(hop.catalog.url) === canonicalCatalogUrl(sourceUrl)) return undefined;
  return hop;
}

/** The catalogues listing the dataset that are themselves part of another (ckanext-dcat `expose_subcatalogs`). */
function subCatalogHop(graph: RecordGraph, root: NodeTerm): ProvenanceHop | undefined {
  const listing = [...graph.subjectsPointingTo(root, dcat.dataset), ...graph.nodes(root, dct.isPartOf)];
  for (const catalog of listing) {
    const isPart =
      graph.subjectsPointingTo(catalog, dct.hasPart).length > 0 ||
      graph.subjectsPointingTo(catalog, dcat.catalog).length > 0 ||
      graph.nodes(catalog, dct.isPartOf).length > 0;
    if (!isPart || !graph.describes(catalog)) continue;
    const hop: ProvenanceHop = { catalog: {} };
    const title = pickText(graph.texts(catalog, dct.title));
    if (title) hop.catalog.title = title;
    const url = graph.urls(catalog, foaf.homepage)[0] ?? (catalog.kind === 'iri' ? catalog.value : undefined);
    if (url) hop.catalog.url = url;
    const publisherTerm = graph.objects(catalog, dct.publisher)[0];
    const publisher = publisherTerm ? readAgent(graph, publisherTerm) : undefined;
    if (publisher) hop.publisher = publisher;
    const recordId = graph.value(root, dct.identifier) ?? (root.kind === 'iri' ? root.value : undefined);
    if (recordId) hop.recordId = recordId;
    const modified = dateOf(graph.objects(catalog, dct.modified));
    if (modified) hop.modified = modified;
    return hop;
  }
  return undefined;
}

/** `prov:wasDerivedFrom`: the records or datasets this one was made from. */
function derivedFromHops(graph: RecordGraph, root: NodeTerm): ProvenanceHop[] {
  return graph.objects(root, prov.wasDerivedFrom).flatMap((o): ProvenanceHop[] => {
    if (o.kind === 'literal') return isHttp(o.value.trim()) ? [{ catalog: { url: originOf(o.value.trim()) }, recordUrl: o.value.trim(), recordId: o.value.trim() }] : [];
    const recordUrl = o.kind === 'iri' ? o.value : graph.urls(o, foaf.page, dcat.landingPage)[0];
    const hop: ProvenanceHop = { catalog: {} };
    const url = originOf(recordUrl);
    if (url) hop.catalog.url = url;
    const title = pickText(graph.texts(o, dct.title));
    if (title && o.kind === 'bnode') hop.catalog.title = title;
    const recordId = graph.value(o, dct.identifier) ?? recordUrl;
    if (recordId) hop.recordId = recordId;
    if (recordUrl) hop.recordUrl = recordUrl;
    const modified = dateOf(graph.objects(o, dct.modified));
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
  // Without an adms:identifier there is no local copy to find: skip parsing the URLs.
  const identifiers = graph.nodes(root, adms.identifier);
  if (identifiers.length === 0) return undefined;
  const sourceHost = sourceHostOf(sourceUrl);
  const landingPage = graph.urls(root, dcat.landingPage)[0];
  const upstreamUrl = landingPage ?? root.value;
  if (!sourceHost || hostOf(upstreamUrl) === sourceHost || hostOf(root.value) === sourceHost) return undefined;
  const localCopy = identifiers.find((id) => hostOf(graph.value(id, skos.notation)) === sourceHost);
  if (!localCopy) return undefined;
  const hop: ProvenanceHop = { catalog: { url: originOf(upstreamUrl) }, recordUrl: upstreamUrl, recordId: graph.value(root, dct.identifier) ?? root.value };
  return hop;
}

/**
 * The hops before the source, origin first: `prov:wasDerivedFrom`, a re-exported upstream,
 * the `dct:source` chain of the catalogue record, the sub-catalogue the dataset is listed in.
 */
export function readChain(graph: RecordGraph, root: NodeTerm, sourceUrl: string): ProvenanceHop[] {
  const record = catalogRecordOf(graph, root);
  const upstream = record ? upstreamHops(graph, record) : [];
  const own = record ? ownRecordHop(graph, record, sourceUrl) : undefined;
  const sub = subCatalogHop(graph, root);
  const nearest = upstream[upstream.length - 1];
  const sameCatalog = (a: ProvenanceHop, b: ProvenanceHop) =>
    (!!a.catalog.url && !!b.catalog.url && canonicalCatalogUrl(a.catalog.url) === canonicalCatalogUrl(b.catalog.url)) ||
    (!!a.catalog.title && a.catalog.title === b.catalog.title);
  if (sub && nearest && !nearest.catalog.title) {
    // The sub-catalogue is where the upstream record lives: one hop, not two.
    nearest.catalog = { ...nearest.catalog, ...sub.catalog };
    if (sub.publisher) nearest.publisher = sub.publisher;
  }
  const hops = [
    ...derivedFromHops(graph, root),
    ...[reExportOriginHop(graph, root, sourceUrl)].filter((h): h is ProvenanceHop => !!h),
    ...upstream,
    ...(sub && !upstream.some((h) => sameCatalog(h, sub)) && !(own && sameCatalog(own, sub)) ? [sub] : []),
    ...(own ? [own] : []),
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
