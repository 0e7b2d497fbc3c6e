/**
 * Corpus statistics for term-frequency adjustment and TF-IDF.
 *
 * The engine only needs three counts. The bench and training count a dataset with
 * `InMemoryCorpusStats`; the service counts the stored records of a type the same way into a
 * versioned snapshot (`toCounts`) and compiles its matchers with the active one (`fromCounts`), so
 * a score depends on the snapshot, never on which records arrived first (docs/resolution.md).
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
  /**
   * Changes whenever the counts change (absent: they never do, as in a snapshot). Metrics cache
   * token vectors per value and drop them when it moves.
   */
  readonly revision?: number;
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

/**
 * The counts of an `InMemoryCorpusStats` as plain data, every list sorted by name, so the same
 * records counted in any order give the same document. Value counts of 1 are left out: TF counts a
 * value seen once exactly like one not seen (`termFrequency`), so dropping them loses nothing and
 * keeps the unique values (ids, emails) out of the document.
 */
export interface CorpusCounts {
  readonly attributes: ReadonlyArray<readonly [attribute: string, count: number]>;
  readonly values: ReadonlyArray<
    readonly [attribute: string, counts: ReadonlyArray<readonly [string, number]>]
  >;
  readonly tokens: ReadonlyArray<
    readonly [vocabulary: string, counts: ReadonlyArray<readonly [string, number]>]
  >;
}

export class InMemoryCorpusStats implements CorpusStats {
  private readonly attributes = new Map<string, number>();
  // Nested maps: a lookup on the hot path (IDF of every token of every compared value) costs two
  // hash probes and no string concatenation.
  private readonly values = new Map<string, Map<string, number>>();
  private readonly tokens = new Map<string, Map<string, number>>();
  private added = 0;

  static fromCounts(counts: CorpusCounts): InMemoryCorpusStats {
    const stats = new InMemoryCorpusStats();
    for (const [attribute, n] of counts.attributes) stats.attributes.set(attribute, n);
    for (const [attribute, entries] of counts.values) stats.values.set(attribute, new Map(entries));
    for (const [vocabulary, entries] of counts.tokens) stats.tokens.set(vocabulary, new Map(entries));
    return stats;
  }

  toCounts(): CorpusCounts {
    return {
      attributes: sorted(this.attributes),
      values: [...this.values.keys()].sort(byName).map((a) => [a, sorted(this.values.get(a)!, 2)] as const),
      tokens: [...this.tokens.keys()].sort(byName).map((v) => [v, sorted(this.tokens.get(v)!)] as const),
    };
  }

  /** How many records were added: the counts change with every one. */
  get revision(): number {
    return this.added;
  }

  add(terms: StatTerms): void {
    this.added++;
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

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sorted(map: Map<string, number>, minCount = 1): Array<readonly [string, number]> {
  return [...map].filter(([, n]) => n >= minCount).sort((a, b) => byName(a[0], b[0]));
}
