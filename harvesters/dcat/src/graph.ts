import type { Text } from '@moisson/core';
import { RDF_TYPE } from './ns.js';
import { isNode, type LiteralTerm, type NodeTerm, type Term, type Triple } from './terms.js';

const NONE = Object.freeze([]) as unknown as Term[];
const NONE_IN = Object.freeze([]) as unknown as Triple[];

type Index<V> = { iri: Map<string, V>; bnode: Map<string, V> };

/**
 * Read access to the triples of one record, by subject and predicate. Nodes are looked up by
 * kind then value (no key string is built per lookup: normalising a record makes hundreds).
 */
export class RecordGraph {
  private readonly bySubject: Index<Map<string, Term[]>> = { iri: new Map(), bnode: new Map() };
  private readonly byObject: Index<Triple[]> = { iri: new Map(), bnode: new Map() };

  constructor(readonly triples: readonly Triple[]) {
    for (const t of triples) {
      const subjects = this.bySubject[t.s.kind];
      let props = subjects.get(t.s.value);
      if (!props) subjects.set(t.s.value, (props = new Map()));
      const values = props.get(t.p);
      if (values) values.push(t.o);
      else props.set(t.p, [t.o]);
      if (t.o.kind !== 'literal') {
        const objects = this.byObject[t.o.kind];
        const incoming = objects.get(t.o.value);
        if (incoming) incoming.push(t);
        else objects.set(t.o.value, [t]);
      }
    }
  }

  /** Whether the graph says anything about this node. */
  describes(node: NodeTerm): boolean {
    return this.bySubject[node.kind].has(node.value);
  }

  objects(node: NodeTerm, predicate: string): Term[] {
    return this.bySubject[node.kind].get(node.value)?.get(predicate) ?? NONE;
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
    const seen = new Set<string>();
    for (const p of predicates) {
      for (const l of this.literals(node, p)) {
        const value = l.value.trim();
        const key = `${l.lang ?? ''}\u0000${value}`;
        if (!value || seen.has(key)) continue;
        seen.add(key);
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

  /** Subjects with `predicate` pointing at `node`. */
  subjectsPointingTo(node: NodeTerm, predicate: string): NodeTerm[] {
    return (this.byObject[node.kind].get(node.value) ?? NONE_IN).filter((t) => t.p === predicate).map((t) => t.s);
  }

  /** Every subject of a given type. */
  subjectsOfType(type: string): NodeTerm[] {
    return (this.byObject.iri.get(type) ?? NONE_IN).filter((t) => t.p === RDF_TYPE).map((t) => t.s);
  }
}
