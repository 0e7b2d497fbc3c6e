import type { ComparisonDto, ReviewExplanationDto } from './review-response.dto';

/**
 * Maps a stored explanation (the engine's `Explanation` in JSONB, short keys: key, rule, prior,
 * cmp[{name, level, label, w, tf}], total, p) to the API's spelled-out form. Tolerant of shapes it does
 * not know: missing parts come back as null or empty, never as an error.
 */
export function reviewExplanationOf(stored: unknown): ReviewExplanationDto {
  const e = isObject(stored) ? stored : {};
  const cmp = Array.isArray(e.cmp) ? e.cmp.filter(isObject) : [];
  return {
    blockingKey: str(e.key),
    rule: str(e.rule),
    priorWeight: num(e.prior),
    totalWeight: num(e.total),
    comparisons: cmp.map((c): ComparisonDto => ({
      name: str(c.name) ?? '',
      level: num(c.level) ?? -1,
      label: str(c.label) ?? '',
      weight: num(c.w) ?? 0,
      termFrequency: num(c.tf),
    })),
    stewardRequest: isObject(e.steward) ? e.steward : null,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
