/**
 * The in-memory facet index alone at scale (issue 8: "and at 1,000,000?"), without PostgreSQL:
 * N synthetic rows shaped like bench/search.ts's datasets (one source, 50 publishers, 1-2 themes,
 * 3 keywords out of ~100, 2 formats, 1 licence, 1 language), then the time to count every row
 * (browse all), 12.5% of them (a frequent word) and to apply a keyword filter in memory. This is
 * the index's share of a cold search; the database's is not in it. Each row also carries a
 * document shaped like bench/search.ts's (31 lexemes: title A, keywords B, description C, in both
 * languages' stems, two of them unique to the row), for the full-text cases (text-index.ts): match,
 * rank and page a word in every row and one in an eighth of them.
 *
 *   node --expose-gc --import tsx bench/facet-index-scale.ts [rows=1000000] [rounds=5]
 */
import { loadavg } from 'node:os';
import { FacetIndex, type IndexedRow } from '../packages/store/src/facet-index.js';
import { parseTsquery, type QueryNode, type VectorLexeme } from '../packages/store/src/ts-text.js';

const size = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const THEMES = ['AGRI', 'ECON', 'EDUC', 'ENER', 'ENVI', 'GOVE', 'HEAL', 'INTR', 'JUST', 'REGI', 'SOCI', 'TECH', 'TRAN'];
const EU = 'http://publications.europa.eu/resource/authority';

/** The stems each theme's title word gives (French, English), as in the bench's documents. */
const THEME_STEMS = [['environ', 'environnement'], ['transport'], ['econom', 'economi'], ['sant'], ['educ', 'education'], ['cultur'], ['agricultur'], ['energ', 'energi']];
const SHARED: Array<[string, number[]]> = [
  ['a', [1, 1]], ['annuel', [1]], ['annuell', [1]], ['biodiversit', [2, 2]], ['collectivit', [1, 1]], ['de', [3]], ['decriv', [1, 1]],
  ['donne', [3, 3, 1, 1]], ['du', [1]], ['equip', [1, 1]], ['et', [1]], ['indicateur', [1]], ['indiqu', [1]], ['jeu', [3, 3, 1, 1]],
  ['jour', [1, 1, 1, 1]], ['la', [1]], ['le', [1]], ['les', [1]], ['mis', [1, 1]], ['mise', [1, 1]], ['mot', [2, 2]], ['ouvert', [1, 1]],
  ['par', [1]], ['publie', [1, 1]], ['regulier', [1, 1]], ['servic', [1, 1]], ['territoir', [1, 1]],
];

function document(i: number): VectorLexeme[] {
  const stems = THEME_STEMS[i % THEME_STEMS.length] as string[];
  return [
    ...SHARED.map(([lexeme, weights]) => ({ lexeme, weights })),
    ...stems.map((lexeme) => ({ lexeme, weights: [3, 2] })),
    { lexeme: String(i).padStart(9, '0'), weights: [3, 3, 1, 1] },
    { lexeme: `-${i % 97}`, weights: [2, 2] },
  ];
}

function row(i: number): IndexedRow {
  const theme = THEMES[i % THEMES.length] as string;
  const themes = i % 3 === 0 ? [theme, THEMES[(i + 5) % THEMES.length] as string] : [theme];
  const keywords = [theme.toLowerCase(), 'biodiversite', `mot-${i % 97}`];
  return {
    seq: i + 1,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    document: document(i),
    cluster: `c${i}`,
    source: '0e1d2c3b-4a59-4687-a5b4-000000000001',
    primary: true,
    status: i % 50 === 0 ? 'archived' : 'active',
    publisher: `https://example.fr/organisation-${i % 50}`,
    publisherLabel: `Organisation ${i % 50}`,
    quality: String((i % 4) * 25),
    score: (i % 4) * 25 + 10,
    modifiedMicros: Date.UTC(2015 + (i % 10), i % 12, 15) * 1000,
    bbox: [-5 + (i % 100) / 10, 42 + (i % 80) / 10, -4.5 + (i % 100) / 10, 42.5 + (i % 80) / 10],
    lists: {
      theme: { values: themes.map((t) => `${EU}/data-theme/${t}`), labels: themes },
      keyword: { values: keywords, labels: keywords },
      format: { values: [`${EU}/file-type/CSV`, `${EU}/file-type/JSON`], labels: ['CSV', 'JSON'] },
      license: { values: [i % 3 === 0 ? `${EU}/licence/CC_BY_4_0` : 'https://www.etalab.gouv.fr/licence-ouverte-open-licence'], labels: [null] },
      language: { values: [`${EU}/language/FRA`], labels: ['fra'] },
    },
  };
}

