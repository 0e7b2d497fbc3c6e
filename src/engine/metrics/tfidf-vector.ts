/**
 * TF-IDF weighted token vectors shared by tfidf_cosine, tfidf_overlap and soft_tfidf.
 *
 * Weight of token t in a value = tf(t) × idf(t) (Spärck Jones 1972; Salton & Buckley, "Term-weighting
 * approaches in automatic text retrieval", 1988). `tf` is the count (`raw`, the default), 1 + ln(count)
 * (`sublinear`, Salton & Buckley's damping, so a q-gram repeated inside one word does not dominate)
 * or 1 (`binary`). IDF comes from the engine's corpus statistics through `options.idf`; without it
 * every token weighs 1. Non-finite or negative weights count as 0.
 */
import { readEnum, readNumber } from '../normalizers/options';
import type { MetricOptions } from './metric';
import { countItems, tokenizer } from './tokenize';

export type IdfFunction = (token: string) => number;
export type TfMode = 'raw' | 'sublinear' | 'binary';

export interface WeightedVector {
  readonly weights: Map<string, number>;
  /** Euclidean norm of the weights. */
  readonly norm: number;
  /** Sum of the weights. */
  readonly total: number;
}

export interface VectorOptions {
  readonly idf: IdfFunction | undefined;
  readonly qgram: number;
  readonly tf: TfMode;
}

export function readIdf(owner: string, options: MetricOptions): IdfFunction | undefined {
  const idf = options.idf;
  if (idf === undefined) return undefined;
  if (typeof idf !== 'function')
    throw new Error(`${owner}: option "idf" must be a function (token) => number`);
  return idf as IdfFunction;
}

export function readVectorOptions(owner: string, options: MetricOptions, qgram = true): VectorOptions {
  return {
    idf: readIdf(owner, options),
    qgram: qgram ? readNumber(owner, options, 'qgram', 0, { min: 0, max: 16, integer: true }) : 0,
    tf: readEnum(owner, options, 'tf', ['raw', 'sublinear', 'binary'] as const, 'raw'),
  };
}

const tfOf: Record<TfMode, (count: number) => number> = {
  raw: (count) => count,
  sublinear: (count) => 1 + Math.log(count),
  binary: () => 1,
};

export function vectorizer(options: VectorOptions): (value: string) => WeightedVector {
  const tokenize = tokenizer(options.qgram);
  const tf = tfOf[options.tf];
  const { idf } = options;
  return (value) => {
    const weights = countItems(tokenize(value));
    let squares = 0;
    let total = 0;
    for (const [token, count] of weights) {
      const raw = idf === undefined ? 1 : idf(token);
      const weight = Number.isFinite(raw) && raw > 0 ? tf(count) * raw : 0;
      weights.set(token, weight);
      squares += weight * weight;
      total += weight;
    }
    return { weights, norm: Math.sqrt(squares), total };
  };
}

/**
 * A two-argument similarity over vectors, with the left vector cached: the engine compares one
 * record with many candidates in a row.
 */
export function cachedLeft(
  vectorize: (value: string) => WeightedVector,
  similarity: (a: WeightedVector, b: WeightedVector) => number,
): (a: string, b: string) => number {
  let lastA: string | undefined;
  let lastVector: WeightedVector = { weights: new Map(), norm: 0, total: 0 };
  return (a, b) => {
    if (a === b) return 1;
    if (a !== lastA) {
      lastVector = vectorize(a);
      lastA = a;
    }
    return similarity(lastVector, vectorize(b));
  };
}
