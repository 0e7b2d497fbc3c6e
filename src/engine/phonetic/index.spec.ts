import { PHONETIC_ENCODERS } from './index';

describe('PHONETIC_ENCODERS', () => {
  it('registers soundex, double_metaphone and nysiis', () => {
    expect([...PHONETIC_ENCODERS.keys()].sort()).toEqual(['double_metaphone', 'nysiis', 'soundex']);
  });

  it.each([
    ['soundex', 'Smith', ['S530']],
    ['double_metaphone', 'Smith', ['SM0', 'XMT']],
    ['nysiis', 'Smith', ['SNAT']],
    ['soundex', '', []],
    ['double_metaphone', '  ', []],
    ['nysiis', '007', []],
  ])('%s(%j) = %j', (name, value, codes) => {
    expect(PHONETIC_ENCODERS.get(name)!(value)).toEqual(codes);
  });
});
