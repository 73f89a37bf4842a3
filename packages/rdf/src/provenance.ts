import type { Identifier, ProvenanceHop } from '@moisson/core';
import { agent, role } from './agents.js';
import { dateLiteral, GraphBuilder, iri, iriAsGiven, namedNode, plain, textLiteral, type Subject } from './graph.js';

const literalEn = (value: string) => textLiteral({ value, lang: 'en' });
import { baseOf, catalogIri, changeType, recordIri, sourceCatalogIri, sourceHopIndex, upstreamOf, type CatalogEntry, type RdfOptions } from './entry.js';
import { identifier } from './values.js';
import { ADMS, ADMS_CHANGE_TYPE, DCAT, DCAT_AP_3, DCT, FOAF, PROTOCOL_STANDARDS, PROV, SKOS } from './vocab.js';

/**
 * A `dcat:Catalog` known only by name and URL (a source, or a catalogue in a chain). Its title
 * stands in for the mandatory description, and its publisher, which no chain records, is the
 * agent the catalogue is named after: what a reader of the chain can honestly be told.
 */
export function namedCatalog(g: GraphBuilder, node: Subject, title: string | undefined, url: string | undefined): void {
  const name = title?.trim() || (url ? hostOf(url) : undefined);
  if (!name) return;
  g.once(node, () => {
    g.type(node, DCAT('Catalog'));
    g.add(node, DCT('title'), plain(name));
    g.add(node, DCT('description'), plain(name));
    const homepage = iriAsGiven(url);
    // A catalogue named by its own URL needs no homepage link to itself.
    if (homepage && homepage.value !== node.value) {
      g.add(node, FOAF('homepage'), homepage);
      g.type(homepage, FOAF('Document'));
    }
    const publisher = agent(g, { name: [{ value: name }], homepage: homepage?.value });
    g.add(node, DCT('publisher'), publisher);
  }, 'catalog');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function standardOf(g: GraphBuilder, protocol: string | undefined): Subject | undefined {
  const standard = protocol ? iri(PROTOCOL_STANDARDS[protocol.toLowerCase()]) : undefined;
  if (standard) g.once(standard, () => g.type(standard, DCT('Standard')), 'standard');
  return standard;
}

/**
 * One upstream `dcat:CatalogRecord`: the record a catalogue of the chain held. `dct:modified`
 * is mandatory; when the catalogue did not say, the latest date we know it existed by (its
 * harvest, the next hop's harvest, our own last change) stands in.
 */
function hopRecord(g: GraphBuilder, hop: ProvenanceHop, dataset: Subject, catalog: Subject | undefined, modifiedFallback: string): Subject {
  const node = g.blank();
  g.type(node, DCAT('CatalogRecord'));
  g.add(node, FOAF('primaryTopic'), dataset);
  if (hop.recordId) g.add(node, DCT('identifier'), plain(hop.recordId));
  g.link(node, FOAF('page'), hop.recordUrl);
  g.add(node, DCT('issued'), dateLiteral(hop.harvestedAt));
  g.add(node, DCT('modified'), dateLiteral(hop.modified) ?? dateLiteral(hop.harvestedAt) ?? dateLiteral(modifiedFallback));
  g.add(node, DCT('conformsTo'), standardOf(g, hop.protocol));
  g.add(node, DCT('isPartOf'), catalog);
  const publisher = agent(g, hop.publisher);
  if (publisher) {
    // Who published the dataset according to this catalogue (hops disagree more often than one thinks).
    const attribution = g.blank();
    g.add(node, PROV('qualifiedAttribution'), attribution);
    g.type(attribution, PROV('Attribution'));
    g.add(attribution, PROV('agent'), publisher);
    g.add(attribution, DCAT('hadRole'), role(g, 'publisher'));
  }
  return node;
}

function hopCatalog(g: GraphBuilder, hop: ProvenanceHop, isSource: boolean, entry: CatalogEntry, options: RdfOptions): Subject | undefined {
  if (isSource) {
    const node = namedNode(sourceCatalogIri(options, entry.source.id));
    namedCatalog(g, node, entry.source.name, entry.source.url);
    return node;
  }
  if (!hop.catalog.title && !hop.catalog.url) return undefined;
  const node = iriAsGiven(hop.catalog.url) ?? g.blank();
  namedCatalog(g, node, hop.catalog.title, hop.catalog.url);
  return node;
}

function link(g: GraphBuilder, from: Subject, to: Subject): void {
  g.add(from, DCT('source'), to);
  g.add(from, PROV('wasDerivedFrom'), to);
}

/** Every identifier known for the dataset, each once: its own, the ones the chain's records had, our record's. */
function knownIdentifiers(entry: CatalogEntry, hops: readonly ProvenanceHop[], ourRecord: string): Identifier[] {
  const all: Identifier[] = [
    ...(entry.dataset.uri ? [{ notation: entry.dataset.uri, scheme: 'url' }] : []),
    ...entry.dataset.identifiers.map((notation) => ({ notation })),
    ...entry.dataset.otherIdentifiers,
    ...hops.filter((h) => h.recordId).map((h) => ({ notation: h.recordId!, creator: h.catalog.url ?? h.catalog.title })),
    { notation: ourRecord, scheme: 'url' },
  ];
  const seen = new Set<string>();
  return all.filter((id) => {
    const key = `${id.notation}\u0000${id.creator ?? ''}`;
    if (!id.notation.trim() || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * moisson's `dcat:CatalogRecord` for the entry and, through `dct:source`, the record of every
 * catalogue before it, down to the producer's, so a portal harvesting moisson keeps the chain.
 */
export function writeProvenance(g: GraphBuilder, entry: CatalogEntry, dataset: Subject, options: RdfOptions): Subject {
  const record = namedNode(recordIri(options, entry.id));
  g.type(record, DCAT('CatalogRecord'));
  g.add(record, FOAF('primaryTopic'), dataset);
  g.add(record, DCT('issued'), dateLiteral(entry.firstSeen));
  g.add(record, DCT('modified'), dateLiteral(entry.lastChanged));
  g.add(record, DCT('conformsTo'), standardOf(g, 'moisson') ?? namedNode(DCAT_AP_3));
  const status = changeType(entry);
  if (status) {
    const change = namedNode(ADMS_CHANGE_TYPE + status);
    g.add(record, ADMS('status'), change);
    g.once(change, () => {
      g.type(change, SKOS('Concept'));
      g.add(change, SKOS('prefLabel'), literalEn(status));
    }, 'concept');
  }

  // Our own hop in the same shape as every upstream one: a reader of this record keeps moisson
  // as one more hop (title, URL, record id and page), and can see itself in it when it loops.
  const own = entry.chain.at(-1)?.role === 'moisson' ? entry.chain.at(-1) : undefined;
  if (own?.recordId) g.add(record, DCT('identifier'), plain(own.recordId));
  g.link(record, FOAF('page'), own?.recordUrl);
  const catalog = namedNode(catalogIri(options));
  namedCatalog(g, catalog, options.catalogTitle ?? own?.catalog.title, own?.catalog.url ?? baseOf(options));
  g.add(record, DCT('isPartOf'), catalog);

  const hops = upstreamOf(entry);
  for (const id of knownIdentifiers(entry, hops, record.value)) identifier(g, record, id);

  const sourceIndex = sourceHopIndex(hops, entry.source);
  let upstream: Subject | undefined;
  hops.forEach((hop, index) => {
    const later = hops[index + 1]?.harvestedAt ?? entry.lastChanged;
    const catalog = hopCatalog(g, hop, index === sourceIndex, entry, options);
    const node = hopRecord(g, hop, dataset, catalog, later);
    if (upstream) link(g, node, upstream);
    upstream = node;
  });
  if (upstream) link(g, record, upstream);
  return record;
}
