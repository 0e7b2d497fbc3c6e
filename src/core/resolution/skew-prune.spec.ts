import type { Matcher } from '../../engine';
import { crossedKeys, keyGrowth } from './skew-prune';

const matcher = { maxBlockSize: () => 3 } as unknown as Matcher;

describe('crossedKeys', () => {
  it.each([
    {
      why: 'a block pushed from 3 to 4 crossed its cap',
      before: {},
      after: { r: ['k'] },
      size: 4,
      crossed: true,
    },
    { why: 'a block already over its cap did not', before: {}, after: { r: ['k'] }, size: 5, crossed: false },
    {
      why: 'two members added to a block of 2 crossed it',
      before: {},
      after: { r: ['k'], s: ['k'] },
      size: 4,
      crossed: true,
    },
    {
      why: 'a record that keeps its key adds nothing',
      before: { r: ['k'] },
      after: { r: ['k'] },
      size: 4,
      crossed: false,
    },
    {
      why: 'a member leaving and one arriving leave the size as it was',
      before: { r: ['k'] },
      after: { r: ['x'], s: ['k'] },
      size: 4,
      crossed: false,
    },
  ])('$why', ({ before, after, size, crossed }) => {
    const growth = keyGrowth(new Map(Object.entries(before)), new Map(Object.entries(after)));
    expect(crossedKeys(matcher, ['k'], new Map([['k', size]]), growth)).toEqual(crossed ? ['k'] : []);
  });
});
