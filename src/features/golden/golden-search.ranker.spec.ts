import { rankCandidates, RankInput } from './golden-search.ranker';

const candidate = (goldenId: string, values: Record<string, unknown>, memberCount = 1): RankInput => ({
  goldenId,
  memberCount,
  attributes: Object.fromEntries(
    Object.entries(values).map(([field, value]) => [
      field,
      { value, recordId: '1', domain: 'crm', sourceId: goldenId },
    ]),
  ),
});

const ada = candidate('g-ada', { name: 'Ada Lovelace', email: 'ada@example.com', ssn: '111' }, 3);
const adaline = candidate('g-adaline', { name: 'Adaline Bowman', email: 'adaline@example.org' });
const grace = candidate('g-grace', {
  name: 'Grace Hopper',
  email: 'grace@navy.mil',
  aliases: ['Amazing Grace'],
});
const all = [grace, adaline, ada];

describe('rankCandidates', () => {
  it.each([
    ['ada lovlace', ['g-ada', 'g-adaline']],
    ['LOVELACE', ['g-ada']],
    ['grace@navy', ['g-grace']],
    ['amazing grace', ['g-grace']],
  ])('%s → %j first', (q, expected) => {
    expect(
      rankCandidates(q, all, 10)
        .map((h) => h.goldenId)
        .slice(0, expected.length),
    ).toEqual(expected);
  });

  it('scores a perfect match 1 and a typo lower, highest first', () => {
    const exact = rankCandidates('Ada Lovelace', all, 10);
    expect(exact[0]).toMatchObject({ goldenId: 'g-ada', score: 1, memberCount: 3 });
    const typo = rankCandidates('ada lovlace', all, 10);
    expect(typo[0].score).toBeLessThan(1);
    expect(typo[0].score).toBeGreaterThan(0.8);
    expect(typo.map((h) => h.score)).toEqual([...typo.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('returns survived values without their provenance, and honours limit', () => {
    const [hit] = rankCandidates('ada', all, 1);
    expect(hit.attributes).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', ssn: '111' });
    expect(rankCandidates('ada', all, 1)).toHaveLength(1);
  });

  it('drops candidates that do not match at all, and copes with none', () => {
    expect(rankCandidates('zzqqxxyy', all, 10)).toEqual([]);
    expect(rankCandidates('ada', [], 10)).toEqual([]);
    expect(rankCandidates('ada', [candidate('g-empty', { name: null, tags: {} })], 10)).toEqual([]);
  });

  it('breaks score ties by golden id', () => {
    const twins = [candidate('g-2', { name: 'Same Name' }), candidate('g-1', { name: 'Same Name' })];
    expect(rankCandidates('Same Name', twins, 10).map((h) => h.goldenId)).toEqual(['g-1', 'g-2']);
  });
});
