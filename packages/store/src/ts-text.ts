/**
 * PostgreSQL's text forms of `tsvector` and `tsquery` (tsvectorout, tsqueryout), read back into
 * values the in-memory full-text index (text-index.ts) evaluates. Only what it can reproduce
 * exactly is kept: a query with anything else reads as `unsupported`.
 */

/** One lexeme of a tsvector with the weight of each of its positions, in stored order (0 = D … 3 = A). */
export interface VectorLexeme {
  lexeme: string;
  weights: number[];
}

/** A quoted lexeme at `at` (quotes and backslashes are doubled inside): the lexeme and where it ends. */
function quoted(text: string, at: number): { value: string; end: number } {
  if (text[at] !== "'") throw new SyntaxError(`expected a quoted lexeme at ${at} of ${JSON.stringify(text.slice(0, 200))}`);
  let value = '';
  let i = at + 1;
  for (;;) {
    const ch = text[i];
    if (ch === undefined) throw new SyntaxError(`unterminated lexeme in ${JSON.stringify(text.slice(0, 200))}`);
    if ((ch === "'" || ch === '\\') && text[i + 1] === ch) {
      value += ch;
      i += 2;
    } else if (ch === "'") {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i++;
    }
  }
}

/** `'eau':2A,6A,13 'it''s' ...` → the lexemes with their positions' weights (none listed: no positions). */
export function parseTsvector(text: string): VectorLexeme[] {
  const lexemes: VectorLexeme[] = [];
  // Lexemes rarely hold a quote or a backslash: without any, a lexeme ends at the next quote.
  const plain = !text.includes('\\');
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) === SPACE) {
      i++;
      continue;
    }
    let value: string;
    const close = text.indexOf("'", i + 1);
    if (plain && close > i && text.charCodeAt(close + 1) !== QUOTE) {
      value = text.slice(i + 1, close);
      i = close + 1;
    } else {
      const read = quoted(text, i);
      value = read.value;
      i = read.end;
    }
    const weights: number[] = [];
    if (text.charCodeAt(i) === COLON) {
      i++;
      for (;;) {
        let c = text.charCodeAt(i);
        while (c >= DIGIT_0 && c <= DIGIT_9) c = text.charCodeAt(++i);
        // 'A' is 65: A → 3, B → 2, C → 1, D → 0; no letter → D.
        if (c >= LETTER_A && c <= LETTER_D) {
          weights.push(LETTER_A + 3 - c);
          c = text.charCodeAt(++i);
        } else weights.push(0);
        if (c !== COMMA) break;
        i++;
      }
    }
    lexemes.push({ lexeme: value, weights });
  }
  return lexemes;
}

const SPACE = 32;
const QUOTE = 39;
const COLON = 58;
const COMMA = 44;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const LETTER_A = 65;
const LETTER_D = 68;

/**
 * A tsquery the index evaluates: AND / OR / NOT over plain lexemes (no weights or prefixes), and
 * phrases of plain lexemes, which need positions the index does not keep: it knows a phrase is
 * false when one of its lexemes is missing, and leaves the others to PostgreSQL.
 */
export type QueryNode =
  | { op: 'lexeme'; lexeme: string }
  | { op: 'phrase'; lexemes: string[] }
  | { op: 'not'; arg: QueryNode }
  | { op: 'and' | 'or'; left: QueryNode; right: QueryNode };

export type ParsedQuery = { kind: 'supported'; root: QueryNode } | { kind: 'empty' } | { kind: 'unsupported'; why: string };

class Unsupported extends Error {}

/**
 * `'eau' & 'mesur' | !'air'` → its tree, as tsqueryout writes it: `!` binds tightest, then the
 * phrase operators (`<->`, `<N>`), then `&`, then `|`; parentheses only where needed.
 */
export function parseTsquery(text: string): ParsedQuery {
  if (text.trim() === '') return { kind: 'empty' };
  let i = 0;
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  const or = (): QueryNode => {
    let left = and();
    for (skip(); text[i] === '|'; skip()) {
      i++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): QueryNode => {
    let left = phrase();
    for (skip(); text[i] === '&'; skip()) {
      i++;
      left = { op: 'and', left, right: phrase() };
    }
    return left;
  };
  const phrase = (): QueryNode => {
    const parts = [unary()];
    for (skip(); text[i] === '<'; skip()) {
      const close = text.indexOf('>', i);
      if (close < 0) throw new SyntaxError(`unterminated phrase operator at ${i} of ${JSON.stringify(text)}`);
      i = close + 1;
      parts.push(unary());
    }
    if (parts.length === 1) return parts[0] as QueryNode;
    const lexemes: string[] = [];
    for (const part of parts) {
      if (part.op === 'lexeme') lexemes.push(part.lexeme);
      else if (part.op === 'phrase') lexemes.push(...part.lexemes);
      else throw new Unsupported('a phrase over more than lexemes');
    }
    return { op: 'phrase', lexemes };
  };
  const unary = (): QueryNode => {
    skip();
    if (text[i] === '!') {
      i++;
      return { op: 'not', arg: unary() };
    }
    if (text[i] === '(') {
      i++;
      const inner = or();
      skip();
      if (text[i] !== ')') throw new SyntaxError(`expected ) at ${i} of ${JSON.stringify(text)}`);
      i++;
      return inner;
    }
    const { value, end } = quoted(text, i);
    i = end;
    if (text[i] === ':') throw new Unsupported('a prefix or weight restriction');
    return { op: 'lexeme', lexeme: value };
  };
  try {
    const root = or();
    skip();
    if (i !== text.length) throw new SyntaxError(`unexpected ${JSON.stringify(text[i])} at ${i} of ${JSON.stringify(text)}`);
    return { kind: 'supported', root };
  } catch (error) {
    if (error instanceof Unsupported) return { kind: 'unsupported', why: error.message };
    throw error;
  }
}

/** Every operand of the tree, in tree order (with repeats). */
export function operandsOf(node: QueryNode, into: string[] = []): string[] {
  if (node.op === 'lexeme') into.push(node.lexeme);
  else if (node.op === 'phrase') into.push(...node.lexemes);
  else if (node.op === 'not') operandsOf(node.arg, into);
  else {
    operandsOf(node.left, into);
    operandsOf(node.right, into);
  }
  return into;
}
