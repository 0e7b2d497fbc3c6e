import { seededRandom } from '../seeded-random';
import { describeShape, sourceShapeDifference } from './source-shapes';

/** `count` records per source; `shape` gives a record's fields from its index and a random draw. */
function sample(sources: Record<string, (i: number, r: number) => Record<string, unknown>>, count = 60) {
  const random = seededRandom(11);
  const records: Array<Record<string, unknown>> = [];
  const domains: string[] = [];
  for (const [source, shape] of Object.entries(sources))
    for (let i = 0; i < count; i++) {
      records.push(shape(i, random()));
      domains.push(source);
    }
  return { records, domains };
}

const person = (i: number, r: number) => ({ name: `person ${i}`, city: r < 0.8 ? 'springfield' : '' });
const listing = (words: number) => (i: number) => ({ title: `item ${i} ${'word '.repeat(words)}`.trim() });

describe('sourceShapeDifference', () => {
  it.each([
    ['one list dealt to two sources: same shape', { a: person, b: person }, undefined],
    [
      'a field filled in one source only',
      { a: person, b: (i: number, r: number) => ({ ...person(i, r), email: `p${i}@x.org` }) },
      { field: 'email', measure: 'filled', sources: ['a', 'b'], values: [0, 1] },
    ],
    [
      'values of very different lengths',
      { shop: listing(1), feed: listing(12) },
      { field: 'title', measure: 'length', sources: ['shop', 'feed'] },
    ],
    ['lengths within the factor', { shop: listing(2), feed: listing(3) }, undefined],
  ])('%s', (_, sources, expected) => {
    const { records, domains } = sample(sources);
    const found = sourceShapeDifference(records, domains);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it('ignores excluded fields and sources too small to profile', () => {
    const { records, domains } = sample({ a: person, b: (i, r) => ({ ...person(i, r), id: `b-${i}` }) });
    expect(sourceShapeDifference(records, domains, new Set(['id']))).toBeUndefined();
    const small = sample({ a: person, b: (i, r) => ({ ...person(i, r), id: `b-${i}` }) }, 10);
    expect(sourceShapeDifference(small.records, small.domains)).toBeUndefined();
  });

  it('says what differs', () => {
    const text = describeShape({
      field: 'title',
      sources: ['shop', 'feed'],
      measure: 'length',
      values: [12.2, 61],
    });
    expect(text).toBe('title is 12 characters long on average in shop and 61 in feed');
  });
});
