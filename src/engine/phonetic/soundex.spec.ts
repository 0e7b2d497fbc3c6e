import { soundex, soundexKeys } from './soundex';

describe('soundex', () => {
  // Expected codes from the US National Archives' Soundex rules.
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'], // H/W rule: S and C code once across H
    ['Ashcroft', 'A261'],
    ['Tymczak', 'T522'], // a vowel lets the 2 repeat
    ['Pfister', 'P236'], // the first letter's code counts for adjacency
    ['Honeyman', 'H555'],
    ['Lee', 'L000'],
    ['Gutierrez', 'G362'],
    ['Jackson', 'J250'],
    ['Washington', 'W252'],
    ['Van Dyke', 'V532'], // spaces skipped
    ["O'Hara", 'O600'],
    ['Müller', 'M460'],
    ['mueller', 'M460'],
    ['a', 'A000'],
    ['', ''],
    ['123', ''],
    ['Wolfeschlegelsteinhausenbergerdorff', 'W412'],
  ])('%j → %j', (value, code) => {
    expect(soundex(value)).toBe(code);
  });

  it.each([
    ['Robert', ['R163']],
    ['', []],
    ['---', []],
  ])('keys(%j) = %j', (value, keys) => {
    expect(soundexKeys(value)).toEqual(keys);
  });
});
