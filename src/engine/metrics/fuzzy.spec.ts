import { fuzzy } from './fuzzy';

describe('fuzzy', () => {
  const compare = fuzzy.create({});

  it.each([
    ['john smith', 'john smith', 1],
    ['acme', 'acme holdings', 0.999], // substring semantics; Fuse floors scores at 0.001
    ['jonathan', 'johnathan', 0.875], // one error in eight pattern characters
    ['johnathan', 'jonathan', 0.875], // symmetric: the shorter value is the pattern
    ['abc', 'xyz', 0],
    ['ABC', 'abc', 0], // case-sensitive, like the other metrics
    ['', '', 1],
    ['', 'abc', 0],
    ['zoë', 'zoe', 2 / 3],
    ['a'.repeat(40) + 'b', 'a'.repeat(40) + 'c', 0.983875], // > 32 chars: Fuse scores 32-char chunks (pinned)
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 5);
  });

  it('applies the threshold', () => {
    const strict = fuzzy.create({ threshold: 0.1 });
    expect(strict('jonathan', 'johnathan')).toBe(0);
    expect(strict('jonathan', 'jonathan')).toBe(1);
  });

  it('penalises distance from the start when ignore_location is false', () => {
    const located = fuzzy.create({ ignore_location: false, distance: 100 });
    expect(located('acme', 'the acme')).toBeCloseTo(0.96, 5);
    expect(compare('acme', 'the acme')).toBeCloseTo(0.999, 5);
  });

  it.each([[{ threshold: 2 }], [{ ignore_location: 'yes' }], [{ keys: ['name'] }]])(
    'rejects %j',
    (options) => {
      expect(() => fuzzy.create(options)).toThrow(/^fuzzy: /);
    },
  );
});
