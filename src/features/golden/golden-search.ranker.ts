import Fuse from 'fuse.js';
import type { SurvivedAttribute } from '../../core/resolution/golden-entity.entity';
import type { GoldenSearchHitDto } from './golden-response.dto';

export interface RankInput {
  goldenId: string;
  memberCount: number;
  attributes: Record<string, SurvivedAttribute>;
}

/** Fuse.js's default cut-off: a candidate whose values all score worse (higher) than this is dropped. */
const FUSE_THRESHOLD = 0.6;

/** A survived value as searchable text: arrays are joined, objects and nulls are not searched. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map(textOf)
      .filter((v) => v !== null)
      .join(' ');
  return null;
}

/**
 * Ranks the trigram index's candidates with Fuse.js (the customer's choice): each candidate is the
 * list of its survived values, searched case-insensitively anywhere in each value. One list key
 * (not one key per field) so a strong match in one field is not diluted by Fuse's per-key weights,
 * and no field-length norm so a long name is not penalised. Score = 1 − Fuse score: 1 is a perfect
 * match; ties keep golden id order so the ranking is stable.
 */
export function rankCandidates(
  q: string,
  candidates: RankInput[],
  limit: number,
  exclude: ReadonlySet<string> = new Set(),
): GoldenSearchHitDto[] {
  const docs = candidates.map((candidate) => ({
    candidate,
    // Excluded fields (PII, for readers) are not searched: a guessed value must not confirm an entity.
    values: Object.entries(candidate.attributes)
      .filter(([field]) => !exclude.has(field))
      .map(([, a]) => textOf(a.value))
      .filter((v): v is string => v !== null && v !== ''),
  }));
  const fuse = new Fuse(docs, {
    keys: ['values'],
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: FUSE_THRESHOLD,
    shouldSort: false,
  });
  return fuse
    .search(q)
    .map((r) => ({ doc: r.item, score: Math.round((1 - (r.score ?? 1)) * 10_000) / 10_000 }))
    .sort((x, y) => y.score - x.score || (x.doc.candidate.goldenId < y.doc.candidate.goldenId ? -1 : 1))
    .slice(0, limit)
    .map(({ doc, score }) => ({
      goldenId: doc.candidate.goldenId,
      score,
      memberCount: doc.candidate.memberCount,
      attributes: Object.fromEntries(Object.entries(doc.candidate.attributes).map(([f, a]) => [f, a.value])),
    }));
}
