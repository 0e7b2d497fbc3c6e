import type { Matcher } from '../../engine';
import { arrivalBlocks, forEachArrivalPair, linksThrough, pairKeyOf } from './arrival-blocks';

const matcher = (cap: number) => ({ maxBlockSize: () => cap }) as unknown as Matcher;

function pairs(cap: number, keysOf: string[][], batches: number[]): string[] {
  const batchOf = Int32Array.from(batches);
  const index = arrivalBlocks(matcher(cap), keysOf, batchOf);
  const out: string[] = [];
  forEachArrivalPair(index, keysOf, (i, j) =>
    out.push(`${i}-${j}:${pairKeyOf(index, keysOf, batchOf, i, j)}`),
  );
  return out;
}

describe('arrivalBlocks', () => {
  it.each([
    {
      why: 'a block within its cap: every pair, found through the first shared key',
      cap: 3,
      keysOf: [['k', 'x'], ['x', 'k'], ['k']],
      batches: [0, 0, 1],
      expected: ['0-1:k', '0-2:k', '1-2:k'],
    },
    {
      why: 'the key of a pair across batches is the newer record’s first shared key',
      cap: 3,
      keysOf: [
        ['k', 'x'],
        ['x', 'k'],
      ],
      batches: [0, 1],
      expected: ['0-1:x'],
    },
    {
      why: 'a block over its cap keeps the pairs of the batches before it grew past the cap',
      cap: 2,
      keysOf: [['k'], ['k'], ['k'], ['k']],
      batches: [0, 0, 1, 2],
      expected: ['0-1:k'],
    },
    {
      why: 'the batch that passes the cap skips the key for all its records, even the first of them',
      cap: 2,
      keysOf: [['k'], ['k'], ['k']],
      batches: [0, 1, 1],
      expected: [],
    },
    {
      why: 'a capped key does not hide a pair another key finds',
      cap: 2,
      keysOf: [['k'], ['k', 'y'], ['k', 'y']],
      batches: [0, 1, 2],
      expected: ['0-1:k', '1-2:y'],
    },
  ])('$why', ({ cap, keysOf, batches, expected }) => {
    expect(pairs(cap, keysOf, batches)).toEqual(expected);
  });
});

describe('linksThrough', () => {
  it('links a pair only through a key whose final block is within its cap', () => {
    const keysOf = [['k'], ['k', 'y'], ['k', 'y'], ['k']];
    const index = arrivalBlocks(matcher(2), keysOf, Int32Array.from([0, 1, 2, 3]));
    // 0-1 were compared through k before it passed its cap, but k is over it now.
    expect(index.blocks.get('k')).toEqual([0, 1]);
    expect(linksThrough(index, keysOf, 0, 1)).toBe(false);
    expect(linksThrough(index, keysOf, 1, 2)).toBe(true);
  });
});
