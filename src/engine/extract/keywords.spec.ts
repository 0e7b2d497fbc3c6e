import { keywords } from './keywords';

describe('keywords', () => {
  it.each<[Record<string, unknown>, string, string | null]>([
    [{ set: 'platform' }, 'Adobe Photoshop CS3 Extended [Mac]', 'mac'],
    [{ set: 'platform' }, 'photoshop cs3 for macintosh', 'mac'],
    [{ set: 'platform' }, 'reel deal casino (win 95 98 me 2000 xp)', 'windows'],
    [{ set: 'platform' }, 'the universe (pc/mac) (jewel case)', 'mac windows'],
    [{ set: 'platform' }, 'final cut studio for Mac OS X', 'mac'],
    [{ set: 'platform' }, 'quicken 2007 premier', null],
    [{ set: 'edition' }, 'money prem 2007 cd minibox', 'premium'],
    [{ set: 'edition' }, 'adobe dreamweaver cs3 upgrade', 'upgrade'],
    [
      { set: 'edition' },
      'after effects 6.5 upgrade from standard to professional',
      'professional standard upgrade',
    ],
    [{ set: 'edition' }, 'windows sbs cal 2003', 'small_business'],
    [{ set: 'edition' }, 'windows vista ultimate full version [dvd]', 'full ultimate'],
    [{ set: 'edition' }, 'acad corel painter x', 'academic'],
    [{ set: 'language' }, 'windows vista business spanish full version', 'spanish'],
    [{ set: 'language' }, 'instant immersion italian 2.0', 'italian'],
    [{ set: 'colour' }, 'Makita Brushless 18V Drill XFD8202 - Bleu', 'blue'],
    [{ set: 'colour' }, 'SONY SRS-3046 DRILL GRAY', 'gray'],
    [{ set: 'edition' }, 'windows Small Business server 2003', 'small_business'],
    // Your own groups, merged with a set or alone; phrases of two words.
    [{ groups: { organic: ['organic', 'bio'] } }, 'Bio Vollmilch 3,5 %', 'organic'],
    [{ set: 'platform', groups: { ios: ['ipad', 'iphone'] } }, 'app for iPhone and Mac', 'ios mac'],
    [{ groups: { gluten_free: ['gluten free'] } }, 'Gluten-free bread', 'gluten_free'],
  ])('%j: %s → %s', (options, text, found) => {
    expect(keywords.create(options)(text)).toBe(found);
  });

  it.each<[Record<string, unknown>, string]>([
    [{}, 'keywords: give a `set` or `groups`'],
    [{ set: 'colours' }, 'keywords: option "set" must be one of platform, edition, language, colour'],
    [{ groups: { a: 'b' } }, 'keywords: option "groups" must be a map from a group name to a list of words'],
    [{ words: [] }, 'keywords: unknown option "words"'],
  ])('rejects %j', (options, message) => {
    expect(() => keywords.create(options)).toThrow(message);
  });
});
