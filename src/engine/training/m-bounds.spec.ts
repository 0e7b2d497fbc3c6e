import { personConfig } from '../../../test/support/engine/config-factory';
import { boundM, mBounds, monotoneRatios } from './m-bounds';

describe('monotoneRatios (pool-adjacent-violators on m/u)', () => {
  it.each([
    ['already non-increasing', [0.8, 0.15, 0.05], [0.01, 0.1, 0.89], [0.8, 0.15, 0.05]],
    ['two levels out of order are pooled', [0.1, 0.8, 0.1], [0.01, 0.01, 0.98], [0.45, 0.45, 0.1]],
    [
      'a violation deep in the chain pools back to the top',
      [0.2, 0.2, 0.6],
      [0.1, 0.1, 0.1],
      [1 / 3, 1 / 3, 1 / 3],
    ],
    [
      'the else level weighing most is pooled with the level above',
      [0.7, 0.1, 0.2],
      [0.01, 0.5, 0.49],
      [0.7, 0.1515, 0.1485],
    ],
  ])('%s', (_, m, u, expected) => {
    const out = monotoneRatios(m, u);
    out.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 3));
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(
      m.reduce((a, b) => a + b, 0),
      9,
    );
    for (let i = 1; i < out.length; i++)
      expect(out[i] / u[i]).toBeLessThanOrEqual(out[i - 1] / u[i - 1] + 1e-9);
  });
});

describe('boundM', () => {
  // first_name: null, exact (TF), jaro_winkler ≥ 0.9, else — one nested chain.
  const config = personConfig();
  const u = [NaN, 0.01, 0.04, 0.95];

  it('lifts an implausibly small top-level m to the floor and scales the rest down', () => {
    const bounds = mBounds(config.comparisons, 0.05);
    const out = boundM([NaN, 0.006, 0.004, 0.99], u, bounds, 0);
    expect(out[1]).toBeCloseTo(0.05, 6);
    expect(out[1] + out[2] + out[3]).toBeCloseTo(1, 9);
    expect(out[1] / u[1]).toBeGreaterThanOrEqual(out[2] / u[2]);
  });

  it('pools a looser level that weighs more than the stricter one', () => {
    const out = boundM([NaN, 0.1, 0.8, 0.1], u, mBounds(config.comparisons, 0), 0);
    expect(out[1] / u[1]).toBeCloseTo(out[2] / u[2], 9);
    expect(out[3]).toBeCloseTo(0.1, 9);
  });

  it('leaves levels on other attributes (nickname, swapped) out of the chain', () => {
    const nick = personConfig((raw) => {
      raw.attributes.first_nick = {
        source: 'first_name',
        normalizers: [{ person_name: { nicknames: true } }],
      };
      raw.comparisons[0].levels.splice(2, 0, { kind: 'exact', attribute: 'first_nick', m: 0.05, u: 0.002 });
      raw.comparisons[0].levels[4] = { kind: 'else', m: 0.05, u: 0.948 };
    });
    expect(mBounds(nick.comparisons).chains[0]).toEqual([1, 3, 4]);
    expect(mBounds(nick.comparisons).top[0]).toBe(1);
  });

  it('keeps a plausible m as it is', () => {
    const row = [NaN, 0.8, 0.15, 0.05];
    expect(boundM(row, u, mBounds(config.comparisons), 0)).toEqual(row);
  });
});
