import { abbreviates } from './abbreviation';

describe('abbreviates', () => {
  it.each([
    ['upg', 'upgrade'],
    ['prof', 'professional'],
    ['intl', 'international'],
    ['mgmt', 'management'],
    ['wkgp', 'workgroup'],
    ['professional', 'prof'], // either order
    ['dept', 'department'],
    ['mac', 'machine'], // the rule admits it; IDF and the other evidence weigh such a pair
  ])('%j abbreviates %j', (a, b) => {
    expect(abbreviates(a, b)).toBe(true);
  });

  it.each([
    ['pc', 'pcanywhere'], // two letters agree with too many words
    ['win', 'win'], // equal words are not an abbreviation (the caller scores them 1)
    ['rpo', 'professional'], // a different first letter
    ['pfro', 'professional'], // letters out of order
    ['v17', 'version17'], // digits: versions and codes are not short forms
    ['std', 'standard9'],
  ])('%j does not abbreviate %j', (a, b) => {
    expect(abbreviates(a, b)).toBe(false);
  });
});
