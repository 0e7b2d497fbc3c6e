import { longestCommonSubstring, longestCommonSubstringRatioMetric } from './longest-common-substring-ratio';
import { naiveLongestCommonSubstring, randomPairs } from '../../../test/support/engine/metric-reference';

describe('longest_common_substring_ratio', () => {
  it.each([
    [{}, 'acme', 'the acme company', 0.25],
    [{ normalize: 'min' }, 'acme', 'the acme company', 1],
    [{ normalize: 'mean' }, 'acme', 'the acme company', 0.4],
    [{}, 'abcdef', 'xbcdey', 4 / 6],
    [{}, 'abc', 'xyz', 0],
    [{}, 'same', 'same', 1],
    [{}, '', '', 1],
    [{}, '', 'abc', 0],
    [{}, 'müller', 'muller', 4 / 6],
    [{}, 'a'.repeat(300) + 'b', 'a'.repeat(300) + 'c', 300 / 301],
  ])('%j: %j vs %j → %d', (options, a, b, expected) => {
    expect(longestCommonSubstringRatioMetric.create(options)(a, b)).toBeCloseTo(expected, 10);
  });

  it('agrees with brute force on random pairs', () => {
    for (const [a, b] of randomPairs(23, 2000, 'abc', 30)) {
      expect(longestCommonSubstring(a, b)).toBe(naiveLongestCommonSubstring(a, b));
    }
  });
});
