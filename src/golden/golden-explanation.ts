import type { ComparisonDto, ExplanationDto } from './golden-response.dto';

/**
 * Maps the engine's stored explanation (src/engine/scoring/fellegi-sunter.ts `Explanation`, kept
 * as JSONB with short keys: key, rule, prior, cmp[{name, level, label, w, tf}], total, p) to the
 * API's spelled-out form. Tolerant of shapes it does not know (a steward's link carries no
 * comparisons): missing parts come back as null or empty, never as an error.
 */
export function explanationOf(stored: unknown): ExplanationDto {
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
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
