/**
 * The full-text side of the in-memory search (issue 8): each row's `document` tsvector as the
 * lexemes it holds and what each would add to `ts_rank`, so a search with `q` is matched and ranked
 * here, exactly as `document @@ moisson_tsquery(q)` and `ts_rank(document, moisson_tsquery(q))`
 * give it (ts-rank.ts), instead of by a scan of the whole table.
 *
 * A forward index, one segment per row in one arena: the row's lexeme ids ascending, with a code
 * per lexeme into a table of rank terms (few distinct ones: they depend only on the weights of the
 * lexeme's positions), 5 bytes a lexeme of a row. A row changes by rewriting its segment. Postings
 * (lexeme → slots, 4 bytes a lexeme of a row) only propose candidates: never edited, a stale one
 * only costs a look, and they are rebuilt from the segments now and then. A query takes the
 * candidates of its lexemes (or every row, for a query a row without them may match: a NOT) and
 * binary-searches its few lexemes in each candidate's segment.
 */
import { compareCodePoints } from './facet-index.js';
import { addTerm, finishRank, lexemeTerm } from './ts-rank.js';
import { operandsOf, type QueryNode, type VectorLexeme } from './ts-text.js';

/** Queries of more distinct operands than this are left to SQL (one bit each in a mask). */
export const MAX_QUERY_OPERANDS = 24;

/** Whether a row matches: surely not, surely, or only PostgreSQL can tell (a phrase whose lexemes it all holds). */
export const NO = 0;
export const YES = 1;
export const MAYBE = 2;
type Truth = typeof NO | typeof YES | typeof MAYBE;

/** A query compiled against the index's lexemes: which rows match, and their rank. */
export interface CompiledQuery {
  /** The distinct operands' lexeme ids in tsrank.c's order (byte order), -1 for a lexeme no row has. */
  readonly ids: Int32Array;
  /** Whether a row holding exactly the operands of this bit mask matches. */
  readonly matches: (mask: number) => Truth;
  /**
   * The ids of the operands not under a NOT (an even number of them): when a row holding none of
   * the operands does not match, a row holding none of these does not either (adding a negated
   * lexeme can only turn a match off), so their postings hold every match.
   */
  readonly positive: Int32Array;
}

export class TextIndex {
  private readonly lexemeIds = new Map<string, number>();
  private readonly termCodes = new Map<number, number>();
  private readonly codesByWeights = new Map<number, number>();
  /** Code → rank term (ts-rank.ts `lexemeTerm`). */
  private terms = new Float64Array(256);
  /** Per slot, where its segment starts in the arena and how many lexemes it holds. */
  private start = new Int32Array(1024);
  private length = new Int32Array(1024);
  private lexemes = new Int32Array(1 << 16);
  /** Widened (8, 16, 32 bits) as the table of terms grows: a few hundred distinct ones in practice. */
  private codes: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(1 << 16);
  private end = 0;
  /** Arena entries no segment uses any more (rows rewritten or removed). */
  private garbage = 0;
  /**
   * Per lexeme id, the slots that held it when written: a superset, never edited when a row
   * changes (a candidate is matched on its segment, so a stale slot only costs a look). Built from
   * the segments in one array (`postingStart` → `postingSlots`, no object per lexeme), with the
   * slots written since in `recent`; rebuilt when those grow past a quarter of it.
   */
  private postingStart = new Int32Array(1);
  private postingSlots = new Int32Array(0);
  private recent = new Map<number, number[]>();
  private recentCount = 0;
  /** False until the postings are first built (a whole load builds them once, at its end). */
  private postingsBuilt = false;
  /** Per slot, the last query that took it as a candidate (to take each once). */
  private stamps = new Uint32Array(1024);
  private stamp = 0;

  /** Bytes held in typed arrays (the lexeme dictionary's strings not included). */
  get typedBytes(): number {
    return (
      this.terms.byteLength + this.start.byteLength + this.length.byteLength + this.lexemes.byteLength + this.codes.byteLength +
      this.stamps.byteLength + this.postingStart.byteLength + this.postingSlots.byteLength
    );
  }

  get lexemeCount(): number {
    return this.lexemeIds.size;
  }

  put(slot: number, vector: readonly VectorLexeme[]): void {
    this.remove(slot);
    if (slot >= this.start.length) this.growSlots(slot + 1);
    const entries = vector.map((v) => ({ id: this.lexemeId(v.lexeme), code: this.codeOf(v.weights) }));
    entries.sort((a, b) => a.id - b.id);
    this.reserve(entries.length);
    this.start[slot] = this.end;
    this.length[slot] = entries.length;
    for (const { id, code } of entries) {
      this.lexemes[this.end] = id;
      this.codes[this.end] = code;
      this.end++;
      if (this.postingsBuilt) this.post(id, slot);
    }
    if (this.recentCount > Math.max(1 << 16, this.postingSlots.length >>> 2)) this.buildPostings();
  }

