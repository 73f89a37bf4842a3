import type { ResourceKind } from '@moisson/core';
import { isHydraTriple } from './hydra.js';
import { dcat, dct, foaf, RDF_TYPE, RECORD_CLASSES } from './ns.js';
import { isNode, termKey, type NodeTerm, type Term, type Triple } from './terms.js';

/** One dataset (or series, or data service) with everything it references: a record. */
export interface GroupedRecord {
  subject: NodeTerm;
  kind: ResourceKind;
  triples: Triple[];
}

interface NodeEntry {
  triples: Triple[];
  /** Position of the last triple with this node as subject. */
  described: number;
  /** Position of the last triple with this node as object. */
  referenced: number;
  /** Position of the last triple with this node as subject, a repeat included. */
  lastSeen: number;
  /** Position of the first triple with this node as subject. */
  first: number;
  /** How many of `triples` came before the node's current block of description (a repeat of one is dropped). */
  known: number;
}

/** Catalogue → member edges: kept as an index, not as triples (a catalogue lists every dataset). */
const MEMBERSHIP = new Set([dcat.dataset, dcat.record, dcat.service]);
const SUB_CATALOG = new Set([dct.hasPart, dcat.catalog]);
const STUB_REFERENCES = new Set([dcat.servesDataset, dct.hasPart]);
const KIND_RANK: Record<ResourceKind, number> = { Dataset: 0, DataService: 1, DatasetSeries: 2 };
/** A closure larger than this is a graph where everything links to everything: cut it. */
const MAX_CLOSURE = 50_000;
/** How far before a record's first triple its own blank nodes may be written (and still count as its). */
const NEAR = 1_000;

/**
 * Groups a stream of triples into records, with bounded memory.
 *
 * A record is a `dcat:Dataset` / `DatasetSeries` / `DataService` subject with the nodes it
 * reaches (distributions, agents, locations, blank nodes…, stopping at other records and at
 * catalogues), the `dcat:CatalogRecord`s whose `foaf:primaryTopic` it is, and the catalogues
 * that list it (with the `dct:hasPart` edge naming their parent, for sub-catalogues).
 *
 * Streaming rule (a sliding window, not the whole graph): a record is complete once the parser
 * has read `window` triples without describing any node of it; nodes nobody pending needs are
 * dropped once they are `window` triples old. Serialisers write a dataset's description
 * together (RDF/XML nests it, Turtle writers group by subject), so a window of a few hundred
 * thousand triples is exact in practice; a description scattered further than that is split,
 * and a page document smaller than the window is always exact.
 */
export class DatasetGrouper {
  private position = 0;
  private lastSweep = 0;
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly roots = new Map<string, { term: NodeTerm; kind: ResourceKind }>();
  private readonly catalogs = new Set<string>();
  private readonly catalogRefs = new Set<string>();
  private readonly listedBy = new Map<string, string[]>();
  private readonly recordsOf = new Map<string, string[]>();
  private readonly partRefs = new Set<string>();
  /** Hydra paging triples, kept apart from the data. */
  readonly hydra: Triple[] = [];
  /** Datasets skipped as stubs (only referenced by `dcat:servesDataset` / `dct:hasPart`, no title). */
  stubsSkipped = 0;
  /**
   * The subject of the last triple, its key and entry: parsers hand out a node's triples in a
   * run sharing one subject term, so most triples need neither a key string nor a map lookup.
   */
  private lastSubject: NodeTerm | undefined;
  private lastKey = '';
  private lastEntry: NodeEntry | undefined;
  /** Which predicates of this document are Hydra's (see `isHydraTriple`). */
  private readonly hydraPredicates = new Map<string, boolean>();

  constructor(private readonly window: number) {}

  /** Triples read so far. */
  get triplesRead(): number {
    return this.position;
  }

