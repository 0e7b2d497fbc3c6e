import type { PiiMask } from '../auth/pii-mask';
import type { PiiView } from '../auth/pii-read.policy';
import type {
  ReviewDecisionResultDto,
  ReviewItemDto,
  ReviewPageDto,
  ReviewSideDto,
} from './review-response.dto';

/**
 * Where personal data sits in the review routes' answers, for the one read policy
 * (PiiReadPolicy): both records' source attributes and the explanation's blocking key. The routes
 * are the stewards', so today every read is a clear one, audited as `review:<ids>`.
 */

const side = (entityType: string, s: ReviewSideDto, m: PiiMask): ReviewSideDto => ({
  ...s,
  attributes: s.attributes && m.values(entityType, s.attributes),
});

const maskItem = (item: ReviewItemDto, m: PiiMask): ReviewItemDto => ({
  ...item,
  explanation: { ...item.explanation, blockingKey: m.blockingKey(item.explanation.blockingKey) },
  a: side(item.entityType, item.a, m),
  b: side(item.entityType, item.b, m),
});

export const REVIEW_ITEM_VIEW: PiiView<ReviewItemDto> = {
  target: (item) => `review:${item.id}`,
  entityType: (item) => item.entityType,
  mask: maskItem,
};

export const REVIEW_PAGE_VIEW: PiiView<ReviewPageDto> = {
  target: (page) => `review:${page.items.map((i) => i.id).join(',')}`,
  entityType: (page) => {
    const types = new Set(page.items.map((i) => i.entityType));
    return types.size === 1 ? [...types][0] : null;
  },
  mask: (page, m) => ({ ...page, items: page.items.map((item) => maskItem(item, m)) }),
};

export const REVIEW_DECISION_VIEW: PiiView<ReviewDecisionResultDto> = {
  target: (r) => REVIEW_ITEM_VIEW.target(r.item),
  entityType: (r) => r.item.entityType,
  mask: (r, m) => ({ ...r, item: maskItem(r.item, m) }),
};
