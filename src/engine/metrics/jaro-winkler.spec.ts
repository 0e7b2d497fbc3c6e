import { jaroWinkler } from './jaro-winkler';

describe('jaro_winkler', () => {
  const compare = jaroWinkler.create({});

  it.each([
    ['MARTHA', 'MARHTA', 0.961111],
    ['DIXON', 'DICKSONX', 0.813333],
    ['DWAYNE', 'DUANE', 0.84],
    ['JELLYFISH', 'SMELLYFISH', 0.896296], // no common prefix
    ['abcxyz', 'abcdef', 0.666667], // jaro 0.667 ≤ 0.7: no boost despite the prefix
    ['johnathan', 'jonathan', 0.903704],
    ['prefixes', 'prefixed', 0.95], // prefix capped at 4
    ['', '', 1],
    ['a', '', 0],
    ['éric', 'eric', 0.833333],
    ['a'.repeat(300), 'a'.repeat(300), 1],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 5);
  });

  it.each([
    [{ prefix_scale: 0.2 }, 'MARTHA', 'MARHTA', 0.977778],
    [{ prefix_scale: 0 }, 'MARTHA', 'MARHTA', 0.944444],
    [{ max_prefix: 2 }, 'MARTHA', 'MARHTA', 0.955556],
    [{ boost_threshold: 0.5 }, 'abcxyz', 'abcdef', 0.766667],
  ])('%j: %j vs %j → %d', (options, a, b, expected) => {
    expect(jaroWinkler.create(options)(a, b)).toBeCloseTo(expected, 5);
  });

  it.each([[{ prefix_scale: 0.3 }], [{ prefix_scale: -0.1 }], [{ max_prefix: 2.5 }], [{ scale: 0.1 }]])(
    'rejects %j',
    (options) => {
      expect(() => jaroWinkler.create(options)).toThrow(/^jaro_winkler: /);
    },
  );
});
