/**
 * Slow, obviously-correct reference implementations and seeded random pairs, used by the metric
 * specs to cross-check the optimized code on thousands of random pairs (both the ≤ 32 bit-parallel
 * paths and the longer dynamic-programming paths).
 */

import { seededRandom } from '../../../src/engine/seeded-random';

export function randomPairs(
  seed: number,
  count: number,
  alphabet: string,
  maxLength: number,
): Array<[string, string]> {
  const random = seededRandom(seed);
  const word = (): string => {
    const length = Math.floor(random() * (maxLength + 1));
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const pairs: Array<[string, string]> = [];
  for (let k = 0; k < count; k++) {
    const a = word();
    // Half the pairs are light edits of `a`, so distances are small as in real matching.
    if (random() < 0.5) {
      pairs.push([a, word()]);
    } else {
      const chars = a.split('');
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits && chars.length > 1; e++) {
        const i = Math.floor(random() * (chars.length - 1));
        [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
      }
      if (random() < 0.5) chars.splice(Math.floor(random() * (chars.length + 1)), 0, alphabet[0]);
      pairs.push([a, chars.join('')]);
    }
  }
  return pairs;
}

function matrix(rows: number, cols: number, fill = 0): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(fill));
}

export function naiveLevenshtein(a: string, b: string): number {
  const d = matrix(a.length + 1, b.length + 1);
  for (let i = 0; i <= a.length; i++) d[i][0] = i;
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

export function naiveOsa(a: string, b: string): number {
  const d = matrix(a.length + 1, b.length + 1);
  for (let i = 0; i <= a.length; i++) d[i][0] = i;
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** Unrestricted Damerau-Levenshtein by breadth-first search over edit operations (tiny inputs only). */
export function bruteForceDamerau(a: string, b: string): number {
  const seen = new Set([a]);
  let frontier = [a];
  const alphabet = [...new Set(a + b)];
  for (let distance = 0; ; distance++) {
    if (frontier.includes(b)) return distance;
    const next: string[] = [];
    const visit = (s: string): void => {
      if (!seen.has(s) && s.length <= Math.max(a.length, b.length) + 1) {
        seen.add(s);
        next.push(s);
      }
    };
    for (const s of frontier) {
      for (let i = 0; i <= s.length; i++) {
        if (i < s.length) visit(s.slice(0, i) + s.slice(i + 1));
        if (i + 1 < s.length) visit(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
        for (const c of alphabet) {
          visit(s.slice(0, i) + c + s.slice(i));
          if (i < s.length) visit(s.slice(0, i) + c + s.slice(i + 1));
        }
      }
    }
    frontier = next;
  }
}

export function naiveLcs(a: string, b: string): number {
  const d = matrix(a.length + 1, b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = a[i - 1] === b[j - 1] ? d[i - 1][j - 1] + 1 : Math.max(d[i - 1][j], d[i][j - 1]);
    }
  }
  return d[a.length][b.length];
}

export function naiveLongestCommonSubstring(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      best = Math.max(best, k);
    }
  }
  return best;
}

/** Jaro straight from the definition, with boolean arrays. */
export function naiveJaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const usedA = new Array<boolean>(a.length).fill(false);
  const usedB = new Array<boolean>(b.length).fill(false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedA[i] = usedB[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  const sa = [...a].filter((_, i) => usedA[i]);
  const sb = [...b].filter((_, j) => usedB[j]);
  const t = sa.filter((ch, k) => ch !== sb[k]).length / 2;
  return (m / a.length + m / b.length + (m - Math.floor(t)) / m) / 3;
}
