import { modelNumbers } from './model-numbers';

describe('model_numbers', () => {
  const extract = modelNumbers.create({});

  it.each<[string, string | null]>([
    ['Adobe Photoshop CS3 v10.0 Upgrade', '10 cs3'],
    ['office 2007 vs office 2003', '2003 2007'],
    ['clickart 950 000 premier image pack', '950000'],
    ['imsi turbocad designer v.11', '11'],
    ['marine aquarium 2.0 (mac)', '2'],
    ['apple software m9301z/b soundtrack', 'm9301z m9301zb'],
    ['the big mix', null],
    // Hyphenated or slashed codes are also kept joined, as the other catalogue may write them.
    ['microsoft h22-00301 gov open sa', '00301 h22 h2200301'],
    ['microsoft licenses project svr (h2200301)', 'h2200301'],
    ['cisco ( csa-b100-srvr-k9 )', 'b100 csab100srvrk9 k9'],
    // ... but not ranges and versions: joined forms under 5 characters or with a dot are not codes.
    ['grades 3-5 ages k-2', '2 3 5'],
    ['mac 8.6-9.x', '8.6 9.x'],
  ])('%s → %s', (title, codes) => {
    expect(extract(title)).toBe(codes);
  });

  it.each<[string, Record<string, unknown>, string | null]>([
    // split_words: the number written onto a word, besides the glued form; short letter runs stay codes.
    ['adobe audition2 win', { split_words: true }, '2 audition2'],
    ['vegas7 + dvd upgrade', { split_words: true }, '7 vegas7'],
    ['photoshop cs3 win32', { split_words: true }, 'cs3 win32'],
    ['printmaster v17.0', { split_words: true }, '17'],
    ['adobe audition2 win', {}, 'audition2'],
    // roman: standalone numerals from ii up; i, v and x alone are words, not versions.
    ['warlords iii darklords rising', { roman: true }, '3'],
    ['crystal reports xi professional', { roman: true }, '11'],
    ['final fantasy xii vs xiv', { roman: true }, '12 14'],
    ['mac os x v 10.4', { roman: true }, '10.4'],
    ['i, robot', { roman: true }, null],
    ['mix civic vixen', { roman: true }, null],
    ['warlords iii', {}, null],
  ])('%s with %j → %s', (title, options, codes) => {
    expect(modelNumbers.create(options)(title)).toBe(codes);
  });

  it('keeps numbers only without letters', () => {
    expect(modelNumbers.create({ letters: false })('photoshop cs3 10.0')).toBe('10');
  });

  it('rejects unknown options', () => {
    expect(() => modelNumbers.create({ size: 2 })).toThrow('model_numbers: unknown option "size"');
  });
});
