import type { Decision } from '../config/matcher-config.types';
import { partition, PartitionEdge, PartitionNode } from './partition';
import { pairKey } from './record-id';

const nodes = (spec: string): PartitionNode[] =>
  spec.split(' ').map((s) => {
    const [id, domain] = s.split('@');
    return { id, domain: domain ?? 'd' };
  });
const auto = (a: string, b: string, score: number): PartitionEdge => ({ a, b, score, kind: 'auto' });
const steward = (a: string, b: string): PartitionEdge => ({ a, b, score: 0, kind: 'steward' });
const base = { onePerDomain: false, bestMatchOnly: false };

describe('partition', () => {
  it.each([
    ['no edges: singletons', nodes('1 2 3'), [], base, [['1'], ['2'], ['3']]],
    [
      'transitive links join',
      nodes('1 2 3'),
      [auto('1', '2', 10), auto('2', '3', 9)],
      base,
      [['1', '2', '3']],
    ],
    ['edges to unknown nodes are ignored', nodes('1 2'), [auto('1', '9', 10)], base, [['1'], ['2']]],
    [
      'one per domain keeps the strongest link',
      nodes('1@crm 2@billing 3@billing'),
      [auto('1', '2', 5), auto('1', '3', 8)],
      { ...base, onePerDomain: true },
      [['1', '3'], ['2']],
    ],
    [
      'max cluster size stops chaining',
      nodes('1 2 3 4'),
      [auto('1', '2', 9), auto('3', '4', 8), auto('2', '3', 7)],
      { ...base, maxClusterSize: 3 },
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'cannot-link refuses a merge even with a strong score',
      nodes('1 2 3'),
      [auto('1', '2', 20), auto('2', '3', 20)],
      { ...base, cannotLink: [['1', '3']] as Array<[string, string]> },
      [['1', '2'], ['3']],
    ],
    [
      'steward links rank above every score',
      nodes('1@a 2@b 3@b'),
      [auto('1', '2', 50), steward('1', '3')],
      { ...base, onePerDomain: true },
      [['1', '3'], ['2']],
    ],
    [
      'best match only drops weaker links of both records',
      nodes('1 2 3 4'),
      [auto('1', '2', 10), auto('3', '4', 10), auto('2', '3', 5)],
      { ...base, bestMatchOnly: true },
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'best match only keeps a link that is best for both records only',
      nodes('1 2 3'),
      [auto('1', '2', 10), auto('2', '3', 8)],
      { ...base, bestMatchOnly: true },
      [['1', '2'], ['3']],
    ],
    [
      'a best-match margin keeps near-best links',
      nodes('1 2 3'),
      [auto('1', '2', 10), auto('2', '3', 8)],
      { ...base, bestMatchOnly: true, bestMatchMargin: 3 },
      [['1', '2', '3']],
    ],
    [
      'coherence: one weak bridge does not chain two groups',
      nodes('1 2 3 4 5 6'),
      [
        auto('1', '2', 9),
        auto('2', '3', 9),
        auto('1', '3', 9),
        auto('4', '5', 9),
        auto('5', '6', 9),
        auto('4', '6', 9),
        auto('3', '4', 6),
      ],
      { ...base, minLinkShare: 0.5 },
      [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
    ],
    [
      'coherence: a new record linked to most members joins',
      nodes('1 2 3 4'),
      [auto('1', '2', 9), auto('2', '3', 9), auto('4', '1', 7), auto('4', '2', 7)],
      { ...base, minLinkShare: 0.5 },
      [['1', '2', '3', '4']],
    ],
    [
      'coherence: a new record linked to one of three members stays out',
      nodes('1 2 3 4'),
      [auto('1', '2', 9), auto('2', '3', 9), auto('1', '3', 9), auto('4', '1', 7)],
      { ...base, minLinkShare: 0.5 },
      [['1', '2', '3'], ['4']],
    ],
    [
      'ids order numerically, not as text',
      nodes('10 9 100'),
      [auto('10', '100', 3)],
      base,
      [['9'], ['10', '100']],
    ],
  ])('%s', (_name, n, e, options, expected) => {
    expect(partition(n, e, options).clusters).toEqual(expected);
  });

  it('does not depend on the order of nodes or edges', () => {
    const n = nodes('1@a 2@b 3@a 4@b 5@c');
    const e = [auto('1', '2', 5), auto('2', '3', 5), auto('3', '4', 5), auto('4', '5', 1), auto('1', '4', 5)];
    const options = { ...base, onePerDomain: true };
    const expected = partition(n, e, options).clusters;
    for (let i = 0; i < 20; i++) {
      const shuffledNodes = [...n].sort(() => Math.random() - 0.5);
      const shuffledEdges = [...e]
        .sort(() => Math.random() - 0.5)
        .map((x) => (Math.random() < 0.5 ? { ...x, a: x.b, b: x.a } : x));
      expect(partition(shuffledNodes, shuffledEdges, options).clusters).toEqual(expected);
    }
  });

  it('reports refused links with their reason', () => {
    const result = partition(nodes('1@a 2@b 3@b'), [auto('1', '2', 9), auto('1', '3', 8)], {
      ...base,
      onePerDomain: true,
    });
    expect(result.refused).toEqual([{ edge: auto('1', '3', 8), reason: 'one_per_domain' }]);
  });

  it.each([
    ['one_per_domain', { ...base, onePerDomain: true }],
    ['across_domains linkage', { ...base, acrossDomains: true }],
  ])('%s: a same-source sibling never outcompetes the cross-source candidate', (_, options) => {
    // 2 and 3 are near-duplicates inside source b; 1 (source a) is 2's real partner.
    const edges = [auto('2', '3', 20), auto('1', '2', 12)];
    const result = partition(nodes('1@a 2@b 3@b'), edges, { ...options, bestMatchOnly: true });
    expect(result.clusters).toEqual([['1', '2'], ['3']]);
    expect(result.refused).toEqual([]);
  });

  it('without a linkage mode a sibling is the best match (dedupe)', () => {
    const edges = [auto('2', '3', 20), auto('1', '2', 12)];
    const result = partition(nodes('1@a 2@b 3@b'), edges, { ...base, bestMatchOnly: true });
    expect(result.clusters).toEqual([['1'], ['2', '3']]);
  });

  it('best match counts edges outside the call through bestScores', () => {
    // 2's best edge (score 15) goes to a record outside this call: 1-2 is not 2's best match.
    const edges = [auto('1', '2', 10)];
    const options = { ...base, bestMatchOnly: true };
    expect(partition(nodes('1 2'), edges, options).clusters).toEqual([['1', '2']]);
    const bestScores = new Map([['2', 15]]);
    expect(partition(nodes('1 2'), edges, { ...options, bestScores }).clusters).toEqual([['1'], ['2']]);
  });

  describe('two best-match rounds', () => {
    const rounds = { ...base, bestMatchOnly: true, bestMatchRounds: 2 };
    // 3's best candidate is 2, which 1 took in round 1; 4's only candidate is 3.
    const edges = [auto('1', '2', 10), auto('2', '3', 8), auto('3', '4', 5)];

    it('a record out-competed in round 1 links to the best of what is left in round 2', () => {
      const clusters = (bestMatchRounds: number) =>
        partition(nodes('1 2 3 4'), edges, { ...rounds, bestMatchRounds }).clusters;
      expect(clusters(1)).toEqual([['1', '2'], ['3'], ['4']]);
      expect(clusters(2)).toEqual([
        ['1', '2'],
        ['3', '4'],
      ]);
    });

    it('a record taken in round 1 never gains a second link', () => {
      // 3 and 4 lost round 1, but their links go to 1 and 2, which are taken.
      const taken = [auto('1', '2', 10), auto('1', '3', 4), auto('2', '4', 6)];
      expect(partition(nodes('1 2 3 4'), taken, rounds).clusters).toEqual([['1', '2'], ['3'], ['4']]);
    });

    it('round 2 keeps within the margin of both records, among untaken ones only', () => {
      // Left over: 3-4 (5) and 3-5 (4.5); 3's round-2 best is 5.
      const more = [...edges, auto('3', '5', 4.5)];
      const clusters = (bestMatchMargin: number) =>
        partition(nodes('1 2 3 4 5'), more, { ...rounds, bestMatchMargin }).clusters;
      expect(clusters(0)).toEqual([['1', '2'], ['3', '4'], ['5']]);
      expect(clusters(1)).toEqual([
        ['1', '2'],
        ['3', '4', '5'],
      ]);
    });

    it('counts edges outside the call through taken and secondBest', () => {
      // 4 is taken by a record outside this call: 3-4 is not a round-2 link.
      const local = partition(nodes('1 2 3 4'), edges, { ...rounds, taken: new Set(['4']) });
      expect(local.clusters).toEqual([['1', '2'], ['3'], ['4']]);
      // 3's round-2 best (7) goes outside the call.
      const outside = partition(nodes('1 2 3 4'), edges, { ...rounds, secondBest: new Map([['3', 7]]) });
      expect(outside.clusters).toEqual([['1', '2'], ['3'], ['4']]);
    });
  });

  it('disagreement: a bridge between two groups that mostly do not match is refused', () => {
    // 1-2 and 3-4 are entities; 2-3 a strong bridge, but 1, 2 do not match 3, 4 otherwise.
    const matches = new Set(['1:2', '3:4', '2:3']);
    const verdict = (a: string, b: string): Decision => (matches.has(pairKey(a, b)) ? 'match' : 'no-match');
    const edges = [auto('1', '2', 20), auto('3', '4', 20), auto('2', '3', 15)];
    const guarded = partition(nodes('1 2 3 4'), edges, { ...base, maxDisagreement: 0.5, verdict });
    expect(guarded.clusters).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(guarded.refused.map((r) => r.reason)).toEqual(['disagreement']);
    const off = partition(nodes('1 2 3 4'), edges, { ...base, verdict });
    expect(off.clusters).toEqual([['1', '2', '3', '4']]);
  });
});
