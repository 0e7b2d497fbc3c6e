import type { ClusteringConfig, LinkageMode } from '../config/matcher-config.types';
import { keptEdge, scopeState, type ScopeEdge } from './component-scope';

const clustering: ClusteringConfig = {
  onePerDomain: false,
  bestMatchOnly: false,
  bestMatchMargin: 0,
  bestMatchRounds: 1,
  maxClusterSize: 100,
  minLinkShare: 0,
  maxDisagreement: 1,
};
/** "1@a-2@b:9" = automatic edge of score 9 between record 1 (domain a) and record 2 (domain b). */
const edge = (spec: string, kind: ScopeEdge['kind'] = 'auto'): ScopeEdge => {
  const [pair, score] = spec.split(':');
  const [[a, domainA], [b, domainB]] = pair.split('-').map((side) => side.split('@'));
  return { a, b, domainA, domainB, score: Number(score), kind };
};

describe('component scope', () => {
  it.each<[string, Partial<ClusteringConfig>, LinkageMode, ScopeEdge, ScopeEdge[], boolean]>([
    ['dedupe follows every match', {}, 'dedupe', edge('1@a-2@a:5'), [], true],
    ['across domains never follows a same-domain edge', {}, 'across_domains', edge('1@a-2@a:5'), [], false],
    [
      'one per domain never follows a same-domain edge',
      { onePerDomain: true },
      'dedupe',
      edge('1@a-2@a:5'),
      [],
      false,
    ],
    [
      'a steward link is always followed',
      { onePerDomain: true },
      'dedupe',
      edge('1@a-2@a:0', 'steward'),
      [],
      true,
    ],
    [
      'best match: an edge out-competed at one end is not followed',
      { bestMatchOnly: true },
      'dedupe',
      edge('1@a-2@b:5'),
      [edge('2@b-3@c:9')],
      false,
    ],
    [
      'best match: within the margin is followed',
      { bestMatchOnly: true, bestMatchMargin: 4 },
      'dedupe',
      edge('1@a-2@b:5'),
      [edge('2@b-3@c:9')],
      true,
    ],
    [
      'best match: a same-domain rival does not count under across_domains',
      { bestMatchOnly: true },
      'across_domains',
      edge('1@a-2@b:5'),
      [edge('2@b-3@b:9')],
      true,
    ],
    [
      'two rounds: an edge whose ends both lost round 1 is followed when mutual best among the rest',
      { bestMatchOnly: true, bestMatchRounds: 2 },
      'dedupe',
      edge('1@a-2@b:5'),
      [edge('2@b-3@c:9'), edge('3@c-4@d:12'), edge('1@a-5@e:9'), edge('5@e-6@f:12')],
      true,
    ],
    [
      'two rounds: an edge to a record taken in round 1 is not followed',
      { bestMatchOnly: true, bestMatchRounds: 2 },
      'dedupe',
      edge('1@a-2@b:5'),
      [edge('2@b-3@c:9')],
      false,
    ],
  ])('%s', (_, options, linkage, candidate, others, expected) => {
    const config = { clustering: { ...clustering, ...options }, linkage };
    expect(keptEdge(candidate, scopeState([candidate, ...others], config), config)).toBe(expected);
  });
});
