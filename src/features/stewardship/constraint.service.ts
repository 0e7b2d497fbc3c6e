import { Injectable } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import type { FieldProblem } from '../../platform/common/errors/error-codes';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  isDecimalId,
  isObject,
} from '../../platform/common/keyset-cursor';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { MatcherRegistry } from '../../core/matching/matcher-registry';
import { ConstraintQueryRepository } from './constraint-query.repository';
import type { ConstraintPageDto, ConstraintResultDto } from './constraint-response.dto';
import { LinkConstraintRepository } from '../../core/resolution/link-constraint.repository';
import { LinkDecisionService, StewardContext } from './link-decision.service';
import { recordPair } from '../../core/resolution/record-pair';
import { ReviewRepository } from '../../core/resolution/review.repository';
import type { ConstraintCreateDto, ConstraintListQueryDto } from './steward-request.dto';
import { StewardRecordRepository } from './steward-record.repository';
import { StewardTargets } from './steward-targets';

/** Durable must-link and cannot-link constraints, written and revoked by stewards. */
@Injectable()
export class ConstraintService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly matchers: MatcherRegistry,
    private readonly targets: StewardTargets,
    private readonly constraints: LinkConstraintRepository,
    private readonly query: ConstraintQueryRepository,
    private readonly records: StewardRecordRepository,
    private readonly reviews: ReviewRepository,
    private readonly decisions: LinkDecisionService,
    private readonly audit: AuditService,
  ) {}

  async list(q: ConstraintListQueryDto): Promise<ConstraintPageDto> {
    if (q.record !== undefined && q.entityType === undefined) {
      throw invalid([{ field: 'entityType', reason: 'is required with record' }]);
    }
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = q.cursor
      ? decodeCursor(q.cursor, (v): v is { i: string } => isObject(v) && isDecimalId(v.i))
      : undefined;
    // Domains have no ':' (docs/events.md), so the first one separates domain from source id.
    const colon = q.record?.indexOf(':') ?? -1;
    const rows = await this.tx.run((m) =>
      this.query.list(m, {
        entityType: q.entityType,
        record:
          q.record === undefined
            ? undefined
            : { domain: q.record.slice(0, colon), sourceId: q.record.slice(colon + 1) },
        status: q.status ?? 'active',
        beforeId: cursor?.i,
        limit: limit + 1,
      }),
    );
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor({ i: items[items.length - 1].id }) : null,
    };
  }

  /** A new constraint, applied at once: the two records' entities are reclustered. */
  async create(body: ConstraintCreateDto, actor: Actor): Promise<ConstraintResultDto> {
    const entityType = body.a.entityType;
    const problems: FieldProblem[] = [];
    if (!this.matchers.has(entityType))
      problems.push({ field: 'a.entityType', reason: 'is not a known entity type' });
    if (body.b.entityType !== entityType)
      problems.push({ field: 'b.entityType', reason: 'must equal a.entityType' });
    if (body.a.domain === body.b.domain && body.a.sourceId === body.b.sourceId) {
      problems.push({ field: 'b', reason: 'must name another record than a' });
    }
    if (problems.length > 0) throw invalid(problems);
    return this.tx.run(async (m) => {
      const [ra, rb] = await this.targets.liveRecords(m, entityType, [
        { ...body.a, field: 'a' },
        { ...body.b, field: 'b' },
      ]);
      const pair = recordPair(ra.recordId, rb.recordId);
      const ctx: StewardContext = { entityType, actor, reason: body.reason, action: 'constraint' };
      const before = await this.records.snapshot(m, [pair.a, pair.b]);
      const [id] =
        body.kind === 'must_link'
          ? await this.decisions.mustLink(m, ctx, [pair], { onExisting: 'refuse' })
          : await this.decisions.cannotLink(m, ctx, [pair], { onExisting: 'refuse', onMustLink: 'refuse' });
      const assignment = await this.decisions.recluster(m, entityType, [pair.a, pair.b]);
      if (body.kind === 'must_link' && assignment.get(pair.a) !== assignment.get(pair.b)) {
        throw new DomainException(
          'STEWARDSHIP.LINK_REFUSED',
          'the records cannot be linked: a clustering guard (one record per domain, maximum entity size) or a cannot-link with a record steward-linked to one of them refuses it',
          { entities: before },
        );
      }
      const entities = await this.records.snapshot(m, [pair.a, pair.b]);
      const constraint = (await this.query.get(m, id))!;
      await this.audit.record(m, actor, {
        action: 'constraint.create',
        target: `constraint:${id}`,
        entityType,
        before: { entities: before },
        after: { constraint, entities },
        reason: body.reason,
      });
      return { constraint, entities };
    });
  }

  /**
   * Ends a constraint and reclusters. A revoked must-link leaves the pair to the matcher: linked
   * again if it scores a match, back in the review queue if it scores in the review band.
   */
  async revoke(id: string, reason: string, actor: Actor): Promise<ConstraintResultDto> {
    return this.tx.run(async (m) => {
      const c = await this.constraints.lock(m, id);
      if (!c) throw new DomainException('STEWARDSHIP.CONSTRAINT_NOT_FOUND', `no constraint ${id}`);
      if (c.revokedAt !== null) {
        throw new DomainException('STEWARDSHIP.CONSTRAINT_REVOKED', `constraint ${id} is already revoked`, {
          revokedAt: c.revokedAt.toISOString(),
        });
      }
      const live = (await this.records.byIds(m, [c.a, c.b])).map((r) => r.recordId);
      const before = await this.records.snapshot(m, live);
      const ctx: StewardContext = {
        entityType: c.entityType,
        actor,
        reason,
        action: 'constraint revocation',
      };
      const scored = await this.decisions.revoke(m, ctx, c);
      if (live.length > 0) {
        const assignment = await this.decisions.recluster(m, c.entityType, live);
        if (scored?.decision === 'review' && assignment.get(c.a) !== assignment.get(c.b)) {
          await this.reviews.open(m, c.entityType, [{ a: c.a, b: c.b, reason: 'review_band', scored }]);
        }
      }
      const entities = await this.records.snapshot(m, live);
      const constraint = (await this.query.get(m, id))!;
      await this.audit.record(m, actor, {
        action: 'constraint.revoke',
        target: `constraint:${id}`,
        entityType: c.entityType,
        before: {
          constraint: { ...constraint, active: true, revokedAt: null, revokedBy: null, revokeReason: null },
          entities: before,
        },
        after: { constraint, entities },
        reason,
      });
      return { constraint, entities };
    });
  }
}

const invalid = (problems: FieldProblem[]) =>
  new DomainException('COMMON.VALIDATION_FAILED', 'request validation failed', problems);
