import { ownDomains } from './own-domain';

describe('ownDomains', () => {
  const domains = new Map([
    ['1', 'amazon'],
    ['2', 'amazon'],
    ['3', 'google'],
  ]);
  it.each([
    { why: 'a key of one record is its domain', newKeys: { '1': ['k'] }, own: ['amazon'] },
    {
      why: 'a key of two records of one domain is that domain',
      newKeys: { '1': ['k'], '2': ['k'] },
      own: ['amazon'],
    },
    { why: 'a key held across domains leaves nobody out', newKeys: { '1': ['k'], '3': ['k'] }, own: [null] },
    { why: 'a key of a record of unknown domain leaves nobody out', newKeys: { '9': ['k'] }, own: [null] },
    { why: 'a key no changed record holds leaves nobody out', newKeys: { '1': ['x'] }, own: [null] },
  ])('$why', ({ newKeys, own }) => {
    expect(ownDomains(['k'], new Map(Object.entries(newKeys)), domains)).toEqual(own);
  });
});
