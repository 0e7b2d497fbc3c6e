import { jaro, jaroSimilarity } from './jaro';
import { naiveJaro, randomPairs } from '../../../test/support/engine/metric-reference';

describe('jaro', () => {
  const compare = jaro.create({});

  it.each([
    ['MARTHA', 'MARHTA', 0.944444],
    ['DIXON', 'DICKSONX', 0.766667],
    ['DWAYNE', 'DUANE', 0.822222],
    ['JELLYFISH', 'SMELLYFISH', 0.896296],
    ['CRATE', 'TRACE', 0.733333],
    ['abc', 'xyz', 0],
    ['a', 'a', 1],
    ['ab', 'ba', 0], // window is 0 for length 2: no match outside the same position
    ['', '', 1],
    ['a', '', 0],
    ['', 'a', 0],
    ['josé', 'jose', 0.833333],
    ['😀ab', '😀ab', 1],
    ['a'.repeat(500), 'a'.repeat(499) + 'b', 0.998667],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 5);
  });

  it('agrees with the definition on random pairs', () => {
    for (const [a, b] of randomPairs(13, 3000, 'abcde', 40)) {
      expect(jaroSimilarity(a, b)).toBeCloseTo(naiveJaro(a, b), 12);
    }
  });

  it('is symmetric and within [0, 1] on random pairs', () => {
    for (const [a, b] of randomPairs(7, 2000, 'abcde', 40)) {
      const s = jaroSimilarity(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(jaroSimilarity(b, a)).toBeCloseTo(s, 12);
    }
  });
});
