import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Random } from '../../src/cli/generator';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { ResolutionRepository } from '../../src/core/resolution/resolution.repository';
import { ResolutionService } from '../../src/core/resolution/resolution.service';
import { partition, partitionOptions } from '../../src/engine/clustering/partition';
import { compareRecordIds } from '../../src/engine/clustering/record-id';
import { StewardEdgeRepository } from '../../src/features/stewardship/steward-edge.repository';
import { startTestApp } from '../support/app';
import { applyChanges, currentPartition, generatedProducts } from '../support/resolution-harness';

/**
 * A steward link turns an automatic edge into a steward one, which leaves best-match selection:
 * under two rounds that changes the round-2 choices of records two edges away. After each link the
 * served entities must equal the partition of the whole stored graph.
 */
describe('two best-match rounds: a steward link reaches as far as the selection does', () => {
  const shipped = readFileSync(path.resolve(__dirname, '../../matchers/product.yaml'), 'utf8');
  const yaml = shipped.replace(/^clustering: \{ (.*) \}$/m, 'clustering: { $1, best_match_rounds: 2 }');
  const records = 600;

  it('served entities equal the whole-graph partition after each steward link', async () => {
    expect(yaml).toContain('best_match_rounds: 2');
    const dir = mkdtempSync(path.join(tmpdir(), 'joinery-bms-'));
    writeFileSync(path.join(dir, 'product.yaml'), yaml);
    const upserts = generatedProducts(records, 11);
    const t = await startTestApp({ MATCHERS_DIR: dir, KAFKA_BROKERS: undefined });
    try {
      await applyChanges(t.app, 'product', upserts);
      const ds = t.app.get(DataSource);
      const matcher = t.app.get(MatcherRegistry).get('product');
      const repo = t.app.get(ResolutionRepository);
      const stewardEdges = t.app.get(StewardEdgeRepository);
      const resolution = t.app.get(ResolutionService);
      const recs: Array<{ id: string; domain: string; sid: string }> = await ds.query(
        `SELECT record_id::text AS id, domain, source_id AS sid FROM resolution_records WHERE entity_type = 'product'`,
      );
      const prepared = new Map(
        (
          await repo.loadRecords(
            ds.manager,
            recs.map((r) => r.id),
          )
        ).map((r) => [r.recordId, r.prepared]),
      );
      const verdict = (a: string, b: string) => matcher.evidence(prepared.get(a)!, prepared.get(b)!);
      const nodes = recs.map((r) => ({ id: r.id, domain: r.domain, key: `${r.domain}\u0000${r.sid}` }));
      const autoEdges: Array<{ a: string; b: string; score: number }> = await ds.query(
        `SELECT record_a::text AS a, record_b::text AS b, score FROM match_edges WHERE kind = 'auto' ORDER BY 1, 2`,
      );
      // Mutual-best edges: linking one by hand frees both records for round 2, and their neighbours' rivals.
      const best = new Map<string, number>();
      for (const e of autoEdges)
        for (const id of [e.a, e.b]) best.set(id, Math.max(best.get(id) ?? -Infinity, e.score));
      const mutual = autoEdges.filter((e) => e.score === best.get(e.a) && e.score === best.get(e.b));
      let differing = 0;
      const degree = new Map<string, number>();
      for (const e of autoEdges) for (const id of [e.a, e.b]) degree.set(id, (degree.get(id) ?? 0) + 1);
      const around = (e: { a: string; b: string }) => degree.get(e.a)! + degree.get(e.b)!;
      const picks = new Random(2).shuffle(mutual.filter((e) => around(e) > 3)).slice(0, 40);
      expect(picks.length).toBeGreaterThan(10);
      for (const pick of picks) {
        await ds.transaction(async (m) => {
          await stewardEdges.link(m, 'product', [{ ...pick, probability: 1, explanation: {} }]);
          await resolution.recluster(m, 'product', [pick.a, pick.b]);
        });
        const edges: Array<{ a: string; b: string; kind: 'auto' | 'steward'; score: number }> =
          await ds.query(`SELECT record_a::text AS a, record_b::text AS b, kind, score FROM match_edges`);
        const whole = partition(nodes, edges, partitionOptions(matcher.config, { verdict }));
        const golden: Array<{ id: string; g: string }> = await ds.query(
          `SELECT record_id::text AS id, golden_id::text AS g FROM resolution_records WHERE entity_type = 'product'`,
        );
        const goldenOf = new Map(golden.map((r) => [r.id, r.g]));
        const size = new Map<string, number>();
        golden.forEach((r) => size.set(r.g, (size.get(r.g) ?? 0) + 1));
        differing += whole.clusters.filter(
          (c) =>
            new Set(c.map((id) => goldenOf.get(id))).size !== 1 || size.get(goldenOf.get(c[0])!) !== c.length,
        ).length;
      }
      expect(differing).toBe(0);
    } finally {
      await t.close();
    }
  }, 300_000);
});