gc();
const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
let started = performance.now();
const cpuStarted = process.cpuUsage();
const index = new FacetIndex();
for (let i = 0; i < size; i++) index.put(row(i));
index.text.trim(); // as facet-index-sync.ts does after a whole load
const cpu = process.cpuUsage(cpuStarted);
gc();
const memory = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
console.log(
  `${size} rows: put in ${(performance.now() - started).toFixed(0)} ms (${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU), index ${(memory / 2 ** 20).toFixed(0)} MB ` +
    `(full text: ${(index.text.typedBytes / 2 ** 20).toFixed(0)} MB of typed arrays, ${index.text.lexemeCount} lexemes), load ${loadavg()[0]?.toFixed(1)}`,
);

const queryOf = (text: string): QueryNode => {
  const parsed = parseTsquery(text);
  if (parsed.kind !== 'supported') throw new Error(`${text} should parse`);
  return parsed.root;
};
/** Match (on the postings' candidates, as facet-index-sync.ts does), rank, count and page (20 + 1 rows) as a cold relevance search does. */
const search = (root: QueryNode) => {
  const query = index.text.compile(root);
  const matched = index.text.match(index.select({ lists: {} }, index.text.candidates(query) ?? undefined), query);
  return [index.count({ slots: matched.slots }, 'active', 20, names), index.page(matched, 'active', null, 0, 21)];
};

const names = new Map<string, string>();
const eighth = Int32Array.from({ length: Math.floor(size / 8) }, (_, n) => n * 8 + 1);
const cases: Array<[string, () => unknown]> = [
  ['count all (browse)', () => index.count(null, 'active', 20, names)],
  ['count 12.5% by seq (a frequent word)', () => index.count({ seqs: eighth }, 'active', 20, names)],
  ['select keyword=mot-42 then count', () => index.count({ slots: index.select({ lists: { keyword: new Set(['mot-42']) } }) }, 'active', 20, names)],
  ['select modified since 2024 then count', () => index.count({ slots: index.select({ lists: {}, modifiedSinceMicros: Date.UTC(2024, 0, 1) * 1000 }) }, 'active', 20, names)],
  ["q=donnees ('donne' | 'donne': every row) match, rank, count, page", () => search(queryOf(`'donne' | 'donne'`))],
  ["q=sante ('sant' | 'sant': 12.5%) match, rank, count, page", () => search(queryOf(`'sant' | 'sant'`))],
  ["q=energie -jeu ('energ' & !'jeu' | 'energi' & !'jeu': none)", () => search(queryOf(`'energ' & !'jeu' | 'energi' & !'jeu'`))],
];
for (const [name, run] of cases) {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const c = process.cpuUsage();
    started = performance.now();
    run();
    times.push(performance.now() - started);
    const used = process.cpuUsage(c);
    cpus.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  console.log(`${name}: median ${times[Math.floor(rounds / 2)]?.toFixed(1)} ms, worst ${times[rounds - 1]?.toFixed(1)} ms, median CPU ${cpus[Math.floor(rounds / 2)]?.toFixed(1)} ms`);
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
