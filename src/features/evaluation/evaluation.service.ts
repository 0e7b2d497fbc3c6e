import { Injectable } from '@nestjs/common';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { FieldProblem } from '../../platform/common/errors/error-codes';
import { CONTROL_CHARACTERS_REASON, forbiddenInParameter } from '../../platform/common/parameter.pipe';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { EvaluationRepository, keyOf, LabelledPair, RecordKey } from './evaluation.repository';

export interface EvaluationReport {
  /** `pairs` (labels posted) or `steward` (decided review items and active constraints). */
  labels: 'pairs' | 'steward';
  entityType: string | null;
  pairs: number;
  /** Labelled pairs with a record that is unknown or deleted: not scored. */
  skipped: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** null when undefined (no pair predicted, or no pair labelled, as a match). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** The pairs the current partition gets wrong (at most `maxErrors`). */
  errors: Array<{ a: RecordKey; b: RecordKey; label: 'match' | 'no-match'; predicted: 'match' | 'no-match' }>;
}

const MAX_PAIRS = 100_000;

/**
 * Accuracy of the current partition against labels: a labelled pair is predicted a match when both
 * records are in the same golden entity now. Precision, recall and F1 over the match class, with
 * the pairs it got wrong.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: EvaluationRepository,
  ) {}

  async evaluate(input: {
    pairs?: unknown;
    entityType?: unknown;
    maxErrors?: unknown;
  }): Promise<EvaluationReport> {
    const entityType = typeof input.entityType === 'string' ? input.entityType : null;
    if (entityType !== null && forbiddenInParameter(entityType))
      throw new DomainException('COMMON.VALIDATION_FAILED', 'entityType is malformed', [
        { field: 'entityType', reason: CONTROL_CHARACTERS_REASON },
      ]);
    const maxErrors =
      typeof input.maxErrors === 'number' && input.maxErrors >= 0 ? Math.min(input.maxErrors, 10_000) : 100;
    return this.transactions.run(async (m) => {
      const steward = input.pairs === undefined;
      const pairs = steward ? await this.repository.stewardLabels(m, entityType) : parsePairs(input.pairs);
      const golden = await this.repository.goldenIds(
        m,
        pairs.flatMap((p) => [p.a, p.b]),
      );
      const report: EvaluationReport = {
        labels: steward ? 'steward' : 'pairs',
        entityType,
        pairs: pairs.length,
        skipped: 0,
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
        trueNegatives: 0,
        precision: null,
        recall: null,
        f1: null,
        errors: [],
      };
      for (const p of pairs) {
        const [ga, gb] = [golden.get(keyOf(p.a)), golden.get(keyOf(p.b))];
        if (ga === undefined || gb === undefined) {
          report.skipped++;
          continue;
        }
        const same = ga === gb;
        if (same && p.match) report.truePositives++;
        else if (same) report.falsePositives++;
        else if (p.match) report.falseNegatives++;
        else report.trueNegatives++;
        if (same !== p.match && report.errors.length < maxErrors)
          report.errors.push({
            a: p.a,
            b: p.b,
            label: p.match ? 'match' : 'no-match',
            predicted: same ? 'match' : 'no-match',
          });
      }
      const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = report;
      report.precision = tp + fp === 0 ? null : tp / (tp + fp);
      report.recall = tp + fn === 0 ? null : tp / (tp + fn);
      report.f1 =
        report.precision === null || report.recall === null || report.precision + report.recall === 0
          ? null
          : (2 * report.precision * report.recall) / (report.precision + report.recall);
      return report;
    });
  }
}

function parsePairs(raw: unknown): LabelledPair[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(raw)) {
    throw new DomainException('COMMON.VALIDATION_FAILED', 'pairs must be an array', [
      { field: 'pairs', reason: 'must be an array of { a, b, match }' },
    ]);
  }
  if (raw.length > MAX_PAIRS)
    throw new DomainException('COMMON.VALIDATION_FAILED', `at most ${MAX_PAIRS} pairs`, [
      { field: 'pairs', reason: `at most ${MAX_PAIRS} pairs per call` },
    ]);
  const key = (v: unknown, field: string): RecordKey | null => {
    const o = v as Record<string, unknown> | null;
    const ok =
      o &&
      typeof o === 'object' &&
      ['entityType', 'domain', 'sourceId'].every((f) => typeof o[f] === 'string' && o[f] !== '');
    if (!ok) {
      problems.push({ field, reason: 'must be { entityType, domain, sourceId } with non-empty strings' });
      return null;
    }
    // PostgreSQL would refuse a NUL (a 500); no stored key holds a control character anyway.
    const bad = ['entityType', 'domain', 'sourceId'].filter((f) => forbiddenInParameter(o[f] as string));
    if (bad.length > 0) {
      for (const f of bad) problems.push({ field: `${field}.${f}`, reason: CONTROL_CHARACTERS_REASON });
      return null;
    }
    return { entityType: o.entityType as string, domain: o.domain as string, sourceId: o.sourceId as string };
  };
  const pairs: LabelledPair[] = [];
  raw.forEach((item: unknown, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const a = key(o.a, `pairs[${i}].a`);
    const b = key(o.b, `pairs[${i}].b`);
    if (typeof o.match !== 'boolean')
      problems.push({ field: `pairs[${i}].match`, reason: 'must be true or false' });
    else if (a && b) pairs.push({ a, b, match: o.match });
  });
  if (problems.length > 0)
    throw new DomainException(
      'COMMON.VALIDATION_FAILED',
      'the labelled pairs are malformed',
      problems.slice(0, 100),
    );
  return pairs;
}
