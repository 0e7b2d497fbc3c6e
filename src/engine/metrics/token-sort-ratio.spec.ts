import { tokenSortRatioMetric } from './token-sort-ratio';

describe('token_sort_ratio', () => {
  const compare = tokenSortRatioMetric.create({});

  it.each([
    ['fuzzy wuzzy was a bear', 'wuzzy fuzzy was a bear', 1],
    ['smith john', 'john smith', 1],
    ['john  smith', 'smith john', 1], // extra white space does not matter
    ['john smith', 'jon smith', 18 / 19],
    ['new york mets', 'new york yankees', (2 * 9) / 29],
    ['', '', 1],
    ['', 'a', 0],
    ['   ', '', 1],
    ['zoë ångström', 'ångström zoë', 1],
    ['b a '.repeat(50), 'a b '.repeat(50), 1],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(compare(a, b)).toBeCloseTo(expected, 10);
  });
});
