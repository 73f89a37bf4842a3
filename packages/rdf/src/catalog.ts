import type { Quad } from 'n3';
import type { Agent, Text } from '@moisson/core';
import { agentLink } from './agents.js';
import { catalogIri, sourceCatalogIri, type CatalogEntry, type RdfOptions } from './entry.js';
import { dateLiteral, GraphBuilder, iri, iriAsGiven, namedNode, typed, type Subject } from './graph.js';
import { namedCatalog } from './provenance.js';
import { writeEntry } from './to-quads.js';
import { DATA_THEME_SCHEME, DCAT, DCT, FOAF, HYDRA, SKOS, XSD } from './vocab.js';

/** Hydra paging of a catalogue page: absolute URLs of this page and its neighbours. */
export interface PageInfo {
  /** This page's URL (the `hydra:PartialCollectionView`). */
  current: string;
  first?: string;
  next?: string;
  previous?: string;
  last?: string;
  totalItems?: number;
  itemsPerPage?: number;
}

export interface CatalogPage {
  entries: CatalogEntry[];
  /** Every source, so a page lists each sub-catalogue even when none of its datasets are on it. */
  sources?: Array<CatalogEntry['source']>;
  page?: PageInfo;
  /** `dct:modified` of the catalogue (the last change of any dataset). */
  modified?: string;
}

export interface CatalogOptions extends RdfOptions {
  catalogDescription?: Text[];
  /** moisson's operator (`dct:publisher` of the catalogue is mandatory). */
  publisher?: Agent;
  /** `dct:language` of the catalogue (EU language NAL IRIs). */
  languages?: string[];
}

function describeCatalog(g: GraphBuilder, catalog: Subject, page: CatalogPage, options: CatalogOptions): void {
  const title = options.catalogTitle ?? 'moisson';
  g.type(catalog, DCAT('Catalog'));
  g.texts(catalog, DCT('title'), [{ value: title }]);
  const description = options.catalogDescription?.length
    ? options.catalogDescription
    : [{ value: `${title}: open-data and biodiversity catalogues federated into one DCAT-AP catalogue, with each dataset's source and harvest chain.`, lang: 'en' }];
  g.texts(catalog, DCT('description'), description);
  agentLink(g, catalog, DCT('publisher'), options.publisher ?? { name: [{ value: title }], homepage: options.publicUrl });
  const homepage = iriAsGiven(options.publicUrl);
  g.add(catalog, FOAF('homepage'), homepage);
  if (homepage) g.type(homepage, FOAF('Document'));
  for (const language of options.languages ?? []) {
    const node = g.link(catalog, DCT('language'), language);
    if (node) g.type(node, DCT('LinguisticSystem'));
  }
  g.add(catalog, DCT('modified'), dateLiteral(page.modified));
  const themes = namedNode(DATA_THEME_SCHEME);
  g.add(catalog, DCAT('themeTaxonomy'), themes);
  g.type(themes, SKOS('ConceptScheme'));
  g.texts(themes, DCT('title'), [{ value: 'Data theme', lang: 'en' }]);
}

function describePaging(g: GraphBuilder, catalog: Subject, page: PageInfo): void {
  const view = iri(page.current);
  if (!view) return;
  g.add(catalog, HYDRA('view'), view);
  g.type(view, HYDRA('PartialCollectionView'));
  g.link(view, HYDRA('first'), page.first);
  g.link(view, HYDRA('next'), page.next);
  g.link(view, HYDRA('previous'), page.previous);
  g.link(view, HYDRA('last'), page.last);
  if (page.totalItems !== undefined) g.add(view, HYDRA('totalItems'), typed(String(page.totalItems), XSD('integer')));
  if (page.itemsPerPage !== undefined) g.add(view, HYDRA('itemsPerPage'), typed(String(page.itemsPerPage), XSD('integer')));
}

/**
 * One page of moisson's catalogue: its `dcat:Catalog`, one sub-catalogue per source
 * (`dct:hasPart`, so which source carries a dataset survives the next harvest), every entry's
 * dataset and `dcat:CatalogRecord`, and Hydra paging.
 */
export function catalogToQuads(page: CatalogPage, options: CatalogOptions): Quad[] {
  const g = new GraphBuilder();
  const catalog = namedNode(catalogIri(options));
  // Marked described, so the records' `dct:isPartOf` to it adds nothing to its description.
  g.once(catalog, () => describeCatalog(g, catalog, page, options), 'catalog');
  const sources = new Map<string, CatalogEntry['source']>();
  for (const source of [...(page.sources ?? []), ...page.entries.map((e) => e.source)]) sources.set(source.id, source);
  for (const source of sources.values()) {
    const sub = namedNode(sourceCatalogIri(options, source.id));
    g.add(catalog, DCT('hasPart'), sub);
    namedCatalog(g, sub, source.name, source.url);
  }
  for (const entry of page.entries) {
    const { dataset, record, isService } = writeEntry(g, entry, options);
    const sub = namedNode(sourceCatalogIri(options, entry.source.id));
    const listing = isService ? DCAT('service') : DCAT('dataset');
    g.add(catalog, listing, dataset);
    g.add(catalog, DCAT('record'), record);
    g.add(sub, listing, dataset);
    g.add(sub, DCAT('record'), record);
  }
  if (page.page) describePaging(g, catalog, page.page);
  return g.quads;
}
