/**
 * The resolution side of a backfill, in memory and without storage: the same matcher calls as the
 * incremental path (prepare, blocking keys, compare), candidates as arrival would have found them
 * (arrival-blocks.ts), and the whole store resolved as one component by the resolution core
 * (`resolveComponent`: the one partition, id rule, survivorship and golden events). From an empty
 * store every cluster is a new golden entity with one `golden.created` event (version 1).
 */
import { randomUUID } from 'node:crypto';
import { compareRecordIds } from '../engine/clustering/record-id';
import type { Explanation, Matcher, PreparedRecord } from '../engine';
import { probabilityOf } from '../engine/scoring/fellegi-sunter';
import { resolveComponent, type ChangeSet } from '../engine/resolution/resolve-component';
import type { EdgeRow } from '../resolution/resolution.repository';
import { arrivalBlocks, forEachArrivalPair, pairKeyOf } from './arrival-blocks';
import type { FoldedInput } from './backfill-input';

export interface Scored {
  score: number;
  probability: number;
  explanation: Explanation;
}

export interface BackfillPlan {
  /** Live records (not deleted), in id order, with their prepared form and blocking keys. */
  live: Array<{
    recordId: string;
    domain: string;
    sourceId: string;
    prepared: PreparedRecord;
    keys: string[];
  }>;
  edges: EdgeRow[];
  changeSet: ChangeSet<Scored>;
  pairsScored: number;
  cappedKeys: number;
}

export interface PlanContext {
  now: Date;
  /** When each arrival batch "happened" (ms): survivorship's recency, as the incremental path stored it. */
  batchTime: (batch: number) => number;
  newId?: () => string;
}

export function planBackfill(matcher: Matcher, input: FoldedInput, context: PlanContext): BackfillPlan {
  const records = input.records.filter((r) => !r.state.deleted);
  const prepared = records.map((r) => matcher.prepare(r.state.attributes));
  const keysOf = prepared.map((p) => [...new Set(matcher.blockingKeys(p))]);
  const batchOf = Int32Array.from(records, (r) => r.batch);
  const index = arrivalBlocks(matcher, keysOf, batchOf);

  const edges: EdgeRow[] = [];
  const reviewPairs: Array<{ a: string; b: string; scored: Scored }> = [];
  const pairsScored = forEachArrivalPair(index, keysOf, (i, j) => {
    const pa = prepared[i];
    const pb = prepared[j];
    // The batch linker's cheap pre-check (no explanation); `compare` decides the pairs that pass.
    const rule = matcher.rule(pa, pb);
    if (rule?.then === 'no-match') return;
    if (!rule && matcher.decide(probabilityOf(matcher.weight(pa, pb))) === 'no-match') return;
    const [x, y] = [records[i].state.recordId, records[j].state.recordId];
    const [a, b, first, second] = compareRecordIds(x, y) < 0 ? [x, y, pa, pb] : [y, x, pb, pa];
    const scored = matcher.compare(first, second, { blockingKey: pairKeyOf(index, keysOf, batchOf, i, j) });
    const { score, probability, explanation } = scored;
    if (scored.decision === 'match') edges.push({ a, b, kind: 'auto', score, probability, explanation });
    else if (scored.decision === 'review')
      reviewPairs.push({ a, b, scored: { score, probability, explanation } });
  });

  const changeSet = resolveComponent<Scored>(
    {
      entityType: input.entityType,
      records: records.map((r) => ({ recordId: r.state.recordId, domain: r.domain, sourceId: r.sourceId })),
      edges,
      constraints: [],
      goldens: new Map(),
      survivors: records.map((r) => ({
        recordId: r.state.recordId,
        domain: r.domain,
        sourceId: r.sourceId,
        attributes: r.state.attributes,
        updatedAt: context.batchTime(r.updatedBatch),
      })),
      seeds: records.map((r) => r.state.recordId),
      reviewPairs,
    },
    { ...matcher.config, cause: 'match', now: context.now, newId: context.newId ?? (() => randomUUID()) },
  );
  return {
    live: records.map((r, i) => ({
      recordId: r.state.recordId,
      domain: r.domain,
      sourceId: r.sourceId,
      prepared: prepared[i],
      keys: keysOf[i],
    })),
    edges,
    changeSet,
    pairsScored,
    cappedKeys: index.capped,
  };
}
