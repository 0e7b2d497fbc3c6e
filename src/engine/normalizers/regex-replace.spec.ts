import { regexReplace } from './regex-replace';

describe('regex_replace', () => {
  it.each([
    [{ pattern: '^0+' }, '000123', '123'],
    [{ pattern: '^0+' }, '000', null],
    [{ pattern: '\\s+', replacement: '_' }, 'a b  c', 'a_b_c'],
    [{ pattern: '(\\d{3})(\\d{4})', replacement: '$1-$2' }, '5552671', '555-2671'],
    [{ pattern: '(?<area>\\d{3})-', replacement: '$<area>' }, '415-555', '415555'],
    [{ pattern: 'inc', flags: 'gi' }, 'Acme INC inc', 'Acme  '],
    [{ pattern: 'a', flags: '' }, 'banana', 'bnana'],
    [{ pattern: '\\p{L}', flags: 'gu' }, 'ab12é', '12'],
    [{ pattern: 'x' }, '', null],
    [{ pattern: 'y' }, 'y'.repeat(5000) + 'z', 'z'],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(regexReplace.create(options)(input)).toBe(expected);
  });

  it('gives the same answer on repeated calls (no lastIndex leak)', () => {
    const normalize = regexReplace.create({ pattern: 'a', flags: 'g' });
    expect([normalize('aaa b'), normalize('aaa b'), normalize('aaa b')]).toEqual([' b', ' b', ' b']);
  });

  it.each([
    [{}, 'option "pattern" is required'],
    [{ pattern: '(' }, 'invalid pattern "("'],
    [{ pattern: 'a', flags: 'q' }, 'invalid pattern "a"'],
    [{ pattern: 'a', flags: 'gy' }, 'sticky flag'],
  ])('rejects %j', (options, message) => {
    expect(() => regexReplace.create(options)).toThrow(message);
  });
});
