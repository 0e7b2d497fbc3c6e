import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { ConcurrencyConflict } from '../../platform/database/retry-policy';
import type { ScoredPair } from '../../engine';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { ResolutionService } from '../../core/resolution/resolution.service';
import type { ConstraintKind } from '../../core/resolution/link-constraint.entity';
import { ActiveConstraint, LinkConstraintRepository } from '../../core/resolution/link-constraint.repository';
import { pairId, RecordPair } from '../../core/resolution/record-pair';
import { ReviewRepository } from '../../core/resolution/review.repository';
import { StewardEdgeRepository } from './steward-edge.repository';
import { StewardRecordRepository } from './steward-record.repository';

/** A concurrent steward change touched the same pair between our read and our write: retried. */
const CONCURRENT_STEWARD_CHANGE = 'a concurrent steward change touched the same records';

/** Who decides, about which entity type, why, and as part of which action (kept in explanations). */
export interface StewardContext {
  entityType: string;
  actor: Actor;
  reason: string;
  action: string;
}

/** A pair to link, with the score to keep on its steward edge (else the matcher's current score). */
export interface LinkRequest extends RecordPair {
  scored?: { score: number; probability: number; explanation: unknown };
}

export interface LinkOptions {
  /** What to do when the pair already has a constraint of the same kind. */
  onExisting: 'keep' | 'refuse';
}

export interface UnlinkOptions extends LinkOptions {
  /** What to do with a must-link on a pair being ruled apart: revoke it (split, keep-out) or refuse. */
  onMustLink: 'supersede' | 'refuse';
}

/**
 * The primitives every steward operation is made of, each inside the caller's transaction:
 * must-link and cannot-link constraints (with steward edges for must-links), closing the review
 * items they answer, and reclustering. Contradictions on a pair are refused here, once.
 */
@Injectable()
export class LinkDecisionService {
  constructor(
    private readonly constraints: LinkConstraintRepository,
    private readonly edges: StewardEdgeRepository,
    private readonly reviews: ReviewRepository,
    private readonly records: StewardRecordRepository,
    private readonly matchers: MatcherRegistry,
    private readonly resolution: ResolutionService,
  ) {}

  /** Must-links with steward edges; returns each pair's constraint id, in request order. */
  async mustLink(
    m: EntityManager,
    ctx: StewardContext,
    pairs: LinkRequest[],
    opts: LinkOptions,
  ): Promise<string[]> {
    const existing = await this.constraints.activeOnPairs(m, pairs);
    const contradicting = existing.filter((c) => c.kind === 'cannot_link');
    if (contradicting.length > 0) {
      throw new DomainException(
        'STEWARDSHIP.CONSTRAINT_CONFLICT',
        'a cannot-link holds these records apart: revoke it before linking them',
        await this.describe(m, contradicting),
      );
    }
    const ids = await this.insertMissing(m, ctx, 'must_link', pairs, existing, opts);
    const unscored = pairs.filter((p) => !p.scored);
    const scores = await this.score(m, ctx.entityType, unscored);
    await this.edges.link(
      m,
      ctx.entityType,
      pairs.map((p) => {
        const s = p.scored ?? scores.get(pairId(p))!;
        const explanation = { ...(s.explanation as object), steward: this.note(ctx) };
        return { a: p.a, b: p.b, score: s.score, probability: s.probability, explanation };
      }),
    );
    await this.reviews.decidePairs(m, pairs, 'match', ctx.actor.id, ctx.reason);
    return ids;
  }

  /** Cannot-links; returns each pair's constraint id, in request order. */
  async cannotLink(
    m: EntityManager,
    ctx: StewardContext,
    pairs: RecordPair[],
    opts: UnlinkOptions,
  ): Promise<string[]> {
    const existing = await this.constraints.activeOnPairs(m, pairs);
    const mustLinks = existing.filter((c) => c.kind === 'must_link');
    if (mustLinks.length > 0 && opts.onMustLink === 'refuse') {
      throw new DomainException(
        'STEWARDSHIP.CONSTRAINT_CONFLICT',
        'a must-link holds these records together: revoke it before separating them',
        await this.describe(m, mustLinks),
      );
    }
    // A split or keep-out is a later, explicit decision about the same pairs: it replaces the links.
    await this.constraints.revoke(
      m,
      mustLinks.map((c) => c.id),
      ctx.actor.id,
      `superseded by ${ctx.action}: ${ctx.reason}`,
    );
    await this.edges.unlink(m, mustLinks);
    const kept = existing.filter((c) => c.kind === 'cannot_link');
    const ids = await this.insertMissing(m, ctx, 'cannot_link', pairs, kept, opts);
    await this.reviews.decidePairs(m, pairs, 'no-match', ctx.actor.id, ctx.reason);
    return ids;
  }

