import { assignGoldenIds } from './golden-ids';

const ages = new Map([
  ['G-old', { createdAt: 1 }],
  ['G-mid', { createdAt: 2 }],
  ['G-new', { createdAt: 3 }],
]);
const ids = () => {
  let n = 0;
  return () => `N${++n}`;
};

describe('assignGoldenIds', () => {
  it('gives a brand-new cluster a new id', () => {
    const plan = assignGoldenIds([['1']], new Map(), ages, ids());
    expect(plan.clusters).toEqual([{ goldenId: 'N1', members: ['1'], isNew: true, absorbed: [] }]);
  });

  it('keeps the id when a record joins', () => {
    const plan = assignGoldenIds([['1', '2']], new Map([['1', 'G-old']]), ages, ids());
    expect(plan.clusters[0]).toMatchObject({ goldenId: 'G-old', isNew: false, absorbed: [] });
  });

  it('on a merge the older golden survives and the other is retired', () => {
    const prior = new Map([
      ['5', 'G-new'],
      ['9', 'G-old'],
    ]);
    const plan = assignGoldenIds([['5', '9']], prior, ages, ids());
    expect(plan.clusters[0]).toMatchObject({ goldenId: 'G-old', absorbed: ['G-new'] });
    expect(plan.retired).toEqual([{ goldenId: 'G-new', survivorId: 'G-old' }]);
  });

  it('on a split the part holding the oldest member keeps the id and the other records splitFrom', () => {
    const prior = new Map([
      ['1', 'G-mid'],
      ['2', 'G-mid'],
      ['3', 'G-mid'],
    ]);
    const plan = assignGoldenIds([['1'], ['2', '3']], prior, ages, ids());
    expect(plan.clusters).toEqual([
      { goldenId: 'G-mid', members: ['1'], isNew: false, absorbed: [] },
      { goldenId: 'N1', members: ['2', '3'], isNew: true, absorbed: [], splitFrom: 'G-mid' },
    ]);
  });

  it('deletes an id whose members are all gone', () => {
    const plan = assignGoldenIds([['2']], new Map([['1', 'G-old']]), ages, ids(), ['G-old']);
    expect(plan.deleted).toEqual(['G-old']);
    expect(plan.clusters[0]).toMatchObject({ goldenId: 'N1', isNew: true });
  });
});