  /**
   * The slots that may match `query`, from the postings of its lexemes, or null when a row holding
   * none of them may match (a NOT at the top): then every row must be looked at.
   */
  candidates(query: CompiledQuery): Int32Array | null {
    if (query.matches(0) !== NO) return null;
    if (!this.postingsBuilt) this.buildPostings();
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const indexed = this.postingStart.length - 1;
    let size = 0;
    for (const id of query.positive) {
      if (id < indexed) size += (this.postingStart[id + 1] as number) - (this.postingStart[id] as number);
      size += this.recent.get(id)?.length ?? 0;
    }
    const found = new Int32Array(size);
    let n = 0;
    const take = (slot: number) => {
      if (this.stamps[slot] === this.stamp) return;
      this.stamps[slot] = this.stamp;
      found[n++] = slot;
    };
    for (const id of query.positive) {
      if (id < indexed) for (let at = this.postingStart[id] as number; at < (this.postingStart[id + 1] as number); at++) take(this.postingSlots[at] as number);
      for (const slot of this.recent.get(id) ?? []) take(slot);
    }
    return found.subarray(0, n);
  }

  remove(slot: number): void {
    if (slot >= this.length.length) return;
    this.garbage += this.length[slot] as number;
    this.length[slot] = 0;
  }

  /** The query's operands as this index numbers them (at most `MAX_QUERY_OPERANDS`). */
  compile(root: QueryNode): CompiledQuery {
    const operands = [...new Set(operandsOf(root))].sort(compareCodePoints);
    if (operands.length > MAX_QUERY_OPERANDS) throw new RangeError(`a query of ${operands.length} distinct lexemes: at most ${MAX_QUERY_OPERANDS}`);
    const bit = new Map(operands.map((lexeme, i) => [lexeme, 1 << i]));
    const evaluate = (node: QueryNode, mask: number): Truth => {
      switch (node.op) {
        case 'lexeme':
          return mask & (bit.get(node.lexeme) as number) ? YES : NO;
        case 'phrase':
          // Every lexeme of a phrase must be there for it to hold; whether they are in sequence, only positions tell.
          return node.lexemes.every((lexeme) => mask & (bit.get(lexeme) as number)) ? MAYBE : NO;
        case 'not': {
          const arg = evaluate(node.arg, mask);
          return arg === MAYBE ? MAYBE : arg === YES ? NO : YES;
        }
        case 'and': {
          const left = evaluate(node.left, mask);
          if (left === NO) return NO;
          const right = evaluate(node.right, mask);
          return right === NO ? NO : left === YES && right === YES ? YES : MAYBE;
        }
        case 'or': {
          const left = evaluate(node.left, mask);
          if (left === YES) return YES;
          const right = evaluate(node.right, mask);
          return right === YES ? YES : left === NO && right === NO ? NO : MAYBE;
        }
      }
    };
    const positive = new Set<string>();
    const collect = (node: QueryNode, negated: boolean): void => {
      if (node.op === 'lexeme') {
        if (!negated) positive.add(node.lexeme);
      } else if (node.op === 'phrase') {
        if (!negated) node.lexemes.forEach((lexeme) => positive.add(lexeme));
      } else if (node.op === 'not') collect(node.arg, !negated);
      else {
        collect(node.left, negated);
        collect(node.right, negated);
      }
    };
    collect(root, false);
    const known = new Map<number, Truth>();
    return {
      positive: Int32Array.from([...positive].map((lexeme) => this.lexemeIds.get(lexeme) ?? -1).filter((id) => id >= 0)),
      ids: Int32Array.from(operands, (lexeme) => this.lexemeIds.get(lexeme) ?? -1),
      matches: (mask) => {
        let result = known.get(mask);
        if (result === undefined) {
          result = evaluate(root, mask);
          known.set(mask, result);
        }
        return result;
      },
    };
  }

