import { mongeElkan } from './monge-elkan';

describe('monge_elkan', () => {
  const symmetric = mongeElkan.create({});
  const original = mongeElkan.create({ symmetric: false });

  it.each([
    ['john smith', 'smith john', 1, 1],
    ['jon smith', 'john smith', 0.966667, 0.966667],
    ['john', 'john smith', 0.75, 1], // asymmetric: every token of "john" has a perfect partner
    ['abc', 'xyz', 0, 0],
    ['', '', 1, 1],
    ['', 'a', 0, 0],
    ['zoë', 'zoe', 0.822222, 0.822222],
  ])('%j vs %j → symmetric %d, original %d', (a, b, expectedSymmetric, expectedOriginal) => {
    expect(symmetric(a, b)).toBeCloseTo(expectedSymmetric, 5);
    expect(original(a, b)).toBeCloseTo(expectedOriginal, 5);
  });

  it('is symmetric by default', () => {
    expect(symmetric('john smith', 'john')).toBeCloseTo(symmetric('john', 'john smith'), 12);
    expect(original('john smith', 'john')).toBe(0.5); // "smith" has no partner in "john"
  });

  it('handles many tokens', () => {
    const many = Array.from({ length: 200 }, (_, i) => `tok${i}`).join(' ');
    expect(symmetric(many, many.split(' ').reverse().join(' '))).toBe(1);
  });

  it('rejects a prefix_scale above 0.25', () => {
    expect(() => mongeElkan.create({ prefix_scale: 0.3 })).toThrow(/^monge_elkan: option "prefix_scale"/);
  });
});
