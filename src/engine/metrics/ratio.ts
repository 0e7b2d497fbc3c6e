/**
 * ratio: the fuzzywuzzy/RapidFuzz `fuzz.ratio`, 2·LCS(a, b) / (|a| + |b|), which is 1 − indel distance /
 * (|a| + |b|), the normalized InDel similarity that python-Levenshtein's `ratio()` and RapidFuzz's
 * `fuzz.ratio` compute (fuzzywuzzy's pure-Python path uses difflib's Ratcliff-Obershelp instead,
 * which usually agrees). Used by token_sort_ratio and token_set_ratio; returns [0, 1], not 0-100,
 * and two empty strings score 1.
 *
 * LCS length is bit-parallel for a shorter side of up to 32 code units (L. Allison & T. I. Dix,
 * "A bit-string longest-common-subsequence algorithm", IPL 23(5), 1986, with Hyyrö's 2004
 * formulation), else a one-row dynamic programme on a reused Int32Array.
 */
import { checkKnownOptions } from '../normalizers/options';
import { clearPeq, ensureInt32, fillPeq, PEQ, popcount32 } from './buffers';
import type { MetricDefinition } from './metric';

let row = new Int32Array(64);

function lcsBitParallel(a: string, n: number, b: string): number {
  fillPeq(a, 0, n);
  let s = -1;
  for (let j = 0; j < b.length; j++) {
    const u = s & PEQ[b.charCodeAt(j)];
    s = (s + u) | (s - u);
  }
  clearPeq(a, 0, n);
  const mask = n === 32 ? -1 : (1 << n) - 1;
  return popcount32(~s & mask);
}

function lcsRow(a: string, n: number, b: string): number {
  row = ensureInt32(row, n + 1);
  row.fill(0, 0, n + 1);
  for (let j = 0; j < b.length; j++) {
    const code = b.charCodeAt(j);
    let diagonal = 0;
    for (let i = 1; i <= n; i++) {
      const above = row[i];
      row[i] = a.charCodeAt(i - 1) === code ? diagonal + 1 : Math.max(above, row[i - 1]);
      diagonal = above;
    }
  }
  return row[n];
}

export function lcsLength(a: string, b: string): number {
  if (a.length > b.length) {
    const shorter = b;
    b = a;
    a = shorter;
  }
  const n = a.length;
  if (n === 0) return 0;
  return n <= 32 ? lcsBitParallel(a, n, b) : lcsRow(a, n, b);
}

export function indelRatio(a: string, b: string): number {
  if (a === b) return 1;
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * lcsLength(a, b)) / total;
}

export const ratio: MetricDefinition = {
  name: 'ratio',
  kind: 'similarity',
  description: 'fuzzywuzzy ratio in [0, 1]: 2·LCS / (|a| + |b|).',
  create(options) {
    checkKnownOptions('ratio', options, []);
    return indelRatio;
  },
};
