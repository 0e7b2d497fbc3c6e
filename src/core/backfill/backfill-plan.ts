/**
 * The resolution side of a backfill, in memory and without storage: the same matcher calls as the
 * incremental path (prepare, blocking keys, compare), candidates as arrival would have found them
 * (arrival-blocks.ts), and the whole store resolved as one component by the resolution core
 * (`resolveComponent`: the one partition, id rule, survivorship and golden events). From an empty
 * store every cluster is a new golden entity with one `golden.created` event (version 1).
 */
import { randomUUID } from 'node:crypto';
import { compareRecordIds } from '../../engine/clustering/record-id';
import type { Explanation, Matcher, PreparedRecord } from '../../engine';
import { resolveComponent, type ChangeSet } from '../../engine/resolution/resolve-component';
import type { EdgeRow } from '../resolution/resolution.repository';
import { arrivalBlocks, forEachArrivalPair, linksThrough, pairKeyOf } from './arrival-blocks';
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
  // As scoreCandidates (resolution): never two records of one source under linkage across domains; the
  // matcher's verdict first (no explanation), `compare` for the pairs it does not reject.
  const acrossDomains = matcher.config.linkage === 'across_domains';
  const pairsScored = forEachArrivalPair(index, keysOf, (i, j) => {
    if (acrossDomains && records[i].domain === records[j].domain) return;
    const pa = prepared[i];
    const pb = prepared[j];
    const [x, y] = [records[i].state.recordId, records[j].state.recordId];
    const [a, b, first, second] = compareRecordIds(x, y) < 0 ? [x, y, pa, pb] : [y, x, pb, pa];
    if (matcher.verdict(first, second) === 'no-match') return;
    const scored = matcher.compare(first, second, { blockingKey: pairKeyOf(index, keysOf, batchOf, i, j) });
    const { score, probability, explanation } = scored;
    if (scored.decision === 'match') {
      // A match through blocks that all passed their cap later was removed then (skew-prune.ts).
      if (linksThrough(index, keysOf, i, j))
        edges.push({ a, b, kind: 'auto', score, probability, explanation });
    } else if (scored.decision === 'review')
      reviewPairs.push({ a, b, scored: { score, probability, explanation } });
  });
  const preparedOf = new Map(records.map((r, i) => [r.state.recordId, prepared[i]]));

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
    {
      ...matcher.config,
      cause: 'match',
      now: context.now,
      newId: context.newId ?? (() => randomUUID()),
      // The disagreement guard's verdicts, from the prepared forms, as the service gives them.
      ...(matcher.config.clustering.maxDisagreement < 1 && {
        verdict: (a: string, b: string) => matcher.evidence(preparedOf.get(a)!, preparedOf.get(b)!),
      }),
    },
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
