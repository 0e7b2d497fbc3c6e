import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EvaluationService } from '../../features/evaluation/evaluation.service';
import { CliCommand, UsageError } from '../cli-command';
import { userPath, withAppContext } from '../cli-context';

const USAGE = `Usage: npm run joinery -- evaluate [--labels file.json|file.ndjson] [--type T] [--errors N] [--json]

Scores the current partition against labels: precision, recall and F1 of "same golden entity",
and the pairs it gets wrong. --labels is a JSON array (or NDJSON, one per line) of
{ "a": { "entityType", "domain", "sourceId" }, "b": { ... }, "match": true|false }. Without
--labels, the stewards' decisions are the labels (active constraints, decided review items),
optionally of one entity type (--type). Same as POST /v1/admin/evaluate.

Database: DATABASE_URL, or the embedded PostgreSQL when unset.`;

export const command: CliCommand = {
  name: 'evaluate',
  summary: "score the matcher's partition against labelled pairs or steward decisions",
  usage: USAGE,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          labels: { type: 'string' },
          type: { type: 'string' },
          errors: { type: 'string', default: '20' },
          json: { type: 'boolean', default: false },
        },
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    let pairs: unknown;
    if (values.labels) {
      const file = userPath(values.labels);
      if (!existsSync(file)) throw new UsageError(`--labels ${values.labels}: no such file`);
      const text = readFileSync(file, 'utf8');
      try {
        pairs = text.trimStart().startsWith('[')
          ? JSON.parse(text)
          : text
              .split('\n')
              .filter((l) => l.trim() !== '')
              .map((l) => JSON.parse(l) as unknown);
      } catch (e) {
        throw new UsageError(`--labels ${values.labels}: not JSON or NDJSON (${(e as Error).message})`);
      }
    }
    const report = await withAppContext((app) =>
      app
        .get(EvaluationService)
        .evaluate({ pairs, entityType: values.type, maxErrors: Number(values.errors) }),
    );
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
    console.log(
      [
        `labels: ${report.labels}${report.entityType ? ` (${report.entityType})` : ''}; ${report.pairs} pairs, ${report.skipped} skipped (unknown or deleted record)`,
        `precision ${pct(report.precision)}  recall ${pct(report.recall)}  F1 ${pct(report.f1)}`,
        `TP ${report.truePositives}  FP ${report.falsePositives}  FN ${report.falseNegatives}  TN ${report.trueNegatives}`,
        ...report.errors.map(
          (e) =>
            `  wrong: ${e.a.domain}:${e.a.sourceId} / ${e.b.domain}:${e.b.sourceId} labelled ${e.label}, predicted ${e.predicted}`,
        ),
      ].join('\n'),
    );
    return 0;
  },
};
