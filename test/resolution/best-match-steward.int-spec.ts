import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Random } from '../../src/cli/generator';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { ResolutionRepository } from '../../src/core/resolution/resolution.repository';
import { ResolutionService } from '../../src/core/resolution/resolution.service';
import { partition, partitionOptions } from '../../src/engine/clustering/partition';
import { StewardEdgeRepository } from '../../src/features/stewardship/steward-edge.repository';
import { startTestApp } from '../support/app';
import { applyChanges, generatedProducts } from '../support/resolution-harness';

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
