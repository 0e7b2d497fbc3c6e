import { Injectable } from '@nestjs/common';
import { PiiReadPolicy } from '../auth/pii-read.policy';
import type { Actor } from '../../platform/common/actor';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { explanationOf } from '../../core/matching/explanation.dto';
import { GoldenQueryRepository, GoldenRecord } from './golden-query.repository';
import type {
  GoldenEntityDto,
  GoldenExplainDto,
  GoldenHistoryDto,
  MemberRefDto,
  SurvivedAttributeDto,
} from './golden-response.dto';
import { GOLDEN_ENTITY_VIEW, goldenExplainView, goldenHistoryView } from './golden-pii.views';

export const DEFAULT_HISTORY_PAGE = 100;
/** An entity's members are bounded by its matcher's max_cluster_size; its edges are bounded here. */
export const MAX_EXPLAIN_EDGES = 1000;

/**
 * Golden entities by id (docs/xref.md): an active entity is served; a retired id answers 308 to
 * the end of its survivor chain (the merge kept the older id); a deleted one answers 410. The
 * history is served for every id that ever existed, retired and deleted ones included. Every
 * answer is the actor's view of it (PiiReadPolicy): masked for readers, clear and audited otherwise.
 */
@Injectable()
export class GoldenService {
  constructor(
    private readonly repository: GoldenQueryRepository,
    private readonly pii: PiiReadPolicy,
  ) {}

  async get(goldenId: string, actor: Actor): Promise<GoldenEntityDto> {
    const golden = await this.active(goldenId, '');
    const entity: GoldenEntityDto = {
      goldenId: golden.goldenId,
      entityType: golden.entityType,
      status: 'active',
      version: golden.version,
      splitFrom: golden.splitFrom,
      createdAt: golden.createdAt,
      updatedAt: golden.updatedAt,
      attributes: Object.fromEntries(
        Object.entries(golden.attributes).map(([field, a]): [string, SurvivedAttributeDto] => [
          field,
          { value: a.value, domain: a.domain, sourceId: a.sourceId },
        ]),
      ),
      members: await this.repository.currentMembers(golden.goldenId),
    };
    return this.pii.read(actor, entity, GOLDEN_ENTITY_VIEW);
  }

  async history(
    goldenId: string,
    actor: Actor,
    after = 0,
    limit = DEFAULT_HISTORY_PAGE,
  ): Promise<GoldenHistoryDto> {
    const golden = await this.repository.find(goldenId);
    if (!golden) throw unknownId(goldenId);
    const events = await this.repository.history(goldenId, after, limit + 1);
    const page = events.slice(0, limit);
    const history: GoldenHistoryDto = {
      goldenId,
      status: golden.status,
      events: page,
      nextAfter: events.length > limit ? page[page.length - 1].version : null,
    };
    return this.pii.read(actor, history, goldenHistoryView(golden.entityType));
  }

  async explain(goldenId: string, actor: Actor): Promise<GoldenExplainDto> {
    const golden = await this.active(goldenId, '/explain');
    const [members, edges] = await Promise.all([
      this.repository.currentMembers(golden.goldenId),
      this.repository.edgesAmongMembers(golden.goldenId, MAX_EXPLAIN_EDGES + 1),
    ]);
    const explained: GoldenExplainDto = {
      goldenId: golden.goldenId,
      members: members.map((m): MemberRefDto => ({ domain: m.domain, sourceId: m.sourceId })),
      edges: edges.slice(0, MAX_EXPLAIN_EDGES).map((e) => ({
        a: e.a,
        b: e.b,
        kind: e.kind,
        score: e.score,
        probability: e.probability,
        linkedAt: e.createdAt,
        explanation: explanationOf(e.explanation),
      })),
      truncated: edges.length > MAX_EXPLAIN_EDGES,
    };
    return this.pii.read(actor, explained, goldenExplainView(golden.entityType));
  }

  /** The entity if active; a retired id redirects to `/v1/golden/{survivor}{suffix}`. */
  private async active(goldenId: string, suffix: string): Promise<GoldenRecord> {
    const golden = await this.repository.find(goldenId);
    if (!golden) throw unknownId(goldenId);
    if (golden.status === 'retired') {
      const survivorId = await this.repository.finalSurvivor(goldenId);
      throw new DomainException(
        'GOLDEN.RETIRED',
        `golden id ${goldenId} was merged into ${survivorId} and is retired`,
        {
          goldenId,
          survivorId,
          // The retirement is the last write to a retired row: nothing updates it afterwards.
          retiredAt: golden.updatedAt,
          location: `/v1/golden/${encodeURIComponent(survivorId)}${suffix}`,
        },
      );
    }
    if (golden.status === 'deleted') {
      throw new DomainException(
        'GOLDEN.DELETED',
        `golden entity ${goldenId} was deleted: its last member record was deleted`,
        {
          goldenId,
          deletedAt: golden.updatedAt,
          history: `/v1/golden/${encodeURIComponent(goldenId)}/history`,
        },
      );
    }
    return golden;
  }
}

function unknownId(goldenId: string): DomainException {
  return new DomainException('GOLDEN.UNKNOWN_ID', `no golden entity has id ${goldenId}`, { goldenId });
}
