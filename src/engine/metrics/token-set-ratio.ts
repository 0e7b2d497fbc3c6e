/**
 * token_set_ratio: fuzzywuzzy's `fuzz.token_set_ratio` (SeatGeek, 2011). With I the sorted common
 * tokens and Da, Db the sorted tokens only in a or only in b, it is the best InDel ratio among
 * (I, I+Da), (I, I+Db) and (I+Da, I+Db). A value whose tokens are a subset of the other's scores 1
 * ("acme" vs "acme holdings"): good for names with optional parts, too generous on its own for
 * short values. Duplicated tokens count once. Returns [0, 1]; two empty strings score 1.
 */
import { checkKnownOptions } from '../normalizers/options';
import { indelRatio } from './ratio';
import type { MetricDefinition } from './metric';
import { splitWhitespace } from './tokenize';

function join(left: string, right: string): string {
  return left.length === 0 ? right : right.length === 0 ? left : `${left} ${right}`;
}

export function tokenSetRatio(a: string, b: string): number {
  if (a === b) return 1;
  const setA = new Set(splitWhitespace(a));
  const setB = new Set(splitWhitespace(b));
  const common: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const token of setA) (setB.has(token) ? common : onlyA).push(token);
  for (const token of setB) if (!setA.has(token)) onlyB.push(token);
  const sect = common.sort().join(' ');
  const combinedA = join(sect, onlyA.sort().join(' '));
  const combinedB = join(sect, onlyB.sort().join(' '));
  const crossed = indelRatio(combinedA, combinedB);
  // fuzzywuzzy scores an empty side as 0, so with no common token only the cross pair counts.
  if (sect.length === 0) return crossed;
  return Math.max(indelRatio(sect, combinedA), indelRatio(sect, combinedB), crossed);
}

export const tokenSetRatioMetric: MetricDefinition = {
  name: 'token_set_ratio',
  kind: 'similarity',
  description: 'fuzzywuzzy token_set_ratio in [0, 1]: best ratio of common tokens against each side.',
  create(options) {
    checkKnownOptions('token_set_ratio', options, []);
    return tokenSetRatio;
  },
};
