/** One comparison of a scored pair, spelled out for the API. */
export interface ComparisonDto {
  name: string;
  /** Index of the level that fired, in the matcher config's order. */
  level: number;
  label: string;
  /** log2(m/u) of that level (term-frequency adjustment included). */
  weight: number;
  termFrequency: number | null;
}

export interface ExplanationDto {
  blockingKey: string | null;
  rule: string | null;
  priorWeight: number | null;
  comparisons: ComparisonDto[];
  totalWeight: number | null;
}

/**
 * One mapping for every route that shows a stored explanation (golden explain, review queue).
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
