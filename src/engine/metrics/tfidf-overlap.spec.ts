import { tfidfOverlap } from './tfidf-overlap';

describe('tfidf_overlap', () => {
  const idfTable: Record<string, number> = {
    instant: 3,
    immersion: 4,
    french: 5,
    italian: 5,
    topics: 1,
    '2': 0.5,
  };
  const idf = (token: string): number => idfTable[token] ?? 6;
  const compare = tfidfOverlap.create({ idf });

  it.each([
    // The shorter listing contained in the longer one: no penalty for the extra words.
    ['instant immersion french 2', 'topics 80542 instant immersion french 2 781735805428', 1],
    // A word of the lighter value missing from the other counts by its IDF.
    ['instant immersion french 2', 'instant immersion italian 2', 7.5 / 12.5],
    ['french', 'italian', 0],
    ['french french', 'french', 1], // tf × idf: min(10, 5) / min(10, 5)
    ['', '', 1],
    ['', 'french', 0],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 10);
    expect(compare(b, a)).toBeCloseTo(expected, 10);
  });

  it('without idf is the overlap of token multisets', () => {
    expect(tfidfOverlap.create({})('a b', 'a b c d')).toBeCloseTo(1, 10);
    expect(tfidfOverlap.create({})('a b x', 'a b c d')).toBeCloseTo(2 / 3, 10);
  });

  it('uses q-grams', () => {
    expect(tfidfOverlap.create({ qgram: 3 })('print', 'the printshop')).toBeCloseTo(1, 10);
  });

  it('rejects unknown tf modes', () => {
    expect(() => tfidfOverlap.create({ tf: 'log' })).toThrow(/^tfidf_overlap: /);
  });
});
