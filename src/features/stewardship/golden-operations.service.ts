import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuditAction } from '../../platform/audit/audit-action';
import { AuditService } from '../../platform/audit/audit.service';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import type {
  GoldenOperationResultDto,
  KeepOutDto,
  MergeDto,
  MoveDto,
  SplitDto,
} from './golden-operation.dto';
import { LinkConstraintRepository } from '../../core/resolution/link-constraint.repository';
import { LinkDecisionService, StewardContext } from './link-decision.service';
import { crossPairs, pairId, recordPair } from '../../core/resolution/record-pair';
import { ReviewRepository } from '../../core/resolution/review.repository';
import {
  EntitySnapshot,
  GoldenState,
  memberKey,
  StewardRecord,
  StewardRecordRepository,
} from './steward-record.repository';
import { StewardTargets } from './steward-targets';

type Outcome = { done: GoldenOperationResultDto } | { sentToReview: Record<string, unknown> };

const ids = (records: StewardRecord[]): string[] => records.map((r) => r.recordId);

/**
 * Manual operations on golden entities. Each is expressed as constraints (and steward edges) and
 * then a recluster, never as a direct rewrite of memberships: so the id rules, survivorship,
 * membership history and golden events (cause 'steward') are the same as for any other change, and
 * the operation keeps holding when its records are re-scored later.
 */
