import { Injectable } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import { PiiReadPolicy } from '../auth/pii-read.policy';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  isDecimalId,
  isObject,
} from '../../platform/common/keyset-cursor';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { LinkDecisionService, StewardContext } from './link-decision.service';
import { ReviewQueueRepository, ReviewSort, SortOrder } from './review-queue.repository';
import { REVIEW_DECISION_VIEW, REVIEW_ITEM_VIEW, REVIEW_PAGE_VIEW } from './review-pii.views';
import type { ReviewDecisionResultDto, ReviewItemDto, ReviewPageDto } from './review-response.dto';
import { LockedReviewItem, ReviewRepository } from '../../core/resolution/review.repository';
import type { DecisionDto, ReviewListQueryDto } from './steward-request.dto';
import { StewardRecordRepository } from './steward-record.repository';
import type { EntityManager } from 'typeorm';

interface QueueCursor {
  s: ReviewSort;
  o: SortOrder;
  k: number | string;
  i: string;
}

/**
 * The review queue: uncertain pairs, their assignment, and the decisions that close them. Every
 * answer shows both records' attributes: each is the actor's view of it (PiiReadPolicy).
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: ReviewQueueRepository,
    private readonly reviews: ReviewRepository,
    private readonly decisions: LinkDecisionService,
    private readonly records: StewardRecordRepository,
    private readonly audit: AuditService,
    private readonly pii: PiiReadPolicy,
  ) {}

  async list(q: ReviewListQueryDto, actor: Actor): Promise<ReviewPageDto> {
    const sort = q.sort ?? 'age';
    const order = q.order ?? 'desc';
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const after = q.cursor
      ? decodeCursor(
          q.cursor,
          (v): v is QueueCursor =>
            isObject(v) &&
            v.s === sort &&
            v.o === order &&
            isDecimalId(v.i) &&
            (sort === 'score' ? typeof v.k === 'number' : typeof v.k === 'string' && !isNaN(Date.parse(v.k))),
        )
      : undefined;
    const rows = await this.tx.run((m) =>
      this.queue.list(m, {
        entityType: q.entityType,
        status: q.status ?? 'open',
        assignee: q.assignee,
        sort,
        order,
        after: after && { key: after.k, id: after.i },
        limit: limit + 1,
      }),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const result: ReviewPageDto = {
      items: page.map((r) => r.item),
      nextCursor:
        rows.length > limit ? encodeCursor({ s: sort, o: order, k: last.key, i: last.item.id }) : null,
    };
    return this.pii.read(actor, result, REVIEW_PAGE_VIEW);
  }

  async get(id: string, actor: Actor): Promise<ReviewItemDto> {
    const item = await this.tx.run((m) => this.queue.get(m, id));
    if (!item) throw notFound(id);
    return this.pii.read(actor, item, REVIEW_ITEM_VIEW);
  }

  async assign(id: string, assignee: string | null, actor: Actor): Promise<ReviewItemDto> {
    const item = await this.tx.run(async (m) => {
      const item = await this.lockOpen(m, id);
      await this.reviews.assign(m, id, assignee);
      await this.audit.record(m, actor, {
        action: 'review.assign',
        target: `review-item:${id}`,
        entityType: item.entityType,
        before: { assignee: item.assignee },
        after: { assignee },
        reason: null,
      });
      return (await this.queue.get(m, id))!;
    });
    return this.pii.read(actor, item, REVIEW_ITEM_VIEW);
  }

  /**
   * A steward's verdict on a pair, in one transaction: the constraint that makes it hold through
   * every later re-scoring (must-link + steward edge, or cannot-link), the item and any other open
   * item on the pair closed, the entities reclustered (golden events with cause 'steward'), and the
   * audit entry.
   */
  async decide(id: string, body: DecisionDto, actor: Actor): Promise<ReviewDecisionResultDto> {
    const result = await this.tx.run(async (m): Promise<ReviewDecisionResultDto> => {
      const item = await this.lockOpen(m, id);
      const ctx: StewardContext = {
        entityType: item.entityType,
        actor,
        reason: body.reason,
        action: `review-item:${id}`,
      };
      const pair = { a: item.a, b: item.b };
      const before = await this.records.snapshot(m, [item.a, item.b]);
      const [constraintId] =
        body.decision === 'match'
          ? await this.decisions.mustLink(m, ctx, [{ ...pair, scored: item }], { onExisting: 'keep' })
          : await this.decisions.cannotLink(m, ctx, [pair], { onExisting: 'keep', onMustLink: 'refuse' });
      const assignment = await this.decisions.recluster(m, item.entityType, [item.a, item.b]);
      if (body.decision === 'match' && assignment.get(item.a) !== assignment.get(item.b)) {
        throw new DomainException(
          'STEWARDSHIP.LINK_REFUSED',
          'the records cannot be linked: a clustering guard (one record per domain, maximum entity size) or a cannot-link with a record steward-linked to one of them refuses it',
          { entities: before },
        );
      }
      const entities = await this.records.snapshot(m, [item.a, item.b]);
      await this.audit.record(m, actor, {
        action: 'review.decide',
        target: `review-item:${id}`,
        entityType: item.entityType,
        before: { status: item.status, entities: before },
        after: { status: 'decided', decision: body.decision, constraintId, entities },
        reason: body.reason,
      });
      return { item: (await this.queue.get(m, id))!, constraintId, entities };
    });
    return this.pii.read(actor, result, REVIEW_DECISION_VIEW);
  }

  private async lockOpen(m: EntityManager, id: string): Promise<LockedReviewItem> {
    const item = await this.reviews.lock(m, id);
    if (!item) throw notFound(id);
    if (item.status !== 'open') {
      throw new DomainException('STEWARDSHIP.REVIEW_CLOSED', `review item ${id} is ${item.status}`, {
        status: item.status,
        decision: item.decision,
        decidedBy: item.decidedBy,
      });
    }
    return item;
  }
}

const notFound = (id: string) =>
  new DomainException('STEWARDSHIP.REVIEW_ITEM_NOT_FOUND', `no review item ${id}`);
