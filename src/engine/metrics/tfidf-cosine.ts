/**
 * tfidf_cosine: cosine of TF-IDF weighted token vectors (K. Spärck Jones, "A statistical
 * interpretation of term specificity and its application in retrieval", J. Documentation 28(1),
 * 1972; G. Salton & C. Buckley, "Term-weighting approaches in automatic text retrieval", 1988).
 * Weight of token t = (count of t in the value) × idf(t), so rare tokens ("zyxel") count more than
 * common ones ("inc", "street") — the standard choice for company names and addresses
 * (Cohen, Ravikumar & Fienberg, "A comparison of string distance metrics for name-matching
 * tasks", IIWeb 2003).
 *
 * IDF needs corpus statistics, which a metric cannot see: the engine injects them at build time
 * as `options.idf: (token) => number` (computed over its own corpus of normalized values; a
 * token it has never seen should get the largest idf). Without `idf`, every token weighs 1 and
 * this equals cosine_tokens. Non-finite or negative weights count as 0. Option `qgram: n` uses
 * character n-grams. The weight vector of the last `a` is cached, since one record is compared
 * with many candidates in a row.
 */
import { checkKnownOptions, readNumber } from '../normalizers/options';
import type { MetricDefinition, MetricOptions } from './metric';
import { countItems, tokenizer } from './tokenize';

interface WeightedVector {
  readonly weights: Map<string, number>;
  readonly norm: number;
}

export type IdfFunction = (token: string) => number;

function readIdf(options: MetricOptions): IdfFunction | undefined {
  const idf = options.idf;
  if (idf === undefined) return undefined;
  if (typeof idf !== 'function')
    throw new Error('tfidf_cosine: option "idf" must be a function (token) => number');
  return idf as IdfFunction;
}

export function createTfidfCosine(idf: IdfFunction | undefined, q: number): (a: string, b: string) => number {
  const tokenize = tokenizer(q);
  const vectorize = (value: string): WeightedVector => {
    const weights = countItems(tokenize(value));
    let squares = 0;
    for (const [token, count] of weights) {
      const raw = idf === undefined ? 1 : idf(token);
      const weight = Number.isFinite(raw) && raw > 0 ? count * raw : 0;
      weights.set(token, weight);
      squares += weight * weight;
    }
    return { weights, norm: Math.sqrt(squares) };
  };
  let lastA: string | undefined;
  let lastVector: WeightedVector = { weights: new Map(), norm: 0 };

  return (a, b) => {
    if (a === b) return 1;
    if (a !== lastA) {
      lastVector = vectorize(a);
      lastA = a;
    }
    const other = vectorize(b);
    if (lastVector.norm === 0 || other.norm === 0) {
      // Only two token-less values agree; zero-weight tokens carry no evidence either way.
      return lastVector.weights.size === 0 && other.weights.size === 0 ? 1 : 0;
    }
    let dot = 0;
    for (const [token, weight] of other.weights) dot += weight * (lastVector.weights.get(token) ?? 0);
    return Math.min(1, dot / (lastVector.norm * other.norm));
  };
}

export const tfidfCosine: MetricDefinition = {
  name: 'tfidf_cosine',
  kind: 'similarity',
  description: 'Cosine of TF-IDF token vectors; the engine injects `idf` from its corpus; option `qgram`.',
  create(options) {
    checkKnownOptions('tfidf_cosine', options, ['idf', 'qgram']);
    const q = readNumber('tfidf_cosine', options, 'qgram', 0, { min: 0, max: 16, integer: true });
    return createTfidfCosine(readIdf(options), q);
  },
};