  add(t: Triple): void {
    this.position++;
    if (isHydraTriple(t, this.hydraPredicates)) {
      this.hydra.push(t);
      return;
    }
    let s: string;
    let entry: NodeEntry | undefined;
    if (t.s === this.lastSubject) {
      s = this.lastKey;
      entry = this.lastEntry;
    } else {
      s = termKey(t.s);
      entry = this.nodes.get(s);
      this.lastSubject = t.s;
      this.lastKey = s;
      this.lastEntry = entry;
    }
    if (MEMBERSHIP.has(t.p) && isNode(t.o)) {
      this.catalogs.add(s);
      if (t.p === dcat.dataset) push(this.listedBy, termKey(t.o), s);
      return;
    }
    if (t.p === RDF_TYPE && t.o.kind === 'iri') {
      const kind = RECORD_CLASSES.get(t.o.value);
      if (kind) {
        const known = this.roots.get(s);
        if (!known || KIND_RANK[kind] > KIND_RANK[known.kind]) this.roots.set(s, { term: t.s, kind });
      } else if (t.o.value === dcat.Catalog) this.catalogs.add(s);
    }
    if (isNode(t.o)) {
      const o = termKey(t.o);
      if (t.p === foaf.primaryTopic) push(this.recordsOf, o, s);
      if (STUB_REFERENCES.has(t.p)) this.partRefs.add(o);
      if (this.catalogs.has(s)) this.catalogRefs.add(o);
      const target = this.nodes.get(o);
      if (target) target.referenced = this.position;
    }
    if (!entry) {
      this.lastEntry = { triples: [t], described: this.position, referenced: 0, lastSeen: this.position, known: 0, first: this.position };
      this.nodes.set(s, this.lastEntry);
      return;
    }
    // A node described again in a later block (udata writes a publisher after each of its
    // datasets): a triple it already has adds nothing, and must not count as describing it,
    // or every record reaching that node would stay pending as long as the node keeps coming back.
    if (entry.lastSeen !== this.position - 1) entry.known = entry.triples.length;
    entry.lastSeen = this.position;
    if (entry.known > 0 && repeats(entry.triples, entry.known, t)) return;
    entry.triples.push(t);
    entry.described = this.position;
  }

  /** Records complete so far (call after each batch of triples). */
  ready(): GroupedRecord[] {
    if (this.position - this.lastSweep < this.window / 4) return [];
    this.lastSweep = this.position;
    return this.collect(false);
  }

  /** Every record left, at the end of the document. */
  finish(): GroupedRecord[] {
    return this.collect(true);
  }

  private collect(final: boolean): GroupedRecord[] {
    const horizon = this.position - this.window;
    const out: GroupedRecord[] = [];
    const keep = new Set<string>();
    for (const [key, root] of this.roots) {
      const rootEntry = this.nodes.get(key);
      if (!final && (rootEntry?.described ?? 0) >= horizon) {
        // Not ready. Its nodes were last referenced by its own triples, after the horizon, and the
        // sweep keeps them; unless the horizon cuts through the record (or its blank nodes were
        // written just before it): then a blank node described and named before the horizon would
        // be swept while the record waits, and the record would leave without it.
        if (rootEntry && rootEntry.first < horizon + NEAR) for (const n of this.closure(key).nodes) keep.add(n);
        continue;
      }
      const { triples, nodes, lastDescribed, catalogs } = this.closure(key);
      if (!final && lastDescribed >= horizon) {
        for (const n of nodes) keep.add(n);
        continue;
      }
      const stub = this.isStub(key);
      if (!stub) out.push({ subject: root.term, kind: root.kind, triples: [...triples, ...this.catalogContext(key, root.term, catalogs)] });
      else this.stubsSkipped++;
      this.roots.delete(key);
      this.listedBy.delete(key);
      this.recordsOf.delete(key);
    }
    if (!final) this.sweep(horizon, keep);
    return out;
  }

  private isStub(key: string): boolean {
    if (!this.partRefs.has(key)) return false;
    const entry = this.nodes.get(key);
    return !entry?.triples.some((t) => t.p === dct.title);
  }

