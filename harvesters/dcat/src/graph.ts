import type { Text } from '@moisson/core';
import { RDF_TYPE } from './ns.js';
import { isNode, type LiteralTerm, type NodeTerm, type Term, type Triple } from './terms.js';

const NONE = Object.freeze([]) as unknown as Term[];

type Index<V> = { iri: Map<string, V>; bnode: Map<string, V> };

/**
 * Read access to the triples of one record, by subject and predicate. Nodes are looked up by
 * kind then value (no key string is built per lookup: normalising a record makes hundreds).
 */
export class RecordGraph {
  private readonly bySubject: Index<Map<string, Term[]>> = { iri: new Map(), bnode: new Map() };

  constructor(readonly triples: readonly Triple[]) {
    // A node's triples come in runs sharing one subject term: one subject lookup per run.
    let subject: NodeTerm | undefined;
    let props = new Map<string, Term[]>();
    for (const t of triples) {
      if (t.s !== subject) {
        subject = t.s;
        const subjects = this.bySubject[t.s.kind];
        const known = subjects.get(t.s.value);
        if (known) props = known;
        else subjects.set(t.s.value, (props = new Map()));
      }
      const values = props.get(t.p);
      if (values) values.push(t.o);
      else props.set(t.p, [t.o]);
    }
  }

  /** Whether the graph says anything about this node. */
  describes(node: NodeTerm): boolean {
    return this.bySubject[node.kind].has(node.value);
  }

  objects(node: NodeTerm, predicate: string): Term[] {
    const subjects = node.kind === 'iri' ? this.bySubject.iri : this.bySubject.bnode;
    return subjects.get(node.value)?.get(predicate) ?? NONE;
  }

  /** Objects of the first predicate that has any. */
  objectsOfFirst(node: NodeTerm, predicates: readonly string[]): Term[] {
    for (const p of predicates) {
      const values = this.objects(node, p);
      if (values.length > 0) return values;
    }
    return [];
  }

  nodes(node: NodeTerm, predicate: string): NodeTerm[] {
    return this.objects(node, predicate).filter(isNode);
  }

  literals(node: NodeTerm, predicate: string): LiteralTerm[] {
    return this.objects(node, predicate).filter((o): o is LiteralTerm => o.kind === 'literal');
  }

  /** Literal values with their language tags, trimmed, empties and duplicates dropped. */
  texts(node: NodeTerm, ...predicates: string[]): Text[] {
    const out: Text[] = [];
    // The tag as written of each value kept: a duplicate has the same value and tag. A node has
    // a handful of values, so a scan is cheaper than a set of key strings.
    const tags: Array<string | undefined> = [];
    for (const p of predicates) {
      for (const l of this.objects(node, p)) {
        if (l.kind !== 'literal') continue;
        const value = l.value.trim();
        if (!value || isRepeat(out, tags, value, l.lang ?? '')) continue;
        tags.push(l.lang ?? '');
        out.push(l.lang ? { value, lang: l.lang.toLowerCase() } : { value });
      }
    }
    return out;
  }

  /** The first literal value (trimmed, non-empty) of the first predicate that has one. */
  value(node: NodeTerm, ...predicates: string[]): string | undefined {
    for (const p of predicates) {
      for (const o of this.objects(node, p)) {
        if (o.kind === 'literal' && o.value.trim()) return o.value.trim();
      }
    }
    return undefined;
  }

  /**
   * IRIs of a property, including literals holding an absolute URL (udata and ckanext-dcat
   * JSON-LD write `landingPage`, `accessURL` as plain strings).
   */
  urls(node: NodeTerm, ...predicates: string[]): string[] {
    const out: string[] = [];
    for (const p of predicates) {
      for (const o of this.objects(node, p)) {
        const v = o.value.trim();
        if (o.kind === 'iri' || (o.kind === 'literal' && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v))) {
          if (!out.includes(v)) out.push(v);
        }
      }
    }
    return out;
  }

  types(node: NodeTerm): string[] {
    return this.objects(node, RDF_TYPE).map((o) => o.value);
  }

  /**
   * Subjects with `predicate` pointing at `node`. A scan: normalising asks this a few times per
   * record, and an index of every object cost more to build than the scans.
   */
  subjectsPointingTo(node: NodeTerm, predicate: string): NodeTerm[] {
    const out: NodeTerm[] = [];
    for (const t of this.triples) if (t.p === predicate && t.o.kind === node.kind && t.o.value === node.value) out.push(t.s);
    return out;
  }

  /** Every subject of a given type. */
  subjectsOfType(type: string): NodeTerm[] {
    return this.subjectsPointingTo({ kind: 'iri', value: type }, RDF_TYPE);
  }
}

function isRepeat(kept: readonly Text[], tags: ReadonlyArray<string | undefined>, value: string, tag: string): boolean {
  for (let i = 0; i < kept.length; i++) if (tags[i] === tag && kept[i]!.value === value) return true;
  return false;
}
