import { substring } from './substring';

describe('substring', () => {
  it.each([
    [{ length: 1 }, 'smith', 's'],
    [{ start: 0, length: 3 }, '94110', '941'],
    [{ start: 2 }, 'abcdef', 'cdef'],
    [{ start: -3 }, 'abcdef', 'def'],
    [{ start: -10, length: 2 }, 'abc', 'ab'],
    [{ start: 1, length: 2 }, 'a😀b', '😀b'], // code points, not UTF-16 units
    [{ length: 1 }, '😀x', '😀'],
    [{ length: 1 }, 'été', 'é'],
    [{ start: 5 }, 'abc', null],
    [{ length: 0 }, 'abc', null],
    [{ length: 1 }, '', null],
    [{ start: 1000, length: 3 }, 'x'.repeat(5000), 'xxx'],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(substring.create(options)(input)).toBe(expected);
  });

  it.each([[{ length: -1 }], [{ start: 1.5 }], [{ start: '1' }]])('rejects %j', (options) => {
    expect(() => substring.create(options)).toThrow(/^substring: option/);
  });
});