  private closure(rootKey: string): { triples: Triple[]; nodes: string[]; lastDescribed: number; catalogs: Set<string> } {
    const triples: Triple[] = [];
    const catalogs = new Set<string>();
    const visited = new Set<string>([rootKey]);
    const queue = [rootKey, ...(this.recordsOf.get(rootKey) ?? [])];
    for (const r of queue) visited.add(r);
    let lastDescribed = 0;
    while (queue.length > 0 && triples.length < MAX_CLOSURE) {
      const key = queue.pop() as string;
      const entry = this.nodes.get(key);
      if (!entry) continue;
      lastDescribed = Math.max(lastDescribed, entry.described);
      for (const t of entry.triples) {
        triples.push(t);
        if (!isNode(t.o)) continue;
        const o = termKey(t.o);
        // Named catalogues come with catalogContext(); a blank-node one (a record's dct:source
        // dct:isPartOf [ a dcat:Catalog ]) belongs to this record alone.
        if (t.p === dcat.accessService && this.roots.has(o) && !visited.has(o)) {
          // A distribution's access service is a record of its own: bring its description, not its closure.
          visited.add(o);
          triples.push(...(this.nodes.get(o)?.triples ?? []));
          continue;
        }
        if (t.p === dct.isPartOf && t.o.kind === 'iri' && this.catalogs.has(o) && !catalogs.has(o)) {
          // The catalogue a record belongs to (a hop of the chain): its own description (title,
          // homepage), not what it lists.
          catalogs.add(o);
          triples.push(...this.ownTriples(o));
          continue;
        }
        if (visited.has(o) || this.roots.has(o) || (t.o.kind === 'iri' && this.catalogs.has(o)) || !this.nodes.has(o)) continue;
        visited.add(o);
        queue.push(o);
      }
    }
    return { triples, nodes: [...visited], lastDescribed, catalogs };
  }

  /** A catalogue's own triples, without the edges to its sub-catalogues. */
  private ownTriples(catalog: string): Triple[] {
    return (this.nodes.get(catalog)?.triples ?? []).filter((t) => !SUB_CATALOG.has(t.p));
  }

  /** The catalogues listing the record, their description, and the parents naming them as parts. */
  private catalogContext(rootKey: string, rootTerm: NodeTerm, described: Set<string>): Triple[] {
    const rootEntry = this.nodes.get(rootKey);
    const listing = new Set(this.listedBy.get(rootKey) ?? []);
    for (const t of rootEntry?.triples ?? []) if (t.p === dct.isPartOf && isNode(t.o) && this.catalogs.has(termKey(t.o))) listing.add(termKey(t.o));
    const out: Triple[] = [];
    for (const catalog of listing) {
      const entry = this.nodes.get(catalog);
      const subject = catalogTerm(catalog);
      out.push({ s: subject, p: dcat.dataset, o: rootTerm });
      if (!entry) continue;
      if (!described.has(catalog)) out.push(...this.ownTriples(catalog));
      described.add(catalog);
      out.push(...this.describedBy(entry.triples));
      for (const parent of this.catalogs) {
        const parentEntry = this.nodes.get(parent);
        const edge = parentEntry?.triples.find((t) => SUB_CATALOG.has(t.p) && isNode(t.o) && termKey(t.o) === catalog);
        if (!parentEntry || !edge) continue;
        out.push(edge);
        if (!described.has(parent)) out.push(...this.ownTriples(parent));
        described.add(parent);
      }
    }
    return out;
  }

  /** Triples of the non-catalogue nodes a catalogue's own triples reach (its publisher…), one level deep. */
  private describedBy(triples: readonly Triple[]): Triple[] {
    const out: Triple[] = [];
    for (const t of triples) {
      if (!isNode(t.o) || SUB_CATALOG.has(t.p)) continue;
      const key = termKey(t.o);
      if (this.catalogs.has(key) || this.roots.has(key)) continue;
      out.push(...(this.nodes.get(key)?.triples ?? []));
    }
    return out;
  }

  private sweep(horizon: number, keep: Set<string>): void {
    this.lastSubject = undefined;
    this.lastEntry = undefined;
    for (const [key, entry] of this.nodes) {
      if (Math.max(entry.described, entry.referenced) >= horizon) continue;
      if (keep.has(key) || this.roots.has(key) || this.catalogs.has(key) || this.catalogRefs.has(key)) continue;
      this.nodes.delete(key);
    }
  }
}

/** Whether one of the first `count` triples (same subject) has the predicate and object of `t`. */
function repeats(triples: readonly Triple[], count: number, t: Triple): boolean {
  for (let i = 0; i < count; i++) {
    const u = triples[i]!;
    if (u.p === t.p && sameTerm(u.o, t.o)) return true;
  }
  return false;
}

function sameTerm(a: Term, b: Term): boolean {
  if (a.kind !== b.kind || a.value !== b.value) return false;
  return a.kind !== 'literal' || b.kind !== 'literal' || (a.lang === b.lang && a.datatype === b.datatype);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

function catalogTerm(key: string): NodeTerm {
  return key.startsWith('_:') ? { kind: 'bnode', value: key.slice(2) } : { kind: 'iri', value: key };
}
