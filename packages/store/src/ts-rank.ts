/**
 * `ts_rank(document, query)` of PostgreSQL 15 (src/backend/utils/adt/tsrank.c), default weights
 * and normalization 0, for a query whose top node is OR or a single lexeme (`calc_rank_or`), bit
 * for bit: the C code keeps its sums in `float`, so every assignment to one is rounded to float32
 * here (Math.fround), and the division by pi^2/6 is done in double before it, as C does.
 */

/** `{0.1f, 0.2f, 0.4f, 1.0f}`, by weight D, C, B, A. */
const WEIGHTS = [Math.fround(0.1), Math.fround(0.2), Math.fround(0.4), 1];

/** The constant tsrank.c divides by: a double literal. */
const ZETA_2 = 1.64493406685;

/**
 * What one lexeme found in a document adds to `calc_rank_or`'s sum, before that sum is rounded:
 * `(wjm + resj - wjm / (jm+1)^2) / 1.64493406685`, from the weights of its positions in stored order
 * (none: a lexeme stored without positions, which tsrank.c reads as one position of weight D).
 */
export function lexemeTerm(weights: readonly number[]): number {
  const list = weights.length === 0 ? [0] : weights;
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  for (let j = 0; j < list.length; j++) {
    const w = WEIGHTS[list[j] as number] as number;
    resj = Math.fround(resj + Math.fround(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  const inner = Math.fround(Math.fround(wjm + resj) - Math.fround(wjm / ((jm + 1) * (jm + 1))));
  return inner / ZETA_2;
}

/** `res = res + term` with `res` a C float. */
export function addTerm(res: number, term: number): number {
  return Math.fround(res + term);
}

/** The end of `calc_rank_or` and `calc_rank`: divided by the number of distinct query lexemes; negative → 1e-20. */
export function finishRank(res: number, distinctLexemes: number): number {
  const ranked = distinctLexemes > 0 ? Math.fround(res / distinctLexemes) : res;
  return ranked < 0 ? Math.fround(1e-20) : ranked;
}

/**
 * A float4 as PostgreSQL 12+ prints it with the default extra_float_digits (1): the shortest
 * decimal that reads back as the same float4, fixed notation for exponents -4 to 5, else
 * `d.ddde±XX`. `value` must be a float32 already (Math.fround).
 */
export function float4Text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  let scientific = '';
  for (let precision = 1; precision <= 9; precision++) {
    scientific = value.toExponential(precision - 1);
    if (Math.fround(Number(scientific)) === value) break;
  }
  const [mantissa, exponentText] = scientific.split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent >= -4 && exponent < 6) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
