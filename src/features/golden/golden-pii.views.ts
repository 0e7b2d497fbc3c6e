import type { PiiView } from '../auth/pii-read.policy';
import type {
  GoldenEntityDto,
  GoldenExplainDto,
  GoldenHistoryDto,
  GoldenSearchResponseDto,
} from './golden-response.dto';

/**
 * Where personal data sits in each golden response, for the one read policy (PiiReadPolicy):
 * survived attributes, search hits' attributes, history before/after, explanations' blocking keys.
 */

export const GOLDEN_ENTITY_VIEW: PiiView<GoldenEntityDto> = {
  target: (e) => `golden:${e.goldenId}`,
  entityType: (e) => e.entityType,
  mask: (e, m) => ({ ...e, attributes: m.survived(e.entityType, e.attributes) }),
};

export const GOLDEN_SEARCH_VIEW: PiiView<GoldenSearchResponseDto> = {
  target: (r) => `golden-search:${r.entityType}`,
  entityType: (r) => r.entityType,
  mask: (r, m) => ({
    ...r,
    results: r.results.map((hit) => ({ ...hit, attributes: m.values(r.entityType, hit.attributes) })),
  }),
};

/** The history's DTO does not name its entity type: the service that read the entity does. */
export const goldenHistoryView = (entityType: string): PiiView<GoldenHistoryDto> => ({
  target: (h) => `golden:${h.goldenId}:history`,
  entityType: () => entityType,
  mask: (h, m) => ({
    ...h,
    events: h.events.map((e) => ({
      ...e,
      ...(e.before && { before: m.values(entityType, e.before) }),
      ...(e.after && { after: m.values(entityType, e.after) }),
    })),
  }),
});

export const goldenExplainView = (entityType: string): PiiView<GoldenExplainDto> => ({
  target: (x) => `golden:${x.goldenId}:explain`,
  entityType: () => entityType,
  mask: (x, m) => ({
    ...x,
    edges: x.edges.map((edge) => ({
      ...edge,
      explanation: { ...edge.explanation, blockingKey: m.blockingKey(edge.explanation.blockingKey) },
    })),
  }),
});
