import { HYDRA, hydra, RDF_TYPE } from './ns.js';
import { termKey, type Triple } from './terms.js';

export interface HydraPaging {
  /** The absolute URL of the next page, or null on the last page. */
  next: string | null;
  /** `hydra:totalItems` of the collection, when given. */
  total?: number;
}

const VIEW_TYPES = new Set([hydra.PartialCollectionView, hydra.PagedCollection]);
const NEXT = [hydra.next, hydra.nextPage];

/** Predicates classified at most in one `predicates` table (a document of unique predicates only loses its speed). */
const MAX_PREDICATES = 1_000;

/**
 * Whether a triple is Hydra paging metadata (kept apart from the catalogue's data). `predicates`
 * remembers which predicates are Hydra's: a document uses a few dozen over and over, and looking
 * one up costs a seventh of the prefix test.
 */
export function isHydraTriple(t: Triple, predicates?: Map<string, boolean>): boolean {
  let hydraPredicate = predicates?.get(t.p);
  if (hydraPredicate === undefined) {
    hydraPredicate = t.p.startsWith(HYDRA);
    if (predicates) {
      if (predicates.size >= MAX_PREDICATES) predicates.clear();
      predicates.set(t.p, hydraPredicate);
    }
  }
  return hydraPredicate || (t.p === RDF_TYPE && t.o.kind === 'iri' && t.o.value.startsWith(HYDRA));
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/**
 * The next page of a Hydra-paged DCAT document: `hydra:PartialCollectionView` / `hydra:next`
 * (udata, DCAT-AP feeds) and the legacy `hydra:PagedCollection` / `hydra:nextPage` (ckanext-dcat,
 * which writes the links as literals). Relative links are resolved against the page URL.
 * When several views are present, the one describing this page wins.
 */
export function nextHydraPage(triples: readonly Triple[], pageUrl: string): HydraPaging {
  const views = new Set<string>();
  for (const t of triples) {
    if (t.p === RDF_TYPE && t.o.kind === 'iri' && VIEW_TYPES.has(t.o.value)) views.add(termKey(t.s));
    if (t.p === hydra.view && t.o.kind !== 'literal') views.add(termKey(t.o));
  }
  const candidates: Array<{ view: string; link: string }> = [];
  let total: number | undefined;
  for (const t of triples) {
    if (t.p === hydra.totalItems && t.o.kind === 'literal') {
      const n = Number(t.o.value);
      if (Number.isInteger(n) && n >= 0) total = Math.max(total ?? 0, n);
    }
    if (!NEXT.includes(t.p)) continue;
    const view = termKey(t.s);
    // A next link on a node that is neither typed as a view nor reached by hydra:view is still
    // a next link (some servers omit the type); it only loses to a properly typed one.
    const link = t.o.value.trim();
    if (link) candidates.push({ view: views.has(view) ? view : `?${view}`, link });
  }
  const resolve = (link: string): string => {
    try {
      return new URL(link, pageUrl).href;
    } catch {
      return link; // the page guard reports it
    }
  };
  const ranked = [
    ...candidates.filter((c) => sameUrl(c.view, pageUrl)),
    ...candidates.filter((c) => !c.view.startsWith('?')),
    ...candidates,
  ];
  const next = ranked.length > 0 ? resolve(ranked[0]!.link) : null;
  return total === undefined ? { next } : { next, total };
}