/**
 * The smallest graph where a steward link changes an entity two edges past its records, apart
 * from every entity the link's component reaches. Auto edges (scores 3 apart, beyond the margin
 * of 2): a-b 30, a-c 24, c-f 21, c-d 18, d-e 15. Before: a-b is round 1; c, d, e, f are untaken
 * and c-f wins round 2, so {a,b} {c,f} {d} {e}. Linking a-b by hand takes it out of selection:
 * a-c becomes a round-1 pair, c is taken, f is alone, and d's round-2 best falls to d-e, which e
 * returns: {a,b,c} {d,e} {f}. The recomputation reaches c's entity along a-c, but d and e only
 * through the two-hop neighbourhood of a and b (one hop stops at c).
 */
describe('two best-match rounds: a steward link joins records two edges past it', () => {
  const shipped = readFileSync(path.resolve(__dirname, '../../matchers/product.yaml'), 'utf8');
  // No disagreement or link-share guard: the records share no words, only the edges written here.
  const yaml = shipped.replace(
    /^clustering: \{ (.*) \}$/m,
    'clustering: { $1, best_match_rounds: 2, max_disagreement: 1, min_link_share: 0 }',
  );
  const titles = { a: 'quasar', b: 'walrus', c: 'jigsaw', d: 'oxford', e: 'banjo', f: 'kettle' };
  const edges: Array<[keyof typeof titles, keyof typeof titles, number]> = [
    ['a', 'b', 30],
    ['a', 'c', 24],
    ['c', 'f', 21],
    ['c', 'd', 18],
    ['d', 'e', 15],
  ];

  it('recomputes the entities of records two hops out', async () => {
    expect(yaml).toContain('best_match_rounds: 2');
    const dir = mkdtempSync(path.join(tmpdir(), 'joinery-bms2-'));
    writeFileSync(path.join(dir, 'product.yaml'), yaml);
    const t = await startTestApp({ MATCHERS_DIR: dir, KAFKA_BROKERS: undefined });
    try {
      const changes = Object.entries(titles).map(([sourceId, title]) => ({
        domain: 'shop',
        sourceId,
        attributes: { title },
      }));
      await applyChanges(t.app, 'product', changes);
      const ds = t.app.get(DataSource);
      const recs: Array<{ id: string; sid: keyof typeof titles }> = await ds.query(
        `SELECT record_id::text AS id, source_id AS sid FROM resolution_records WHERE entity_type = 'product'`,
      );
      const idOf = new Map(recs.map((r) => [r.sid, r.id]));
      const pairOf = (x: keyof typeof titles, y: keyof typeof titles) =>
        [idOf.get(x)!, idOf.get(y)!].sort(compareRecordIds) as [string, string];
      expect(await ds.query(`SELECT 1 FROM match_edges`)).toEqual([]);
      const resolution = t.app.get(ResolutionService);
      const entities = () =>
        currentPartition(t.app, 'product').then((p) =>
          p.map((c) => c.map((m) => m.replace('shop:', '')).join('')),
        );

      await ds.transaction(async (m) => {
        await t.app.get(ResolutionRepository).insertEdges(
          m,
          'product',
          edges.map(([x, y, score]) => {
            const [a, b] = pairOf(x, y);
            return {
              a,
              b,
              kind: 'auto' as const,
              score,
              probability: 0.99,
              explanation: { prior: 0, cmp: [], total: score, p: 0.99 },
            };
          }),
        );
        await resolution.recluster(m, 'product', [...idOf.values()]);
      });
      expect((await entities()).sort()).toEqual(['ab', 'cf', 'd', 'e']);

      await ds.transaction(async (m) => {
        const [a, b] = pairOf('a', 'b');
        await t.app
          .get(StewardEdgeRepository)
          .link(m, 'product', [{ a, b, score: 30, probability: 1, explanation: {} }]);
        await resolution.recluster(m, 'product', [a, b]);
      });
      expect((await entities()).sort()).toEqual(['abc', 'de', 'f']);
    } finally {
      await t.close();
    }
  }, 120_000);
});
