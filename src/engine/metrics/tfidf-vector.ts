/**
 * TF-IDF weighted token vectors shared by tfidf_cosine, tfidf_overlap and soft_tfidf.
 *
 * Weight of token t in a value = tf(t) × idf(t) (Spärck Jones 1972; Salton & Buckley, "Term-weighting
 * approaches in automatic text retrieval", 1988). `tf` is the count (`raw`, the default for character
 * q-grams), 1 + ln(count) (`sublinear`, Salton & Buckley's damping, so a q-gram repeated inside one word
 * does not dominate) or 1 (`binary`, the default for words: `defaultTf`). IDF comes from the engine's corpus statistics through `options.idf`; without it
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
  /**
   * The same weights as token ids in ascending order with their weights, ids from one vectorizer's
   * `space`: two vectors of one space are compared by a merge over numbers instead of a hash lookup
   * per token.
   */
  readonly ids: Int32Array;
  readonly values: Float64Array;
  readonly space: object;
}

/** Token ids a vectorizer gives out before it starts a new space (bounds the table's memory). */
const MAX_SPACE_TOKENS = 1 << 20;

/** Σ a_t · b_t over the tokens two vectors share. */
export function dotOfVectors(a: WeightedVector, b: WeightedVector): number {
  let dot = 0;
  if (a.space === b.space) {
    const { ids: x, values: u } = a;
    const { ids: y, values: v } = b;
    for (let i = 0, j = 0; i < x.length && j < y.length;) {
      if (x[i] === y[j]) dot += u[i++] * v[j++];
      else if (x[i] < y[j]) i++;
      else j++;
    }
    return dot;
  }
  for (const [token, weight] of b.weights) dot += weight * (a.weights.get(token) ?? 0);
  return dot;
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

/**
 * Words weigh once (`binary`) unless told otherwise: in a short value a repeated word is an artefact,
 * not emphasis (the brand in the title and again in a folded-in manufacturer field, a shop repeating
 * its category word), and counting it twice breaks tfidf_overlap's containment (the shorter value
 * "adobe soundbooth cs3 adobe" would no longer be contained in a listing naming adobe once).
 * Character q-grams keep their counts (`raw`): "ana" twice in "banana" is part of the spelling.
 */
const defaultTf = (qgram: number): TfMode => (qgram > 0 ? 'raw' : 'binary');

export function readVectorOptions(owner: string, options: MetricOptions, qgram = true): VectorOptions {
  const grams = qgram ? readNumber(owner, options, 'qgram', 0, { min: 0, max: 16, integer: true }) : 0;
  return {
    idf: readIdf(owner, options),
    qgram: grams,
    tf: readEnum(owner, options, 'tf', ['raw', 'sublinear', 'binary'] as const, defaultTf(grams)),
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
  let space = new Map<string, number>();
  return (value) => {
    const weights = countItems(tokenize(value));
    if (space.size + weights.size > MAX_SPACE_TOKENS) space = new Map();
    const entries: Array<[number, number]> = [];
    let squares = 0;
    let total = 0;
    for (const [token, count] of weights) {
      const raw = idf === undefined ? 1 : idf(token);
      const weight = Number.isFinite(raw) && raw > 0 ? tf(count) * raw : 0;
      weights.set(token, weight);
      squares += weight * weight;
      total += weight;
      let id = space.get(token);
      if (id === undefined) space.set(token, (id = space.size));
      entries.push([id, weight]);
    }
    entries.sort((x, y) => x[0] - y[0]);
    return {
      weights,
      norm: Math.sqrt(squares),
      total,
      ids: Int32Array.from(entries, (e) => e[0]),
      values: Float64Array.from(entries, (e) => e[1]),
      space,
    };
  };
}

/** How many values' vectors a metric keeps: a record's title is compared with many candidates. */
export const VECTOR_CACHE_SIZE = 20_000;

/**
 * A two-argument similarity over vectors, each value vectorized once and kept (up to
 * VECTOR_CACHE_SIZE values, oldest dropped first): the service compares a batch's records with
 * candidates that recur across the batch, and tokenizing and weighing a value costs far more than
 * the similarity itself. The vectors depend on the IDF, so they are dropped when the engine's
 * `idf_revision` (the corpus statistics' revision) moves.
 */
export function cachedVectors(
  vectorize: (value: string) => WeightedVector,
  similarity: (a: WeightedVector, b: WeightedVector) => number,
  options: MetricOptions,
): (a: string, b: string) => number {
  const revision = readRevision(options);
  const cache = new Map<string, WeightedVector>();
  let seen = revision();
  const vectorOf = (value: string): WeightedVector => {
    let vector = cache.get(value);
    if (vector === undefined) {
      vector = vectorize(value);
      if (cache.size >= VECTOR_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(value, vector);
    }
    return vector;
  };
  return (a, b) => {
    if (a === b) return 1;
    const now = revision();
    if (now !== seen) {
      cache.clear();
      seen = now;
    }
    return similarity(vectorOf(a), vectorOf(b));
  };
}

function readRevision(options: MetricOptions): () => number {
  const revision = options.idf_revision;
  if (revision === undefined) return () => 0;
  if (typeof revision !== 'function')
    throw new Error('option "idf_revision" must be a function () => number');
  return revision as () => number;
}
