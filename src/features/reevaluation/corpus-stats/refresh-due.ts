import type { Matcher } from '../../../engine';
import type { SnapshotRow } from './corpus-stats.repository';

/** Why a type's statistics are due for a refresh. */
export type RefreshReason = 'first' | 'grown' | 'matcher_changed';

/**
 * When automatic refresh recounts a type (null: not now). Measured against the latest snapshot,
 * even one whose roll-out failed, so a failing roll-out is not retried on every check (an operator
 * retries it with a manual refresh):
 * - `first`: no snapshot yet and at least `minRecords` records;
 * - `matcher_changed`: the snapshot counted other prepared forms or other vocabularies;
 * - `grown`: the records reached `factor` times the snapshot's count (factor 0: never).
 */
export function refreshDue(
  matcher: Pick<Matcher, 'fingerprint' | 'statVocabularies'>,
  latest: Pick<SnapshotRow, 'recordCount' | 'matcherFingerprint' | 'vocabularies'> | null,
  records: number,
  options: { factor: number; minRecords: number },
): RefreshReason | null {
  if (matcher.statVocabularies.length === 0 || records < options.minRecords) return null;
  if (!latest) return 'first';
  if (
    latest.matcherFingerprint !== matcher.fingerprint ||
    latest.vocabularies.join('\n') !== matcher.statVocabularies.join('\n')
  )
    return 'matcher_changed';
  return options.factor > 0 && records >= options.factor * latest.recordCount ? 'grown' : null;
}
