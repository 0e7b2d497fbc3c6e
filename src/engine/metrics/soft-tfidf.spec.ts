import { softTfidf } from './soft-tfidf';
import { tfidfCosine } from './tfidf-cosine';

describe('soft_tfidf', () => {
  const idf = (token: string): number => ({ inc: 0.1, corp: 0.2 })[token] ?? 4;
  const soft = softTfidf.create({ idf });
  const cosine = tfidfCosine.create({ idf });

  it.each([
    ['bosendorfer 290 grand', 'bsendorfer 290 grand'],
    ['jonathan smith', 'johnathan smith'],
  ])('lets close tokens agree where tfidf_cosine does not: %j vs %j', (a, b) => {
    expect(soft(a, b)).toBeGreaterThan(cosine(a, b) + 0.2);
    expect(soft(a, b)).toBeLessThan(1);
  });

  it.each([
    ['acme inc', 'acme corp'],
    ['acme inc', 'zyxel inc'],
    ['a b c', 'a b c'],
  ])('equals tfidf_cosine when no two different tokens are close: %j vs %j', (a, b) => {
    expect(soft(a, b)).toBeCloseTo(cosine(a, b), 10);
  });

  it('honours the inner threshold', () => {
    const strict = softTfidf.create({ idf, inner_threshold: 0.99 });
    expect(strict('bosendorfer', 'bsendorfer')).toBe(0);
    expect(soft('bosendorfer', 'bsendorfer')).toBeGreaterThan(0.9);
  });

  it('is symmetric and within [0, 1]', () => {
    const a = 'adobe photoshop elements 5';
    const b = 'adobe photoshop elemnts 5.0 mac';
    expect(soft(a, b)).toBeCloseTo(soft(b, a), 10);
    expect(soft(a, b)).toBeGreaterThan(0);
    expect(soft(a, b)).toBeLessThanOrEqual(1);
  });

  it.each([[{ inner_threshold: 2 }], [{ qgram: 3 }]])('rejects %j', (options) => {
    expect(() => softTfidf.create(options)).toThrow(/^soft_tfidf: /);
  });
});

describe('soft_tfidf abbreviations', () => {
  const idf = (token: string): number => ({ for: 0.5 })[token] ?? 4;
  const plain = softTfidf.create({ idf });
  const abbreviated = softTfidf.create({ idf, abbreviations: true });

  it.each([
    ['retrospect prof win upg', 'retrospect professional windows upgrade'],
    ['acme intl', 'acme international'],
  ])('lets a word meet its short form at the inner threshold: %j vs %j', (a, b) => {
    expect(abbreviated(a, b)).toBeGreaterThan(plain(a, b) + 0.2);
    expect(abbreviated(a, b)).toBeLessThan(1);
    expect(abbreviated(a, b)).toBeCloseTo(abbreviated(b, a), 10);
  });

  it.each([
    ['acme inc', 'acme corp'],
    ['photoshop 7', 'photoshop 70'],
  ])('changes nothing where no word is a short form of another: %j vs %j', (a, b) => {
    expect(abbreviated(a, b)).toBeCloseTo(plain(a, b), 10);
  });

  it('rejects a non-boolean', () => {
    expect(() => softTfidf.create({ abbreviations: 'yes' })).toThrow(/^soft_tfidf: /);
  });
});
