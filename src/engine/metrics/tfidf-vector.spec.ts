import { dotOfVectors, vectorizer } from './tfidf-vector';

describe('dotOfVectors', () => {
  const options = { idf: (t: string) => (t === 'acme' ? 3 : 1), qgram: 0, tf: 'raw' as const };

  it.each([
    ['acme inc acme', 'inc acme corp', 3 * 2 * 3 + 1],
    ['acme', 'zyxel', 0],
    ['', 'acme', 0],
  ])('%j · %j = %d, by token ids in one space and by token across two', (a, b, expected) => {
    const one = vectorizer(options);
    expect(dotOfVectors(one(a), one(b))).toBeCloseTo(expected, 10);
    // Another vectorizer numbers its tokens differently: the comparison falls back to the tokens.
    const other = vectorizer(options);
    other('corp zyxel inc');
    expect(dotOfVectors(one(a), other(b))).toBeCloseTo(expected, 10);
  });
});
