import type { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { compareRecordIds } from '../../engine/clustering/record-id';
import type { Matcher, PreparedRecord } from '../../engine';
import { ownDomains } from './own-domain';
import type { NewReviewItem } from './review.repository';
import { crossedKeys, type KeyGrowth } from './skew-prune';
import type { EdgeRow, ResolutionRepository } from './resolution.repository';

/** A review-band pair before it is queued (the reason is added by the writer). */
export type ReviewPair = Omit<NewReviewItem, 'reason'>;

export interface ScoredCandidates {
  edges: EdgeRow[];
  reviewPairs: ReviewPair[];
  /** Keys this transaction pushed past their cap (skew-prune.ts). */
  crossed: string[];
  /**
   * The golden entities of the stored records a match edge reaches: the recomputation will almost
   * always meet them, so it can lock them before it first reads the component.
   */
  matchedGoldens: Set<string>;
}

/**
 * Steps 2–3 of resolution (docs/resolution.md): fetches the candidates sharing a key with the
 * changed records, skipping blocks over the skew cap, and scores every new (record, candidate)
 * pair once; match edges and review-band pairs come back.
 */
export async function scoreCandidates(
  m: EntityManager,
  records: ResolutionRepository,
  logger: Logger,
  matcher: Matcher,
  input: {
    prepared: Map<string, PreparedRecord>;
    newKeys: Map<string, string[]>;
    domains: Map<string, string>;
    growth: KeyGrowth;
  },
): Promise<ScoredCandidates> {
  const { prepared, newKeys, domains, growth } = input;
  const entityType = matcher.config.entityType;
  const keys = [...new Set([...newKeys.values()].flat())];
  // Linkage across domains: two records of one source are never compared (nor linked, nor rivals),
  // so a block's members of the changed records' own domain are not even read.
  const acrossDomains = matcher.config.linkage === 'across_domains';
  const { blocks, skipped, sizes } = await records.candidateBlocks(m, entityType, keys, {
    caps: keys.map((k) => matcher.maxBlockSize(k)),
    slack: keys.map((k) => growth.gained.get(k) ?? 0),
    ...(acrossDomains && { ownDomain: ownDomains(keys, newKeys, domains) }),
  });
  if (skipped.length > 0) logger.debug(`${entityType}: ${skipped.length} oversized block(s) skipped`);
  // Each pair once, with the first key its records share: a pair of two changed records is taken
  // from the older one (the newer one shares the same key, so it would meet the pair too).
  const pairs: Array<{ a: string; b: string; key: string }> = [];
  for (const [recordId, recordKeys] of newKeys) {
    const seen = new Set<string>([recordId]);
    for (const key of recordKeys) {
      for (const other of blocks.get(key) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
        const older = compareRecordIds(other, recordId) < 0;
        if (older && newKeys.has(other)) continue;
        pairs.push(older ? { a: other, b: recordId, key } : { a: recordId, b: other, key });
      }
    }
  }
  const missing = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].filter((id) => !prepared.has(id));
  const known = new Map(prepared);
  const domainOf = new Map(domains);
  const goldenOf = new Map<string, string>();
  for (const row of await records.loadRecords(m, missing)) {
    known.set(row.recordId, row.prepared);
    domainOf.set(row.recordId, row.domain);
    goldenOf.set(row.recordId, row.goldenId);
  }
  const edges: EdgeRow[] = [];
  const reviewPairs: ReviewPair[] = [];
  for (const { a, b, key } of pairs) {
    const pa = known.get(a);
    const pb = known.get(b);
    if (!pa || !pb) continue; // a candidate deleted in this same batch
    if (acrossDomains && domainOf.get(a) === domainOf.get(b)) continue;
    // Most candidates are non-matches: decided without building an explanation.
    const scored = matcher.candidate(pa, pb, { blockingKey: key });
    if (scored?.decision === 'match') {
      edges.push({
        a,
        b,
        kind: 'auto',
        score: scored.score,
        probability: scored.probability,
        explanation: scored.explanation,
      });
    } else if (scored?.decision === 'review') {
      reviewPairs.push({ a, b, scored });
    }
  }
  const matchedGoldens = new Set(
    edges.flatMap((e) => [goldenOf.get(e.a), goldenOf.get(e.b)]).filter((g) => g !== undefined),
  );
  return { edges, reviewPairs, crossed: crossedKeys(matcher, skipped, sizes, growth), matchedGoldens };
}
