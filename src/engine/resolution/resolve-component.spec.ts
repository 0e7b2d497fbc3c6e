import type { ClusteringConfig } from '../config/matcher-config.types';
import type { GoldenState } from './golden-changes';
import {
  resolveComponent,
  type ComponentConstraint,
  type ComponentEdge,
  type ComponentRecord,
} from './resolve-component';

/** "1@crm:G1" = record 1 of domain crm in golden G1; "5" = new record 5 of domain d; "3!:G1" = deleted. */
const records = (spec: string): ComponentRecord[] =>
  spec.split(' ').map((s) => {
    const [head, goldenId] = s.split(':');
    const deleted = head.endsWith('!');
    const [recordId, domain] = head.replace('!', '').split('@');
    return { recordId, domain: domain ?? 'd', sourceId: `s${recordId}`, goldenId, deleted };
  });
const auto = (a: string, b: string, score = 10): ComponentEdge => ({ a, b, score, kind: 'auto' });
const cannot = (a: string, b: string): ComponentConstraint => ({ a, b, kind: 'cannot_link' });
const must = (a: string, b: string): ComponentConstraint => ({ a, b, kind: 'must_link' });
/** Golden G<n> was created at time n: a lower number is older. */
const goldens = (...ids: string[]): Map<string, GoldenState> =>
  new Map(ids.map((id) => [id, { version: 1, createdAt: Number(id.slice(1)), attributes: {} }]));

/** Guards off unless a case sets them. */
const base: ClusteringConfig = {
  onePerDomain: false,
  bestMatchOnly: false,
  bestMatchMargin: 0,
  bestMatchRounds: 1,
  maxClusterSize: 1000,
  minLinkShare: 0,
  maxDisagreement: 1,
};

function run(
  spec: string,
  edges: ComponentEdge[],
  options: {
    clustering?: Partial<ClusteringConfig>;
    constraints?: ComponentConstraint[];
    prior?: string[];
    seeds?: string[];
  } = {},
) {
  let n = 0;
  const recs = records(spec);
  return resolveComponent(
    {
      entityType: 'customer',
      records: recs,
      edges,
      constraints: options.constraints ?? [],
      goldens: goldens(...(options.prior ?? [])),
      survivors: recs.map((r) => ({
        recordId: r.recordId,
        domain: r.domain,
        sourceId: r.sourceId,
        attributes: { name: `n${r.recordId}` },
        updatedAt: Number(r.recordId),
      })),
      seeds: options.seeds ?? recs.map((r) => r.recordId),
      reviewPairs: [],
    },
    {
      clustering: { ...base, ...options.clustering },
      linkage: 'dedupe',
      survivorship: { default: { strategy: 'most_recent' }, fields: {} },
      cause: 'match',
      now: new Date(0),
      newId: () => `N${++n}`,
    },
  );
}

/** Assignment as "record=golden" in record order. */
const assigned = (out: ReturnType<typeof run>): string =>
  [...out.assignment]
    .sort(([x], [y]) => Number(x) - Number(y))
    .map(([r, g]) => `${r}=${g}`)
    .join(' ');
const types = (out: ReturnType<typeof run>): string[] => out.events.map((e) => `${e.goldenId} ${e.type}`);

