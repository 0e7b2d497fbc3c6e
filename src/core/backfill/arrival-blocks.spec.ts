import { forEachBlockPair, linksThrough, pairKeyOf, passedAt, type BlockMember } from './arrival-blocks';

/** The members and over-cap keys of every block, as the backfill reads them back from the store. */
function blocks(cap: number, keysOf: string[][], batches: number[]) {
  const members: BlockMember[] = keysOf.map((keys, index) => ({ index, batch: batches[index], keys }));
  const byKey = new Map<string, BlockMember[]>();
  for (const m of members) for (const key of m.keys) byKey.set(key, [...(byKey.get(key) ?? []), m]);
  const over = new Map<string, number>();
  for (const [key, list] of byKey) {
    const passed = passedAt(
      cap,
      list.map((m) => m.batch),
    );
    if (passed !== undefined) over.set(key, passed);
  }
  return { members, byKey, over };
}

function pairs(cap: number, keysOf: string[][], batches: number[]): string[] {
  const { byKey, over } = blocks(cap, keysOf, batches);
  const out: string[] = [];
  for (const [key, list] of byKey)
    forEachBlockPair(key, list, over, (a, b) => out.push(`${a.index}-${b.index}:${pairKeyOf(over, a, b)}`));
  return out.sort();
}

describe('forEachBlockPair', () => {
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
    const { members, over } = blocks(2, [['k'], ['k', 'y'], ['k', 'y'], ['k']], [0, 1, 2, 3]);
    // 0-1 were compared through k before it passed its cap, but k is over it now.
    expect(pairs(2, [['k'], ['k', 'y'], ['k', 'y'], ['k']], [0, 1, 2, 3])).toEqual(['0-1:k', '1-2:y']);
    expect(linksThrough(over, members[0], members[1])).toBe(false);
    expect(linksThrough(over, members[1], members[2])).toBe(true);
  });
});
