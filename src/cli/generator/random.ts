/**
 * Seeded pseudo-random numbers for the synthetic data generator.
 *
 * sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator from PractRand): 128 bits of state,
 * passes PractRand and BigCrush, and is plain 32-bit integer arithmetic, so a seed gives the same
 * sequence on every platform and Node version. Streams are derived from a seed and a label with
 * FNV-1a + a splitmix-style finalizer, so each entity can be regenerated on its own from
 * (seed, entity index) without replaying the whole sequence.
 */

/** 32-bit FNV-1a of a string, mixed with `salt`. */
export function hash32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A splitmix32-style finalizer: spreads every input bit over the output. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for `seed`, optionally split by any number of labels (entity index, domain, purpose). */
  constructor(seed: number, ...labels: Array<string | number>) {
    let s = mix32(seed >>> 0);
    for (const label of labels) s = hash32(String(label), s);
    this.a = mix32(s ^ 0x1);
    this.b = mix32(s ^ 0x2);
    this.c = mix32(s ^ 0x3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm up: sfc32's first outputs echo the seed
  }

  /** The next 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** `digits` random decimal digits, as a string (leading zeros kept). */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/**
 * Zipf's law over ranks 1..n: P(k) ∝ 1 / k^s. Sampling is a binary search over the cumulative
 * distribution (built once, n floats). s = 1 is classic Zipf; real surname and first-name
 * frequencies fit s ≈ 0.7–1.0 over their head.
 */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    if (n < 1) throw new Error('Zipf: n must be at least 1');
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, s);
      this.cdf[k - 1] = sum;
    }
    for (let k = 0; k < n; k++) this.cdf[k] /= sum;
  }

  /** The probability of rank `k` (0-based). */
  probability(k: number): number {
    return k === 0 ? this.cdf[0] : this.cdf[k] - this.cdf[k - 1];
  }

  /** A 0-based rank. */
  sample(random: Random): number {
    const r = random.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
