import { explanationOf } from './explanation.dto';

describe('explanationOf', () => {
  it('spells out the engine stored explanation', () => {
    const stored = {
      key: 'email:ada@example.com',
      prior: -9.966,
      cmp: [
        { name: 'name', level: 1, label: 'exact', w: 9.644 },
        { name: 'email', level: 1, label: 'exact', w: 13.136, tf: 0.01 },
      ],
      total: 12.814,
      p: 0.9999,
    };
    expect(explanationOf(stored)).toEqual({
      blockingKey: 'email:ada@example.com',
      rule: null,
      priorWeight: -9.966,
      totalWeight: 12.814,
      comparisons: [
        { name: 'name', level: 1, label: 'exact', weight: 9.644, termFrequency: null },
        { name: 'email', level: 1, label: 'exact', weight: 13.136, termFrequency: 0.01 },
      ],
    });
  });

  it.each([[null], ['text'], [[1, 2]], [{ steward: 'alice', cmp: 'no' }]])('tolerates %j', (stored) => {
    expect(explanationOf(stored)).toEqual({
      blockingKey: null,
      rule: null,
      priorWeight: null,
      totalWeight: null,
      comparisons: [],
    });
  });

  it('keeps a deterministic rule', () => {
    expect(explanationOf({ rule: 'same_ssn', prior: 0, cmp: [], total: 20, p: 1 })).toMatchObject({
      rule: 'same_ssn',
    });
  });
});