@Injectable()
export class GoldenOperationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly matchers: MatcherRegistry,
    private readonly targets: StewardTargets,
    private readonly records: StewardRecordRepository,
    private readonly constraints: LinkConstraintRepository,
    private readonly reviews: ReviewRepository,
    private readonly decisions: LinkDecisionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Joins two entities: must-links from the oldest member to every other member of both. A merge
   * says the two entities are one, so each member is bound, not just one pair: otherwise the
   * evidence guards (coherence, disagreement) could judge a member's own automatic link against the
   * other entity's records and leave it out. When a cannot-link holds any of
   * their records apart the merge does not happen: the pair goes to review instead (409 with the
   * review item's id), so a steward with the full picture decides.
   */
  async merge(goldenId: string, body: MergeDto, actor: Actor): Promise<GoldenOperationResultDto> {
    if (body.otherGoldenId === goldenId) throw invalid('otherGoldenId', 'must name another golden entity');
    const outcome = await this.tx.run(async (m): Promise<Outcome> => {
      const golden = await this.targets.activeGolden(m, goldenId, 'goldenId');
      const other = await this.sameType(m, golden, body.otherGoldenId, 'otherGoldenId');
      const [mine, theirs] = [
        await this.targets.members(m, goldenId),
        await this.targets.members(m, other.goldenId),
      ];
      const before = await this.records.snapshot(m, ids([...mine, ...theirs]));
      const pair = recordPair(mine[0].recordId, theirs[0].recordId);
      const conflicts = await this.constraints.cannotLinksBetween(m, ids(mine), ids(theirs));
      if (conflicts.length > 0) {
        const scored = (await this.decisions.score(m, golden.entityType, [pair])).get(pairId(pair));
        const reviewItemId = await this.reviews.openForSteward(m, golden.entityType, {
          ...pair,
          score: scored?.score ?? 0,
          probability: scored?.probability ?? 0,
          explanation: {
            ...scored?.explanation,
            steward: {
              action: 'merge',
              goldenIds: [goldenId, other.goldenId],
              by: actor.id,
              reason: body.reason,
              blockedBy: conflicts.map((c) => c.id),
            },
          },
        });
        await this.record(m, actor, 'golden.merge-sent-to-review', golden, body.reason, before, {
          reviewItemId,
        });
        return { sentToReview: { reviewItemId, ...(await this.decisions.describe(m, conflicts)) } };
      }
      this.checkGuards(golden.entityType, mine, theirs);
      const ctx = this.context(golden, actor, body.reason, `merge of ${other.goldenId} into ${goldenId}`);
      const anchor = mine[0].recordId;
      const bound = [...mine, ...theirs]
        .filter((r) => r.recordId !== anchor)
        .map((r) => recordPair(anchor, r.recordId));
      await this.decisions.mustLink(m, ctx, bound, { onExisting: 'keep' });
      const assignment = await this.decisions.recluster(m, golden.entityType, [pair.a, pair.b]);
      const joined = new Set([...mine, ...theirs].map((r) => assignment.get(r.recordId)));
      if (joined.size !== 1) throw refused('the merged entity would break a clustering guard', before);
      return {
        done: await this.finish(m, actor, 'merge', golden, body.reason, before, [...mine, ...theirs]),
      };
    });
    if ('sentToReview' in outcome) {
      throw new DomainException(
        'STEWARDSHIP.CANNOT_LINK_VIOLATION',
        'a cannot-link keeps records of these entities apart: the merge was not made and went to review',
        outcome.sentToReview,
      );
    }
    return outcome.done;
  }

  /**
   * Moves the listed members to a new entity: cannot-links between each moved and each remaining
   * member (replacing any must-link between them), must-links among the moved ones. The id rules
   * apply: the group holding the entity's oldest member keeps its id.
   */
  async split(goldenId: string, body: SplitDto, actor: Actor): Promise<GoldenOperationResultDto> {
    const seen = new Set<string>();
    body.members.forEach((k, i) => {
      if (seen.has(memberKey(k))) throw invalid(`members[${i}]`, 'is listed twice');
      seen.add(memberKey(k));
    });
    return this.tx.run(async (m) => {
      const golden = await this.targets.activeGolden(m, goldenId, 'goldenId');
      const moved = await this.targets.membersOf(
        m,
        golden,
        body.members.map((k, i) => ({ ...k, field: `members[${i}]` })),
      );
      const all = await this.targets.members(m, goldenId);
      const remaining = all.filter((r) => !seen.has(memberKey(r)));
      if (remaining.length === 0) throw invalid('members', 'must leave at least one member in the entity');
      const before = await this.records.snapshot(m, ids(all));
      const ctx = this.context(golden, actor, body.reason, `split of ${goldenId}`);
      await this.decisions.cannotLink(m, ctx, crossPairs(ids(moved), ids(remaining)), {
        onExisting: 'keep',
        onMustLink: 'supersede',
      });
      const links = moved.slice(1).map((r) => recordPair(moved[0].recordId, r.recordId));
      await this.decisions.mustLink(m, ctx, links, { onExisting: 'keep' });
      const assignment = await this.decisions.recluster(m, golden.entityType, ids(moved));
      if (new Set(moved.map((r) => assignment.get(r.recordId))).size !== 1) {
        throw refused('the moved members cannot stay together under the clustering guards', before);
      }
      return this.finish(m, actor, 'split', golden, body.reason, before, all);
    });
  }

  /** Moves one member into another entity: cannot-links with its current co-members, a must-link into the target. */
  async move(goldenId: string, body: MoveDto, actor: Actor): Promise<GoldenOperationResultDto> {
    if (body.targetGoldenId === goldenId) throw invalid('targetGoldenId', 'must name another golden entity');
    return this.tx.run(async (m) => {
      const golden = await this.targets.activeGolden(m, goldenId, 'goldenId');
      const target = await this.sameType(m, golden, body.targetGoldenId, 'targetGoldenId');
      const [record] = await this.targets.membersOf(m, golden, [{ ...body.member, field: 'member' }]);
      const others = (await this.targets.members(m, goldenId)).filter((r) => r.recordId !== record.recordId);
      const into = await this.targets.members(m, target.goldenId);
      const conflicts = await this.constraints.cannotLinksBetween(m, [record.recordId], ids(into));
      if (conflicts.length > 0) {
        throw new DomainException(
          'STEWARDSHIP.CANNOT_LINK_VIOLATION',
          'a cannot-link keeps the member apart from a record of the target entity',
          await this.decisions.describe(m, conflicts),
        );
      }
      this.checkGuards(golden.entityType, [record], into);
      const before = await this.records.snapshot(m, ids([record, ...others, ...into]));
      const ctx = this.context(golden, actor, body.reason, `move from ${goldenId} to ${target.goldenId}`);
      await this.decisions.cannotLink(m, ctx, crossPairs([record.recordId], ids(others)), {
        onExisting: 'keep',
        onMustLink: 'supersede',
      });
      await this.decisions.mustLink(m, ctx, [recordPair(record.recordId, into[0].recordId)], {
        onExisting: 'keep',
      });
      const assignment = await this.decisions.recluster(m, golden.entityType, [record.recordId]);
      if (assignment.get(record.recordId) !== assignment.get(into[0].recordId)) {
        throw refused('the member cannot join the target entity under the clustering guards', before);
      }
      return this.finish(m, actor, 'move', golden, body.reason, before, [record, ...others, ...into]);
    });
  }

  /** Keeps a member out of its entity: cannot-links between it and every other current member. */
  async keepOut(goldenId: string, body: KeepOutDto, actor: Actor): Promise<GoldenOperationResultDto> {
    return this.tx.run(async (m) => {
      const golden = await this.targets.activeGolden(m, goldenId, 'goldenId');
      const [record] = await this.targets.membersOf(m, golden, [{ ...body.member, field: 'member' }]);
      const all = await this.targets.members(m, goldenId);
      const others = all.filter((r) => r.recordId !== record.recordId);
      if (others.length === 0) throw invalid('member', 'is the only member of the entity');
      const before = await this.records.snapshot(m, ids(all));
      const ctx = this.context(golden, actor, body.reason, `keep-out from ${goldenId}`);
      await this.decisions.cannotLink(m, ctx, crossPairs([record.recordId], ids(others)), {
        onExisting: 'keep',
        onMustLink: 'supersede',
      });
      await this.decisions.recluster(m, golden.entityType, [record.recordId]);
      return this.finish(m, actor, 'keep-out', golden, body.reason, before, all);
    });
  }

  private async sameType(
    m: EntityManager,
    golden: GoldenState,
    otherId: string,
    field: string,
  ): Promise<GoldenState> {
    const other = await this.targets.activeGolden(m, otherId, field);
    if (other.entityType !== golden.entityType) {
      throw invalid(field, `is a ${other.entityType} entity, ${golden.goldenId} a ${golden.entityType} one`);
    }
    return other;
  }

  /** The guards a steward link must respect too (docs/resolution.md, "Clusters"), checked up front. */
  private checkGuards(entityType: string, xs: StewardRecord[], ys: StewardRecord[]): void {
    const { onePerDomain, maxClusterSize } = this.matchers.get(entityType).config.clustering;
    const domains = new Set(xs.map((r) => r.domain));
    const shared = [...new Set(ys.map((r) => r.domain).filter((d) => domains.has(d)))];
    if (onePerDomain && shared.length > 0) {
      throw new DomainException(
        'STEWARDSHIP.LINK_REFUSED',
        `one record per domain: both have records of ${shared.join(', ')}`,
        { guard: 'one_per_domain', domains: shared },
      );
    }
    if (maxClusterSize !== undefined && xs.length + ys.length > maxClusterSize) {
      throw new DomainException(
        'STEWARDSHIP.LINK_REFUSED',
        `the entity would have ${xs.length + ys.length} members; the maximum is ${maxClusterSize}`,
        { guard: 'max_cluster_size', maxClusterSize },
      );
    }
  }

  private context(golden: GoldenState, actor: Actor, reason: string, action: string): StewardContext {
    return { entityType: golden.entityType, actor, reason, action };
  }

  private async finish(
    m: EntityManager,
    actor: Actor,
    action: GoldenOperationResultDto['action'],
    golden: GoldenState,
    reason: string,
    before: EntitySnapshot[],
    involved: StewardRecord[],
  ): Promise<GoldenOperationResultDto> {
    const entities = await this.records.snapshot(m, ids(involved));
    const auditId = await this.record(m, actor, `golden.${action}` as AuditAction, golden, reason, before, {
      entities,
    });
    return { action, entities, auditId };
  }

  private record(
    m: EntityManager,
    actor: Actor,
    action: AuditAction,
    golden: GoldenState,
    reason: string,
    before: EntitySnapshot[],
    after: unknown,
  ): Promise<string> {
    return this.audit.record(m, actor, {
      action,
      target: `golden:${golden.goldenId}`,
      entityType: golden.entityType,
      before: { entities: before },
      after,
      reason,
    });
  }
}

const invalid = (field: string, reason: string) =>
  new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', [{ field, reason }]);

const refused = (message: string, entities: EntitySnapshot[]) =>
  new DomainException('STEWARDSHIP.LINK_REFUSED', message, { entities });
