import { Controller, Get, Param, Query } from '@nestjs/common';
import { maskBlockingKey, maskValue, PiiService } from '../auth/pii.service';
import { Actor, CurrentActor } from '../common/actor';
import { GoldenSearchService } from './golden-search.service';
import { GoldenService } from './golden.service';
import { GoldenIdParams, HistoryQueryDto, SearchQueryDto } from './golden-request.dto';
import type {
  GoldenEntityDto,
  GoldenExplainDto,
  GoldenHistoryDto,
  GoldenSearchResponseDto,
} from './golden-response.dto';
import { RequireRole } from '../auth/roles';

/** Golden entities by id, their history and explanation, and fuzzy search (openapi.yaml, tag golden). */
@Controller('v1/golden')
@RequireRole('reader')
export class GoldenController {
  constructor(
    private readonly golden: GoldenService,
    private readonly searcher: GoldenSearchService,
    private readonly pii: PiiService,
  ) {}

  // Every read below goes through the PII policy: masked for readers, clear and audited otherwise.

  /** Declared before `:goldenId` so "search" is not taken for an id. */
  @Get('search')
  async search(
    @Query() query: SearchQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenSearchResponseDto> {
    const found = await this.searcher.search(
      query.entityType,
      query.q,
      query.limit,
      this.pii.searchExclusions(actor, query.entityType),
    );
    if (this.pii.masks(actor)) {
      found.results = found.results.map((hit) => ({
        ...hit,
        attributes: this.pii.maskRecord(found.entityType, hit.attributes, maskValue),
      }));
    } else if (
      found.results.some((hit) => this.pii.touchesPii(found.entityType, Object.keys(hit.attributes)))
    ) {
      await this.pii.recordClearRead(actor, `golden-search:${found.entityType}`, found.entityType);
    }
    return found;
  }

  @Get(':goldenId')
  async get(@Param() params: GoldenIdParams, @CurrentActor() actor: Actor): Promise<GoldenEntityDto> {
    const entity = await this.golden.get(params.goldenId);
    if (this.pii.masks(actor)) {
      entity.attributes = this.pii.maskRecord(entity.entityType, entity.attributes, (a) => ({
        ...a,
        value: maskValue(a.value),
      }));
    } else if (this.pii.touchesPii(entity.entityType, Object.keys(entity.attributes))) {
      await this.pii.recordClearRead(actor, `golden:${entity.goldenId}`, entity.entityType);
    }
    return entity;
  }

  @Get(':goldenId/history')
  async history(
    @Param() params: GoldenIdParams,
    @Query() query: HistoryQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<GoldenHistoryDto> {
    const history = await this.golden.history(params.goldenId, query.after, query.limit);
    // History events carry attributes before/after; the entity type's PII fields are not at hand
    // here, so readers get every type's PII fields masked (over-masking is the safe side).
    if (this.pii.masks(actor)) {
      history.events = history.events.map((e) => ({
        ...e,
        ...(e.before && { before: this.pii.maskRecord(null, e.before, maskValue) }),
        ...(e.after && { after: this.pii.maskRecord(null, e.after, maskValue) }),
      }));
    } else if (history.events.some((e) => e.before || e.after)) {
      await this.pii.recordClearRead(actor, `golden:${history.goldenId}:history`, null);
    }
    return history;
  }

  @Get(':goldenId/explain')
  async explain(@Param() params: GoldenIdParams, @CurrentActor() actor: Actor): Promise<GoldenExplainDto> {
    const explained = await this.golden.explain(params.goldenId);
    if (this.pii.masks(actor)) {
      explained.edges = explained.edges.map((edge) => ({
        ...edge,
        explanation: { ...edge.explanation, blockingKey: maskBlockingKey(edge.explanation.blockingKey) },
      }));
    } else if (
      explained.edges.some(
        (edge) => maskBlockingKey(edge.explanation.blockingKey) !== edge.explanation.blockingKey,
      )
    ) {
      // Blocking keys carry normalized values (an email, a name): a clear read like any other.
      await this.pii.recordClearRead(actor, `golden:${explained.goldenId}:explain`, null);
    }
    return explained;
  }
}
