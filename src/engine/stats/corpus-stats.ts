/**
 * Corpus statistics for term-frequency adjustment and TF-IDF.
 *
 * The engine only needs three counts; the service keeps them in Postgres (incremented with
 * `matcher.statTerms(prepared)` as records arrive, read through a cache since `compare` is
 * synchronous) and the bench keeps them in memory with `InMemoryCorpusStats`.
 * IDF uses the smoothed form idf(t) = ln((N + 1) / (df(t) + 1)) + 1 (Salton & Buckley 1988; the
 * scikit-learn default), so an unseen token gets the highest weight rather than a division by zero.
 */
import { tokenizer } from '../metrics/tokenize';

export interface CorpusStats {
  /** Records with a non-null value for the attribute (or vocabulary, see `vocabularyOf`). */
  attributeCount(attribute: string): number;
  /** Records whose attribute equals this normalized value (TF numerator). */
  valueCount(attribute: string, value: string): number;
  /** Records whose attribute's vocabulary contains this token (document frequency). */
  tokenCount(attribute: string, token: string): number;
}

/** What one prepared record adds to the counts: the service increments exactly these rows. */
export interface StatTerms {
  /** Attributes and vocabularies with a non-null value, among those the matcher keeps statistics for. */
  readonly attributes: readonly string[];
  readonly values: ReadonlyArray<readonly [attribute: string, value: string]>;
  readonly tokens: ReadonlyArray<readonly [vocabulary: string, token: string]>;
}

/**
 * Token statistics are kept per vocabulary: an attribute's words (`title`), or its character
 * q-grams when a tfidf metric uses the `qgram` option (`title/q3`), tokenized exactly as the metric
 * does, so the IDF the metric asks for is the one that was counted.
 */
export function vocabularyOf(attribute: string, metricOptions: Record<string, unknown> | undefined): string {
  const q = metricOptions?.qgram;
  return typeof q === 'number' && q > 0 ? `${attribute}/q${q}` : attribute;
}

export function tokenizerOf(vocabulary: string): (value: string) => string[] {
  const q = /\/q(\d+)$/.exec(vocabulary);
  return tokenizer(q ? Number(q[1]) : 0);
}

export function idf(stats: CorpusStats, attribute: string, token: string): number {
  const n = stats.attributeCount(attribute);
  return Math.log((n + 1) / (stats.tokenCount(attribute, token) + 1)) + 1;
}

/** Term frequency of a value, counting the record itself when the value has not been counted yet. */
export function termFrequency(stats: CorpusStats, attribute: string, value: string): number | undefined {
  const n = stats.attributeCount(attribute);
  if (n === 0) return undefined;
  return Math.max(stats.valueCount(attribute, value), 1) / n;
}

export class InMemoryCorpusStats implements CorpusStats {
  private readonly attributes = new Map<string, number>();
  // Nested maps: a lookup on the hot path (IDF of every token of every compared value) costs two
  // hash probes and no string concatenation.
  private readonly values = new Map<string, Map<string, number>>();
  private readonly tokens = new Map<string, Map<string, number>>();

  add(terms: StatTerms): void {
    for (const attribute of terms.attributes) increment(this.attributes, attribute);
    for (const [attribute, value] of terms.values) increment(inner(this.values, attribute), value);
    for (const [attribute, token] of terms.tokens) increment(inner(this.tokens, attribute), token);
  }

  attributeCount(attribute: string): number {
    return this.attributes.get(attribute) ?? 0;
  }

  valueCount(attribute: string, value: string): number {
    return this.values.get(attribute)?.get(value) ?? 0;
  }

  tokenCount(attribute: string, token: string): number {
    return this.tokens.get(attribute)?.get(token) ?? 0;
  }
}

function inner(map: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let found = map.get(key);
  if (!found) {
    found = new Map();
    map.set(key, found);
  }
  return found;
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
