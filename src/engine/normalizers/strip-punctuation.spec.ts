import { stripPunctuation } from './strip-punctuation';

describe('strip_punctuation', () => {
  it.each([
    [{}, "O'Brien-Smith, Jr.", 'OBrienSmith Jr'],
    [{}, 'Acme (Europe) Ltd.', 'Acme Europe Ltd'],
    [{}, '¿Qué? «Sí» — ¡vale!', 'Qué Sí  vale'],
    [{}, 'Price: $5 + €3 ©', 'Price 5  3 '],
    [{}, 'no punctuation', 'no punctuation'],
    [{}, '...', null],
    [{}, '', null],
    [{ keep: "-'" }, "O'Brien-Smith, Jr.", "O'Brien-Smith Jr"],
    [{ keep: '&' }, 'AT&T, Inc.', 'AT&T Inc'],
    [{ replacement: ' ' }, 'smith-jones/ltd', 'smith jones ltd'],
    [{ replacement: ' ', keep: '.' }, 'a.b-c', 'a.b c'],
    [{}, '-'.repeat(5000) + 'x', 'x'],
  ])('%j: %j → %j', (options, input, expected) => {
    expect(stripPunctuation.create(options)(input)).toBe(expected);
  });

  it.each([[{ keep: 3 }], [{ replacement: null }], [{ other: true }]])('rejects %j', (options) => {
    expect(() => stripPunctuation.create(options)).toThrow(/strip_punctuation: /);
  });
});