  /**
   * Of `slots`, those whose document matches `query` or may (`maybe`: a phrase PostgreSQL must
   * check), with `calc_rank_or`'s rank of each (a float4); the query's top node must be OR, NOT or
   * a lexeme (or AND or a phrase of one distinct lexeme) for the rank to be ts_rank's.
   */
  match(slots: Int32Array, query: CompiledQuery): { slots: Int32Array; ranks: Float32Array; maybe: Int32Array } {
    const { ids } = query;
    const matched = new Int32Array(slots.length);
    const ranks = new Float32Array(slots.length);
    const maybe: number[] = [];
    const terms = this.terms;
    const lexemes = this.lexemes;
    const codes = this.codes;
    let n = 0;
    for (const slot of slots) {
      const from = this.start[slot] as number;
      const to = from + (this.length[slot] as number);
      let mask = 0;
      let res = 0;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        if (id < 0) continue;
        let low = from;
        let high = to;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if ((lexemes[middle] as number) < id) low = middle + 1;
          else high = middle;
        }
        if (low < to && lexemes[low] === id) {
          mask |= 1 << i;
          res = addTerm(res, terms[codes[low] as number] as number);
        }
      }
      const truth = query.matches(mask);
      if (truth === NO) continue;
      if (truth === MAYBE) maybe.push(slot);
      matched[n] = slot;
      ranks[n] = finishRank(res, ids.length);
      n++;
    }
    return { slots: matched.subarray(0, n), ranks: ranks.subarray(0, n), maybe: Int32Array.from(maybe) };
  }

  /**
   * Builds the postings and gives back the arena's room growing by doubling left unused (after a
   * whole load: up to half of it), keeping an eighth spare.
   */
  trim(): void {
    this.buildPostings();
    this.compact();
    const size = Math.max(1024, this.end + (this.end >>> 3));
    if (size >= this.lexemes.length) return;
    this.lexemes = this.lexemes.slice(0, size);
    this.codes = this.codes.slice(0, size);
  }

  private lexemeId(lexeme: string): number {
    let id = this.lexemeIds.get(lexeme);
    if (id === undefined) {
      id = this.lexemeIds.size;
      this.lexemeIds.set(lexeme, id);
    }
    return id;
  }

  /** The code of the term of these weights; the term is computed once per distinct short list of weights. */
  private codeOf(weights: readonly number[]): number {
    // Up to 25 weights, the list as base-4 digits after a leading 1: exact in a double, distinct per list.
    if (weights.length > 25) return this.termCode(lexemeTerm(weights));
    let key = 1;
    for (const w of weights) key = key * 4 + w;
    let code = this.codesByWeights.get(key);
    if (code === undefined) {
      code = this.termCode(lexemeTerm(weights));
      this.codesByWeights.set(key, code);
    }
    return code;
  }

  private termCode(term: number): number {
    let code = this.termCodes.get(term);
    if (code === undefined) {
      code = this.termCodes.size;
      this.termCodes.set(term, code);
      if (code >= this.terms.length) {
        const wider = new Float64Array(this.terms.length * 2);
        wider.set(this.terms);
        this.terms = wider;
      }
      this.terms[code] = term;
      if (code > 0xff && this.codes instanceof Uint8Array) this.codes = Uint16Array.from(this.codes);
      if (code > 0xffff && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    }
    return code;
  }

  private growSlots(needed: number): void {
    let size = this.start.length;
    while (size < needed) size *= 2;
    const start = new Int32Array(size);
    start.set(this.start);
    const length = new Int32Array(size);
    length.set(this.length);
    const stamps = new Uint32Array(size);
    stamps.set(this.stamps);
    this.start = start;
    this.length = length;
    this.stamps = stamps;
  }

  private post(id: number, slot: number): void {
    const list = this.recent.get(id);
    if (list) list.push(slot);
    else this.recent.set(id, [slot]);
    this.recentCount++;
  }

  /** The postings of the live segments only. */
  private buildPostings(): void {
    const start = new Int32Array(this.lexemeIds.size + 1);
    const rows = (visit: (id: number, slot: number) => void) => {
      for (let slot = 0; slot < this.start.length; slot++) {
        const from = this.start[slot] as number;
        const to = from + (this.length[slot] as number);
        for (let at = from; at < to; at++) visit(this.lexemes[at] as number, slot);
      }
    };
    rows((id) => {
      start[id + 1] = (start[id + 1] as number) + 1;
    });
    for (let id = 0; id < this.lexemeIds.size; id++) start[id + 1] = (start[id + 1] as number) + (start[id] as number);
    const slots = new Int32Array(start[this.lexemeIds.size] as number);
    const next = start.slice(0, this.lexemeIds.size);
    rows((id, slot) => {
      slots[(next[id] as number)++] = slot;
    });
    this.postingStart = start;
    this.postingSlots = slots;
    this.recent.clear();
    this.recentCount = 0;
    this.postingsBuilt = true;
  }

  /** Room for `count` more entries: compacts when half the arena is garbage, else grows it. */
  private reserve(count: number): void {
    if (this.end + count <= this.lexemes.length) return;
    if (this.garbage * 2 >= this.end) this.compact();
    if (this.end + count <= this.lexemes.length) return;
    let size = this.lexemes.length;
    while (size < this.end + count) size *= 2;
    const lexemes = new Int32Array(size);
    lexemes.set(this.lexemes.subarray(0, this.end));
    const codes = new (this.codes.constructor as new (n: number) => typeof this.codes)(size);
    codes.set(this.codes.subarray(0, this.end));
    this.lexemes = lexemes;
    this.codes = codes;
  }

  /** Moves every live segment to the front of the arena, in slot order. */
  private compact(): void {
    let to = 0;
    const order = Array.from({ length: this.start.length }, (_, slot) => slot)
      .filter((slot) => (this.length[slot] as number) > 0)
      .sort((a, b) => (this.start[a] as number) - (this.start[b] as number));
    for (const slot of order) {
      const from = this.start[slot] as number;
      const n = this.length[slot] as number;
      this.lexemes.copyWithin(to, from, from + n);
      this.codes.copyWithin(to, from, from + n);
      this.start[slot] = to;
      to += n;
    }
    this.end = to;
    this.garbage = 0;
  }
}