describe('resolveComponent', () => {
  it.each<[string, string, ComponentEdge[], Parameters<typeof run>[2], string, string[]]>([
    ['a new record alone gets a new entity', '1', [], {}, '1=N1', ['N1 golden.created']],
    [
      'a new record joins the entity it matches',
      '1:G1 2',
      [auto('1', '2')],
      { prior: ['G1'] },
      '1=G1 2=G1',
      ['G1 golden.member-added', 'G1 golden.attributes-changed'],
    ],
    [
      'merge: the older entity survives, the other is retired into it',
      '1:G2 2:G1 3',
      [auto('1', '3'), auto('2', '3')],
      { prior: ['G1', 'G2'] },
      '1=G1 2=G1 3=G1',
      ['G1 golden.merged', 'G1 golden.member-added', 'G1 golden.attributes-changed', 'G2 golden.merged'],
    ],
    [
      'split: the id follows the oldest member, the rest gets a new id',
      '1:G1 2:G1 3:G1',
      [auto('2', '3')],
      { prior: ['G1'] },
      '1=G1 2=N1 3=N1',
      ['G1 golden.split', 'G1 golden.member-removed', 'G1 golden.attributes-changed', 'N1 golden.created'],
    ],
    [
      'a deleted record leaves; its entity is deleted when empty',
      '1!:G1 2:G2',
      [],
      { prior: ['G1', 'G2'] },
      '2=G2',
      ['G2 golden.attributes-changed', 'G1 golden.deleted'],
    ],
    [
      'cannot-link keeps two records apart against a strong match',
      '1 2 3',
      [auto('1', '2', 30), auto('2', '3', 30)],
      { constraints: [cannot('1', '3')] },
      '1=N1 2=N1 3=N2',
      ['N1 golden.created', 'N2 golden.created'],
    ],
    [
      'must-link joins records without an edge',
      '1 2',
      [],
      { constraints: [must('1', '2')] },
      '1=N1 2=N1',
      ['N1 golden.created'],
    ],
    [
      'one per domain: the strongest link of a domain wins',
      '1@crm 2@erp 3@erp',
      [auto('1', '2', 5), auto('1', '3', 8)],
      { clustering: { onePerDomain: true } },
      '1=N1 2=N2 3=N1',
      ['N1 golden.created', 'N2 golden.created'],
    ],
    [
      'max cluster size stops a chain',
      '1 2 3',
      [auto('1', '2', 9), auto('2', '3', 8)],
      { clustering: { maxClusterSize: 2 } },
      '1=N1 2=N1 3=N2',
      ['N1 golden.created', 'N2 golden.created'],
    ],
    [
      'coherence: one bridge does not join two groups',
      '1 2 3 4',
      [auto('1', '2', 9), auto('3', '4', 9), auto('2', '3', 8)],
      { clustering: { minLinkShare: 0.6 } },
      '1=N1 2=N1 3=N2 4=N2',
      ['N1 golden.created', 'N2 golden.created'],
    ],
  ])('%s', (_, spec, edges, options, expected, events) => {
    const out = run(spec, edges, options);
    expect(assigned(out)).toBe(expected);
    expect(types(out)).toEqual(events);
  });

  it.each<[string, string, ComponentEdge[], Parameters<typeof run>[2], string]>([
    ['cannot_link', '1 2', [auto('1', '2', 30)], { constraints: [cannot('1', '2')] }, '1:2 cannot_link'],
    [
      'one_per_domain',
      '1@a 2@b 3@b',
      [auto('1', '2', 10), auto('1', '3', 9)],
      { clustering: { onePerDomain: true } },
      '1:3 one_per_domain',
    ],
    [
      'max_cluster_size',
      '1 2 3',
      [auto('1', '2', 9), auto('2', '3', 8)],
      { clustering: { maxClusterSize: 2 } },
      '2:3 max_cluster_size',
    ],
    [
      'incoherent',
      '1 2 3 4',
      [auto('1', '2', 9), auto('3', '4', 9), auto('2', '3', 8)],
      { clustering: { minLinkShare: 0.6 } },
      '2:3 incoherent',
    ],
  ])('a refused link names its guard: %s', (_, spec, edges, options, expected) => {
    expect(run(spec, edges, options).refused.map((r) => `${r.a}:${r.b} ${r.reason}`)).toEqual([expected]);
  });

  it('reports refused links around the seeds only', () => {
    const edges = [auto('1', '2', 10), auto('1', '3', 9)];
    const around = (seeds: string[]) =>
      run('1@a 2@b 3@b', edges, { clustering: { onePerDomain: true }, seeds }).refused;
    expect(around(['2'])).toEqual([]);
    expect(around(['3'])).toEqual([{ a: '1', b: '3', reason: 'one_per_domain' }]);
  });

  it('lists stored records that moved, not new ones', () => {
    const out = run('1:G1 2:G1 3', [auto('2', '3')], { prior: ['G1'] });
    expect(out.relinked).toEqual([{ recordId: '2', goldenId: 'N1' }]);
  });

  it('is order-independent: shuffled inputs give the same change set', () => {
    const edges = [auto('1', '2', 9), auto('3', '4', 9), auto('2', '3', 9), auto('4', '5', 7)];
    const one = run('1 2 3 4 5', edges, { clustering: { maxClusterSize: 3 } });
    const two = run('5 3 1 4 2', [...edges].reverse(), { clustering: { maxClusterSize: 3 } });
    expect(assigned(two)).toBe(assigned(one));
  });
});
