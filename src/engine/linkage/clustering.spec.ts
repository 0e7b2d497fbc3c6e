import { bestMatchOnly, clusterLinks, type Link } from './clustering';

const link = (i: number, j: number, score: number): Link => ({ i, j, score });
const options = { onePerDomain: false, bestMatchOnly: false, bestMatchMargin: 0 };

describe('clustering', () => {
  it.each<[string, number, Link[], Link[]]>([
    [
      'keeps mutual best links',
      0,
      [link(0, 2, 5), link(0, 3, 3), link(1, 3, 4)],
      [link(0, 2, 5), link(1, 3, 4)],
    ],
    ['keeps ties', 0, [link(0, 2, 5), link(0, 3, 5)], [link(0, 2, 5), link(0, 3, 5)]],
    [
      'keeps links within the margin',
      2.5,
      [link(0, 2, 5), link(0, 3, 3), link(1, 3, 4)],
      [link(0, 2, 5), link(0, 3, 3), link(1, 3, 4)],
    ],
  ])('best match: %s', (_, margin, links, expected) => {
    expect(bestMatchOnly(links, 4, margin)).toEqual(expected);
  });

  it('one_per_domain assigns greedily by score (1:1 between two domains)', () => {
    const domains = ['a', 'a', 'b', 'b'];
    const links = [link(0, 2, 9), link(0, 3, 8), link(1, 2, 7), link(1, 3, 2)];
    const { accepted, clusterOf } = clusterLinks(links, 4, { ...options, onePerDomain: true }, domains);
    expect(accepted).toEqual([link(0, 2, 9), link(1, 3, 2)]);
    expect(clusterOf[0]).toBe(clusterOf[2]);
    expect(clusterOf[1]).toBe(clusterOf[3]);
    expect(clusterOf[0]).not.toBe(clusterOf[1]);
  });

  it('max_cluster_size refuses a merge that grows a cluster too far', () => {
    const links = [link(0, 1, 9), link(1, 2, 8), link(2, 3, 7)];
    const { accepted, clusterOf } = clusterLinks(links, 4, { ...options, maxClusterSize: 2 });
    expect(accepted).toEqual([link(0, 1, 9), link(2, 3, 7)]);
    expect(new Set(clusterOf).size).toBe(2);
  });

  it('min_link_share refuses a single bridge between two groups', () => {
    // 0-1-2 link to each other; 3 links to 2 only: 1/3 of the group, under a share of 0.5.
    const links = [link(0, 1, 9), link(1, 2, 9), link(0, 2, 9), link(2, 3, 8)];
    const { accepted, clusterOf } = clusterLinks(links, 4, { ...options, minLinkShare: 0.5 });
    expect(accepted).toEqual([link(0, 1, 9), link(1, 2, 9), link(0, 2, 9)]);
    expect(clusterOf[3]).toBe(3);
    const loose = clusterLinks(links, 4, { ...options, minLinkShare: 0.3 });
    expect(loose.clusterOf[3]).toBe(loose.clusterOf[0]);
  });

  it('without options every link is kept and clusters are connected components', () => {
    const { accepted, clusterOf } = clusterLinks([link(0, 1, 1), link(1, 2, 1)], 4, options);
    expect(accepted).toHaveLength(2);
    expect(clusterOf[0]).toBe(clusterOf[2]);
    expect(clusterOf[3]).toBe(3);
  });
});
