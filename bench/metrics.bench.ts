/**
 * Micro-benchmark of every metric (and, for context, the normalizers and phonetic encoders) on
 * 200k seeded, realistic pairs: person names with typing errors (transpositions, drops,
 * substitutions, nicknames, swapped order), company names with and without legal suffixes, street
 * addresses, numbers and dates. Prints ops/sec per function. Single-threaded, no framework.
 *
 *   npm run build && node dist/bench/metrics.bench.js
 */
import { METRICS } from '../src/engine/metrics';
import { NORMALIZERS } from '../src/engine/normalizers';
import { PHONETIC_ENCODERS } from '../src/engine/phonetic';
import { seededRandom } from '../src/engine/seeded-random';

const PAIRS = 200_000;

const random = seededRandom(20240131);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const FIRST = [
  ...['john', 'robert', 'william', 'elizabeth', 'margaret', 'katherine', 'michael', 'jennifer', 'jose'],
  ...['maria', 'thomas', 'christopher', 'anne', 'sarah', 'mohammed', 'wei', 'olga', 'francois', 'bob'],
];
const LAST = [
  ...['smith', 'johnson', 'williams', 'brown', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez'],
  ...['hernandez', 'obrien', 'schmidt', 'muller', 'nguyen', 'kowalski', 'van der berg', 'dubois', 'rossi'],
];
const COMPANY = ['acme', 'globex', 'initech', 'umbrella', 'stark', 'wayne', 'wonka', 'cyberdyne', 'tyrell'];
const INDUSTRY = ['holdings', 'industries', 'logistics', 'software', 'pharma', 'foods', 'capital', 'systems'];
const SUFFIX = ['inc', 'ltd', 'llc', 'gmbh', 'corp', 'co ltd', 'plc', ''];
const STREET = ['main st', 'high street', 'rue de la paix', 'elm avenue', 'station road', 'baker street'];

/** One realistic typing error: transposition, deletion, substitution or insertion. */
function typo(s: string): string {
  if (s.length < 2) return s;
  const i = Math.floor(random() * (s.length - 1));
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  switch (Math.floor(random() * 4)) {
    case 0:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + letter + s.slice(i + 1);
    default:
      return s.slice(0, i) + letter + s.slice(i);
  }
}

function variant(s: string): string {
  const r = random();
  if (r < 0.3) return s;
  if (r < 0.7) return typo(s);
  if (r < 0.85) return s.split(' ').reverse().join(' ');
  return typo(typo(s));
}

function textPair(): [string, string] {
  const r = random();
  let a: string;
  if (r < 0.7) a = `${pick(FIRST)} ${pick(LAST)}`;
  else if (r < 0.9) a = `${pick(COMPANY)} ${pick(INDUSTRY)} ${pick(SUFFIX)}`.trim();
  else a = `${1 + Math.floor(random() * 999)} ${pick(STREET)} ${pick(LAST)}ville`;
  // 60% related pairs (true-match candidates), 40% unrelated (what blocking also lets through).
  return random() < 0.6 ? [a, variant(a)] : [a, textPair()[0]];
}

function numberPair(): [string, string] {
  const x = Math.round(random() * 1e6) / 100;
  return [String(x), String(random() < 0.5 ? x : Math.round(x * (0.9 + random() * 0.2) * 100) / 100)];
}

function datePair(): [string, string] {
  const day = (y: number, m: number, d: number): string =>
    `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const y = 1940 + Math.floor(random() * 80);
  const m = 1 + Math.floor(random() * 12);
  const d = 1 + Math.floor(random() * 28);
  const r = random();
  if (r < 0.5) return [day(y, m, d), day(y, m, d)];
  if (r < 0.7 && d <= 12) return [day(y, m, d), day(y, d, m)];
  return [day(y, m, d), day(y + Math.floor(random() * 3), 1 + Math.floor(random() * 12), d)];
}

const textPairs = Array.from({ length: PAIRS }, textPair);
const numberPairs = Array.from({ length: PAIRS }, numberPair);
const datePairs = Array.from({ length: PAIRS }, datePair);

/** IDF over the benchmark's own corpus, as the engine would inject it. */
function corpusIdf(pairs: ReadonlyArray<[string, string]>): (token: string) => number {
  const df = new Map<string, number>();
  for (const [a] of pairs) for (const token of new Set(a.split(' '))) df.set(token, (df.get(token) ?? 0) + 1);
  const unseen = Math.log(pairs.length + 1);
  return (token) => {
    const n = df.get(token);
    return n === undefined ? unseen : Math.log((pairs.length + 1) / n);
  };
}

let checksum = 0;

/** Warm-up run (JIT), then the best of three timed runs. */
function time(label: string, run: () => number, operations: number): void {
  checksum += run();
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    checksum += run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  const opsPerSecond = Math.round(operations / best);
  console.log(`${label.padEnd(44)} ${opsPerSecond.toLocaleString('en-US').padStart(12)} ops/s`);
}

function benchMetrics(): void {
  console.log(`metrics: ${PAIRS.toLocaleString('en-US')} pairs each (Node ${process.version})`);
  const idf = corpusIdf(textPairs);
  for (const [name, metric] of METRICS) {
    const options: Record<string, unknown> = name === 'tfidf_cosine' ? { idf } : {};
    const compare = metric.create(options);
    const pairs = name === 'date_diff_days' ? datePairs : name.endsWith('_diff') ? numberPairs : textPairs;
    // Fuse is ~10× slower: time it on a tenth of the pairs so the run stays short.
    const count = name === 'fuzzy' ? PAIRS / 10 : PAIRS;
    const run = (): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += compare(pairs[i][0], pairs[i][1]) || 0;
      return sum;
    };
    time(name, run, count);
  }
  const variants: Array<[string, Record<string, unknown>]> = [
    ['damerau_levenshtein', { variant: 'full' }],
    ['jaccard', { qgram: 3 }],
    ['tfidf_cosine', { idf, qgram: 3 }],
  ];
  for (const [name, options] of variants) {
    const compare = METRICS.get(name)!.create(options);
    const label = `${name} ${JSON.stringify(options).replace(/"idf":\{\},?/, '')}`;
    time(label, () => textPairs.reduce((sum, [a, b]) => sum + compare(a, b), 0), PAIRS);
  }
}

function benchNormalizersAndEncoders(): void {
  const count = PAIRS / 4;
  const raw: Record<string, (i: number) => string> = {
    person_name: (i) => `Dr. ${textPairs[i][0].toUpperCase()} Jr.`,
    company_name: (i) => `${textPairs[i][0]} Co., Ltd.`,
    email: (i) => `${textPairs[i][0].replace(/ /g, '.')}+news@GMAIL.com`,
    phone: (i) => `(415) 555-${String(1000 + (i % 9000))}`,
    date: (i) => `${datePairs[i][0].slice(8)}/${datePairs[i][0].slice(5, 7)}/${datePairs[i][0].slice(0, 4)}`,
    number: (i) => `$${Number(numberPairs[i][0]).toLocaleString('en-US')}`,
    tokens: (i) => textPairs[i][1],
  };
  console.log(`\nnormalizers: ${count.toLocaleString('en-US')} values each`);
  for (const [name, make] of Object.entries(raw)) {
    const options = name === 'phone' ? { default_region: 'US' } : {};
    const normalize = NORMALIZERS.get(name)!.create(options);
    const inputs = Array.from({ length: count }, (_, i) => make(i));
    time(name, () => inputs.reduce((sum, v) => sum + (normalize(v)?.length ?? 0), 0), count);
  }
  console.log(`\nphonetic encoders: ${count.toLocaleString('en-US')} values each`);
  for (const [name, encode] of PHONETIC_ENCODERS) {
    time(name, () => textPairs.slice(0, count).reduce((sum, [a]) => sum + encode(a).length, 0), count);
  }
}

benchMetrics();
benchNormalizersAndEncoders();
console.log(`\n(checksum ${checksum.toFixed(3)})`);
