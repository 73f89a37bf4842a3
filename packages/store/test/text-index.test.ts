import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TextIndex } from '../src/text-index.js';
import { addTerm, finishRank, float4Text, lexemeTerm } from '../src/ts-rank.js';
import { parseTsquery, parseTsvector, type QueryNode, type VectorLexeme } from '../src/ts-text.js';

/**
 * The pieces the in-memory full-text search rests on, against PostgreSQL itself where it is the
 * reference (float4 output, ts_rank): a plain connection, no schema needed.
 */
const url = process.env.MOISSON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let pool: pg.Pool;
beforeAll(() => {
  const base = new URL(url);
  base.pathname = '/postgres';
  pool = new pg.Pool({ connectionString: base.href, max: 2 });
});
afterAll(async () => pool?.end());

/** A deterministic pseudo-random sequence (the cases must be the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('tsvector and tsquery text', () => {
  it('reads lexemes, doubled quotes and backslashes, weights and lexemes without positions', () => {
    expect(parseTsvector(`'eau':2A,6A,13 'it''s':3B 'back\\\\slash':4C 'nopos' 'x':7`)).toEqual([
      { lexeme: 'eau', weights: [3, 3, 0] },
      { lexeme: "it's", weights: [2] },
      { lexeme: 'back\\slash', weights: [1] },
      { lexeme: 'nopos', weights: [] },
      { lexeme: 'x', weights: [0] },
    ]);
    expect(parseTsvector('')).toEqual([]);
  });

  it('reads the operators with their precedence, and refuses what it cannot evaluate', () => {
    const lexeme = (l: string): QueryNode => ({ op: 'lexeme', lexeme: l });
    expect(parseTsquery(`'eau' & 'mesur' | 'air' & !'rivier'`)).toEqual({
      kind: 'supported',
      root: {
        op: 'or',
        left: { op: 'and', left: lexeme('eau'), right: lexeme('mesur') },
        right: { op: 'and', left: lexeme('air'), right: { op: 'not', arg: lexeme('rivier') } },
      },
    });
    expect(parseTsquery(`( 'a' | 'b' ) & !( 'c' | 'l''eau' )`)).toEqual({
      kind: 'supported',
      root: {
        op: 'and',
        left: { op: 'or', left: lexeme('a'), right: lexeme('b') },
        right: { op: 'not', arg: { op: 'or', left: lexeme('c'), right: lexeme("l'eau") } },
      },
    });
    expect(parseTsquery('').kind).toBe('empty');
    expect(parseTsquery(`'qualit' <-> 'eau' | 'x' <3> 'y' <-> 'z'`)).toEqual({
      kind: 'supported',
      root: { op: 'or', left: { op: 'phrase', lexemes: ['qualit', 'eau'] }, right: { op: 'phrase', lexemes: ['x', 'y', 'z'] } },
    });
    expect(parseTsquery(`!'a' <-> 'b'`).kind).toBe('unsupported');
    expect(parseTsquery(`( 'a' | 'b' ) <-> 'c'`).kind).toBe('unsupported');
    expect(parseTsquery(`'eau':* | 'x'`).kind).toBe('unsupported');
    expect(parseTsquery(`'eau':AB`).kind).toBe('unsupported');
  });

  it('reads what PostgreSQL writes for websearch queries', async () => {
    const { rows } = await pool.query<{ q: string }>(
      `SELECT (websearch_to_tsquery('french', x) || websearch_to_tsquery('english', x))::text AS q
       FROM unnest(ARRAY['eau or air -rivière', 'données', '-pollution', '"qualité de l''eau"', 'l''eau']) x`,
    );
    expect(rows.map((r) => parseTsquery(r.q).kind)).toEqual(['supported', 'supported', 'supported', 'supported', 'supported']);
  });
});

describe('ts_rank', () => {
  it('prints float4 as PostgreSQL does (shortest round trip, its notation thresholds)', async () => {
    const next = random(7);
    const values = Array.from({ length: 5000 }, () => Math.fround((next() - 0.2) * 10 ** Math.floor(next() * 26 - 22)));
    values.push(0, Math.fround(1e-20), Math.fround(0.0001), Math.fround(0.00009999), 1, Math.fround(0.0607927), 100000, 999999, 1e6);
    const { rows } = await pool.query<{ texts: string[] }>(
      `SELECT array_agg(x::real::text ORDER BY n) AS texts FROM unnest($1::float8[]) WITH ORDINALITY u(x, n)`,
      [values],
    );
    expect(values.map(float4Text)).toEqual(rows[0]?.texts);
  });

  it('ranks an OR query exactly as ts_rank, float rounding included', async () => {
    const next = random(11);
    const lexemes = ['air', 'eau', 'feu', 'sol', 'zzz'];
    const vectors: string[] = [];
    const expected: number[] = [];
    for (let n = 0; n < 400; n++) {
      let position = 1;
      const parts: string[] = [];
      let res = 0;
      for (const lexeme of lexemes.slice(0, 4)) {
        if (next() < 0.3) continue;
        // Mostly a few positions, sometimes many (the float sums drift then), sometimes none.
        const count = next() < 0.1 ? 0 : 1 + Math.floor(next() * (next() < 0.2 ? 60 : 5));
        const weights = Array.from({ length: count }, () => Math.floor(next() * 4));
        parts.push(count === 0 ? `'${lexeme}'` : `'${lexeme}':${weights.map((w) => `${position++}${'DCBA'[w] === 'D' ? '' : 'DCBA'[w]}`).join(',')}`);
        res = addTerm(res, lexemeTerm(weights));
      }
      vectors.push(parts.join(' '));
      expected.push(finishRank(res, lexemes.length));
    }
    const { rows } = await pool.query<{ ranks: string[] }>(
      `SELECT array_agg(ts_rank(v::tsvector, $2::tsquery)::text ORDER BY n) AS ranks FROM unnest($1::text[]) WITH ORDINALITY u(v, n)`,
      [vectors, `'eau' | 'air' | !'sol' | ('feu' & 'zzz')`],
    );
    expect(expected.map(float4Text)).toEqual(rows[0]?.ranks);
  });
});

describe('text index', () => {
  /** What the index must answer, computed naively from the vectors kept aside. */
  function naive(vectors: Map<number, VectorLexeme[]>, root: QueryNode, operands: string[]): Map<number, number> {
    const found = new Map<number, number>();
    for (const [slot, vector] of vectors) {
      const has = new Set(vector.map((v) => v.lexeme));
      const holds = (node: QueryNode): boolean =>
        node.op === 'lexeme' ? has.has(node.lexeme) : node.op === 'phrase' ? node.lexemes.every((l) => has.has(l)) : node.op === 'not' ? !holds(node.arg) : node.op === 'and' ? holds(node.left) && holds(node.right) : holds(node.left) || holds(node.right);
      if (!holds(root)) continue;
      let res = 0;
      for (const lexeme of operands) {
        const entry = vector.find((v) => v.lexeme === lexeme);
        if (entry) res = addTerm(res, lexemeTerm(entry.weights));
      }
      found.set(slot, finishRank(res, operands.length));
    }
    return found;
  }

  it('matches and ranks rows through rewrites and removals (its arena compacts under them)', () => {
    const next = random(3);
    const words = Array.from({ length: 40 }, (_, i) => `mot${i}`);
    // Mostly a few positions; sometimes more than 25 (their terms are not cached by weights).
    const positions = () => (next() < 0.05 ? 30 + Math.floor(next() * 40) : 1 + Math.floor(next() * 4));
    const vector = (): VectorLexeme[] =>
      words.filter(() => next() < 0.2).map((lexeme) => ({ lexeme, weights: Array.from({ length: positions() }, () => Math.floor(next() * 4)) }));
    const index = new TextIndex();
    const kept = new Map<number, VectorLexeme[]>();
    const query = parseTsquery(`'mot3' | 'mot1' & !'mot20' | 'mot10' | 'absent'`);
    if (query.kind !== 'supported') throw new Error('the query should parse');
    // Byte order of the distinct operands, as tsrank.c sorts them.
    const operands = ['absent', 'mot1', 'mot10', 'mot20', 'mot3'];
    for (let round = 0; round < 40; round++) {
      for (let k = 0; k < 800; k++) {
        const slot = Math.floor(next() * 300);
        if (next() < 0.2) {
          index.remove(slot);
          kept.delete(slot);
        } else {
          const v = vector();
          index.put(slot, v);
          kept.set(slot, v);
        }
      }
      if (round % 7 === 3) index.trim(); // as after a whole load: later rows must still find room
      const slots = Int32Array.from({ length: 300 }, (_, i) => i);
      const { slots: matched, ranks } = index.match(slots, index.compile(query.root));
      const got = new Map([...matched].map((slot, i) => [slot, ranks[i] as number]));
      // A removed slot holds nothing: it matches a NOT, as an empty document would.
      const expected = naive(new Map(Array.from({ length: 300 }, (_, i) => [i, kept.get(i) ?? []])), query.root, operands);
      expect(got).toEqual(expected);
      // From the postings: every row that may match is a candidate (stale ones only cost a look).
      const candidates = index.candidates(index.compile(query.root));
      if (!candidates) throw new Error('a query that needs one of its words has candidates');
      const fromPostings = index.match(candidates, index.compile(query.root));
      expect(new Map([...fromPostings.slots].map((slot, i) => [slot, fromPostings.ranks[i] as number]))).toEqual(expected);
      expect(new Set(candidates).size).toBe(candidates.length);
    }
    expect(index.lexemeCount).toBe(40);
    const negated = parseTsquery(`!'mot3'`);
    if (negated.kind !== 'supported') throw new Error('the query should parse');
    expect(index.candidates(index.compile(negated.root)), 'a row with none of its words matches: no candidates').toBeNull();
    // ~250,000 lexemes written over time, ~2,400 live: the arena reuses its room instead of growing.
    expect(index.typedBytes).toBeLessThan(1_000_000);
  });

  it('keeps every term exact when there are more distinct ones than a byte can number', () => {
    const index = new TextIndex();
    // 1,024 different lists of weights: well over 256 distinct terms, so the codes widen as rows come.
    const vectors = new Map<number, VectorLexeme[]>();
    for (let slot = 0; slot < 1024; slot++) {
      const weights = Array.from({ length: 5 }, (_, k) => Math.floor(slot / 4 ** k) % 4);
      const vector = [{ lexeme: 'w', weights }, { lexeme: `only-${slot}`, weights: [3] }];
      index.put(slot, vector);
      vectors.set(slot, vector);
    }
    const query = parseTsquery(`'w'`);
    if (query.kind !== 'supported') throw new Error('the query should parse');
    const { slots, ranks } = index.match(Int32Array.from(vectors.keys()), index.compile(query.root));
    expect(new Set(ranks).size).toBeGreaterThan(256);
    expect(new Map([...slots].map((slot, i) => [slot, ranks[i] as number]))).toEqual(naive(vectors, query.root, ['w']));
  });

  it('leaves to PostgreSQL only the rows where a phrase decides', () => {
    const index = new TextIndex();
    const vector = (...lexemes: string[]): VectorLexeme[] => lexemes.map((lexeme) => ({ lexeme, weights: [3] }));
    index.put(0, vector('eau', 'potabl')); // the phrase may hold: and the other side cannot decide
    index.put(1, vector('eau')); // the phrase cannot hold, the other side is false
    index.put(2, vector('eau', 'potabl', 'source')); // the other side holds: no need to know
    index.put(3, vector('potabl'));
    const query = parseTsquery(`'eau' <-> 'potabl' | 'source'`);
    if (query.kind !== 'supported') throw new Error('the query should parse');
    const { slots, maybe } = index.match(Int32Array.from([0, 1, 2, 3]), index.compile(query.root));
    expect([...slots]).toEqual([0, 2]);
    expect([...maybe]).toEqual([0]);
    const negated = parseTsquery(`!( 'eau' <-> 'potabl' )`);
    if (negated.kind !== 'supported') throw new Error('the query should parse');
    const not = index.match(Int32Array.from([0, 1, 2, 3]), index.compile(negated.root));
    expect([...not.slots]).toEqual([0, 1, 2, 3]);
    expect([...not.maybe]).toEqual([0, 2]);
  });
});
