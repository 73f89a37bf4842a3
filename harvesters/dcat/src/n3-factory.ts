import { DataFactory } from 'n3';
import { RDF, VOCABULARY_TERMS, XSD } from './ns.js';
import type { NodeTerm, Triple } from './terms.js';

/*
 * A data factory for N3's parser that builds our plain terms and triples directly. With N3's own
 * factory every literal is stored as one `"value"@lang` / `"value"^^<dt>` id string that each
 * getter parses back, every quad is a class instance, and `tripleFromQuad` then copies it all
 * once more: about half of the Turtle parse went there.
 *
 * `termType` and `id` are the two members N3's parser reads from terms (an `@id` check and its
 * error messages); they sit on the prototype, so JSON and spreads see only `kind` and `value`.
 */

class Iri {
  readonly kind = 'iri' as const;
  constructor(readonly value: string) {}
  get termType(): string {
    return 'NamedNode';
  }
  get id(): string {
    return this.value;
  }
}

class Blank {
  readonly kind = 'bnode' as const;
  constructor(readonly value: string) {}
  get termType(): string {
    return 'BlankNode';
  }
  get id(): string {
    return `_:${this.value}`;
  }
}

class Literal {
  readonly kind = 'literal' as const;
  constructor(
    readonly value: string,
    readonly lang: string | undefined,
    readonly datatype: string | undefined,
  ) {}
  get termType(): string {
    return 'Literal';
  }
  get id(): string {
    return `"${this.value}"${this.lang ? `@${this.lang}` : this.datatype ? `^^${this.datatype}` : ''}`;
  }
}

/** A term N3 can produce that a triple of ours cannot hold (a variable, the default graph). */
class Other {
  readonly kind = 'other' as const;
  constructor(
    readonly termType: string,
    readonly value: string,
  ) {}
  get id(): string {
    return this.value;
  }
}

type FactoryTerm = Iri | Blank | Literal | Other | Triple | typeof DROPPED;

/** What `quad` returns for a statement we do not keep (a variable, a literal subject, a triple term as object). */
export const DROPPED = Object.freeze({ kind: 'dropped' as const });

const XSD_STRING = XSD + 'string';
const RDF_LANG_STRING = RDF + 'langString';
/** Predicate and datatype IRIs kept shared while parsing one document; cleared when full, so memory stays bounded. */
const MAX_SHARED = 10_000;
const RECENT_SLOTS = 256;

function isNode(term: FactoryTerm): term is Iri | Blank {
  return term instanceof Iri || term instanceof Blank;
}

/**
 * The table starts with the harvester's own vocabulary: a parsed predicate is then the very string
 * `normalise` compares it with, and a match is a pointer comparison.
 */
function vocabulary(): Map<string, string> {
  return new Map(VOCABULARY_TERMS.map((iri) => [iri, iri]));
}

/**
 * A factory for one document. Predicate and datatype IRIs are shared (one string each while the
 * table has room): a triple then holds no string of its own for them, and every later lookup by
 * predicate hits a string whose hash is already known. Subjects need no table (Turtle's `;`
 * reuses the term) and most other IRIs occur once.
 */
export function createTripleFactory() {
  let shared = vocabulary();
  // In front of the table, a small one indexed by the IRI's length and two of its characters: a
  // hit costs one string comparison, where the table must first hash the fresh string N3 cut out
  // of the document (N-Triples repeats every predicate in full on every line).
  const recent: string[] = new Array<string>(RECENT_SLOTS).fill('');
  const share = (iri: string): string => {
    const length = iri.length;
    const slot = (length * 7 + iri.charCodeAt(length - 1) * 3 + iri.charCodeAt(length >> 1)) & (RECENT_SLOTS - 1);
    const last = recent[slot] as string;
    if (last === iri) return last;
    let known = shared.get(iri);
    if (known === undefined) {
      if (shared.size >= MAX_SHARED) shared = vocabulary();
      // N3 hands out slices of its input chunk: a copy keeps no chunk alive in the table.
      known = iri.split('').join('');
      shared.set(known, known);
    }
    recent[slot] = known;
    return known;
  };
  const defaultGraph = new Other('DefaultGraph', '');
  // N-Triples repeats a subject on every line where Turtle's `;` reuses it: handing out the same
  // term again lets the grouper recognise a run of one subject by identity, and keeps one copy.
  let lastSubject: Iri | undefined;
  // The same for labelled blank nodes (`_:b1` on every line of its description, and on the line
  // that references it just before).
  let lastBlank: Blank | undefined;
  return {
    namedNode(iri: string): Iri {
      if (lastSubject !== undefined && lastSubject.value === iri) return lastSubject;
      return new Iri(iri);
    },
    // Unlabelled nodes take N3's own counter, so labels are the ones N3's factory gives.
    blankNode(name?: string): Blank {
      if (!name) return new Blank(DataFactory.blankNode().value);
      if (lastBlank !== undefined && lastBlank.value === name) return lastBlank;
      lastBlank = new Blank(name);
      return lastBlank;
    },
    literal(value: string, languageOrDatatype?: string | { language: string } | { value: string }): Literal {
      if (typeof languageOrDatatype === 'string') return new Literal(value, languageOrDatatype.toLowerCase(), undefined);
      if (languageOrDatatype === undefined) return new Literal(value, undefined, undefined);
      if ('language' in languageOrDatatype) return new Literal(value, languageOrDatatype.language.toLowerCase(), undefined);
      const datatype = share(languageOrDatatype.value);
      return new Literal(value, undefined, datatype === XSD_STRING || datatype === RDF_LANG_STRING || datatype === '' ? undefined : datatype);
    },
    variable(name: string): Other {
      return new Other('Variable', `?${name}`);
    },
    defaultGraph(): Other {
      return defaultGraph;
    },
    quad(subject: FactoryTerm, predicate: FactoryTerm, object: FactoryTerm): Triple | typeof DROPPED {
      if (!isNode(subject) || !(predicate instanceof Iri)) return DROPPED;
      if (!isNode(object) && !(object instanceof Literal)) return DROPPED;
      if (subject instanceof Iri) lastSubject = subject;
      return { s: subject as NodeTerm, p: share(predicate.value), o: object };
    },
  };
}
