import { tfidfCosine } from './tfidf-cosine';

describe('tfidf_cosine', () => {
  const idfTable: Record<string, number> = { acme: 5, zyxel: 6, inc: 0.1, corp: 0.2, the: 0 };
  const idf = (token: string): number => idfTable[token] ?? 4;
  const weighted = tfidfCosine.create({ idf });

  it.each([
    ['acme inc', 'acme corp', 25 / Math.sqrt(25.01 * 25.04)],
    ['acme inc', 'zyxel inc', 0.01 / Math.sqrt(25.01 * 36.01)],
    ['acme', 'acme acme', 1],
    ['the', 'the', 1],
    ['the', 'inc', 0],
    ['the', 'the inc', 0], // zero-weight tokens carry no evidence
    ['', '', 1],
    ['', 'acme', 0],
    ['unseen', 'unseen words', 1 / Math.sqrt(2)], // unseen tokens get the engine's default idf (4 here)
  ])('with idf: %j vs %j → %d', (a, b, expected) => {
    expect(weighted(a, b)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['acme inc', 'acme corp', 0.5],
    ['a a b', 'a b b', 0.8],
  ])('without idf and with tf raw (= cosine_tokens): %j vs %j → %d', (a, b, expected) => {
    expect(tfidfCosine.create({ tf: 'raw' })(a, b)).toBeCloseTo(expected, 10);
  });

  it.each([
    // Words weigh once by default: a repeated word is formatting, not emphasis.
    [{}, 'a a b', 'a b b', 1],
    [{}, 'adobe soundbooth adobe', 'adobe soundbooth', 1],
    // Character q-grams keep their counts: "ana" twice is part of "banana".
    [{ qgram: 3 }, 'banana', 'bana', 3 / Math.sqrt(6 * 2)],
    [{ qgram: 3, tf: 'binary' }, 'banana', 'bana', 2 / Math.sqrt(3 * 2)],
  ])('default tf by token kind: %j %j vs %j → %d', (options, a, b, expected) => {
    expect(tfidfCosine.create(options)(a, b)).toBeCloseTo(expected, 10);
  });

  it('gives the same answers when the cached left value changes', () => {
    const compare = tfidfCosine.create({ idf });
    const first = compare('acme inc', 'acme corp');
    expect(compare('zyxel inc', 'acme inc')).toBeCloseTo(0.01 / Math.sqrt(36.01 * 25.01), 10);
    expect(compare('acme inc', 'acme corp')).toBe(first);
  });

  it('weighs each value once, again after the IDF revision moves', () => {
    const table: Record<string, number> = { acme: 1, inc: 1 };
    let revision = 0;
    const looked: string[] = [];
    const compare = tfidfCosine.create({
      idf: (t: string) => (looked.push(t), table[t] ?? 1),
      idf_revision: () => revision,
    });
    expect(compare('acme inc', 'acme')).toBeCloseTo(1 / Math.sqrt(2), 10);
    expect(compare('acme', 'acme inc')).toBeCloseTo(1 / Math.sqrt(2), 10);
    expect(looked).toEqual(['acme', 'inc', 'acme']);
    table.inc = 0;
    revision = 1;
    expect(compare('acme inc', 'acme')).toBeCloseTo(1, 10);
  });

  it('ignores non-finite or negative idf values', () => {
    const broken = tfidfCosine.create({ idf: (t: string) => (t === 'x' ? NaN : t === 'y' ? -1 : 1) });
    expect(broken('x a', 'y a')).toBeCloseTo(1, 10);
  });

  it('uses q-grams with idf', () => {
    const compare = tfidfCosine.create({ idf: () => 1, qgram: 2 });
    expect(compare('abab', 'ab')).toBeCloseTo(2 / Math.sqrt(5), 10);
  });

  it.each([
    ['sublinear', 'aaaab', 'ab', 'aaaab'],
    ['binary', 'aaaab', 'ab', 'aaaab'],
  ])('tf %s damps repeated q-grams', (tf, a, b) => {
    const raw = tfidfCosine.create({ idf: () => 1, qgram: 2 });
    const damped = tfidfCosine.create({ idf: () => 1, qgram: 2, tf });
    expect(damped(a, b)).toBeGreaterThan(raw(a, b));
  });

  it('rejects a non-function idf', () => {
    expect(() => tfidfCosine.create({ idf: { acme: 5 } })).toThrow(
      'tfidf_cosine: option "idf" must be a function',
    );
  });
});