  /**
   * Ends a constraint. A must-link's steward edge goes with it; the matcher's current verdict on
   * the pair takes over (an automatic edge if it matches). Returns the re-scored pair.
   */
  async revoke(m: EntityManager, ctx: StewardContext, c: ActiveConstraint): Promise<ScoredPair | null> {
    const revoked = await this.constraints.revoke(m, [c.id], ctx.actor.id, ctx.reason);
    if (revoked.length === 0) throw new ConcurrencyConflict(CONCURRENT_STEWARD_CHANGE);
    if (c.kind !== 'must_link') return null;
    await this.edges.unlink(m, [c]);
    const scored = (await this.score(m, ctx.entityType, [c])).get(pairId(c)) ?? null;
    if (scored?.decision === 'match') await this.edges.restoreAuto(m, ctx.entityType, [{ ...c, ...scored }]);
    return scored;
  }

  /**
   * Recomputes the entities of the records (ResolutionService.recluster: cause 'steward', id rules,
   * memberships, events), then re-opens the review items of those records whose question still
   * stands: recluster supersedes them all, though the records' scores did not change.
   *
   * A change must not silently break an earlier must-link: a cannot-link can contradict must-links
   * transitively (A–B and B–C linked, A–C ruled apart). Must-links that held before and not after
   * are a 409 STEWARDSHIP.CONSTRAINT_CONFLICT naming them, and the transaction rolls back.
   */
  async recluster(m: EntityManager, entityType: string, recordIds: string[]): Promise<Map<string, string>> {
    const held = await this.heldMustLinks(m, recordIds);
    const open = await this.reviews.openIdsTouching(m, recordIds);
    const assignment = await this.resolution.recluster(m, entityType, recordIds);
    await this.reviews.reopenStillUncertain(m, open);
    const after = new Map(
      (
        await this.records.byIds(
          m,
          held.flatMap((c) => [c.a, c.b]),
        )
      ).map((r) => [r.recordId, r.goldenId]),
    );
    const broken = held.filter((c) => after.get(c.a) !== after.get(c.b));
    if (broken.length > 0) {
      throw new DomainException(
        'STEWARDSHIP.CONSTRAINT_CONFLICT',
        'this change would separate records that a must-link holds together: revoke it first',
        await this.describe(m, broken),
      );
    }
    return assignment;
  }

  /** Active must-links within the current entities of the records that hold (both ends together). */
  private async heldMustLinks(m: EntityManager, recordIds: string[]): Promise<ActiveConstraint[]> {
    const goldens = [...new Set((await this.records.byIds(m, recordIds)).map((r) => r.goldenId!))];
    const members = await this.records.members(m, goldens);
    const goldenOf = new Map(members.map((r) => [r.recordId, r.goldenId]));
    const touching = await this.constraints.activeTouching(
      m,
      members.map((r) => r.recordId),
    );
    return touching.filter(
      (c) => c.kind === 'must_link' && goldenOf.has(c.a) && goldenOf.get(c.a) === goldenOf.get(c.b),
    );
  }

  /** Constraints with their records named by key, for a 409's details. */
  async describe(m: EntityManager, list: ActiveConstraint[]): Promise<{ constraints: unknown[] }> {
    const keys = new Map(
      (
        await this.records.byIds(
          m,
          list.flatMap((c) => [c.a, c.b]),
        )
      ).map((r) => [r.recordId, { domain: r.domain, sourceId: r.sourceId }]),
    );
    return {
      constraints: list.map((c) => ({
        id: c.id,
        kind: c.kind,
        a: keys.get(c.a) ?? null,
        b: keys.get(c.b) ?? null,
      })),
    };
  }

  /** The matcher's current verdict on each pair of live records. */
  async score(m: EntityManager, entityType: string, pairs: RecordPair[]): Promise<Map<string, ScoredPair>> {
    if (pairs.length === 0) return new Map();
    const matcher = this.matchers.get(entityType);
    const prepared = await this.records.prepared(
      m,
      pairs.flatMap((p) => [p.a, p.b]),
    );
    const out = new Map<string, ScoredPair>();
    for (const p of pairs) {
      const [pa, pb] = [prepared.get(p.a), prepared.get(p.b)];
      if (pa && pb) out.set(pairId(p), matcher.compare(pa, pb));
    }
    return out;
  }

  private async insertMissing(
    m: EntityManager,
    ctx: StewardContext,
    kind: ConstraintKind,
    pairs: RecordPair[],
    existing: ActiveConstraint[],
    opts: LinkOptions,
  ): Promise<string[]> {
    const same = existing.filter((c) => c.kind === kind);
    if (same.length > 0 && opts.onExisting === 'refuse') {
      throw new DomainException(
        'STEWARDSHIP.CONSTRAINT_EXISTS',
        `the records already have an active ${kind}`,
        {
          constraintId: same[0].id,
        },
      );
    }
    const ids = new Map(same.map((c) => [pairId(c), c.id]));
    const missing = pairs.filter((p) => !ids.has(pairId(p)));
    const inserted = await this.constraints.insert(
      m,
      ctx.entityType,
      kind,
      missing,
      ctx.actor.id,
      ctx.reason,
    );
    if (inserted.length !== missing.length) throw new ConcurrencyConflict(CONCURRENT_STEWARD_CHANGE);
    inserted.forEach((c) => ids.set(pairId(c), c.id));
    return pairs.map((p) => ids.get(pairId(p))!);
  }

  private note(ctx: StewardContext): Record<string, string> {
    return { action: ctx.action, by: ctx.actor.id, reason: ctx.reason };
  }
}
