import { explanationOf, isObject } from '../../core/matching/explanation.dto';
import type { ReviewExplanationDto } from './review-response.dto';

/** The shared explanation mapping, plus what a steward asked for when their request opened the item. */
export function reviewExplanationOf(stored: unknown): ReviewExplanationDto {
  const steward = isObject(stored) && isObject(stored.steward) ? stored.steward : null;
  const guard = isObject(stored) && typeof stored.guard === 'string' ? stored.guard : null;
  return { ...explanationOf(stored), stewardRequest: steward, guard };
}
