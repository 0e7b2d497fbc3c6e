import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config/app-config';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import {
  describeWeights,
  MatcherConfigError,
  parseDeterministicRule,
  parseMatcherConfig,
  trainMatcher,
  writeWeightsFile,
  type MatcherConfig,
  type TrainOptions,
} from '../../engine';
import { ReevaluationRepository } from '../../features/reevaluation/reevaluation.repository';
import { CliCommand, parseCommandArgs, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';

const USAGE = `Usage: npm run joinery -- train <entityType> [options]

Estimates the matcher's m/u probabilities and prior without labels, from the live source records of
that entity type stored in the database: u from random record pairs, m by EM over the blocked pairs
(one session per blocking rule; the candidates of a record compete when the config links a record
to one candidate only). Writes <MATCHERS_DIR>/<entityType>.weights.yaml next to the config and prints
the learned m/u per level, λ, the iterations and convergence, then what the weights do to the
config's thresholds: the score distribution of the blocked pairs, how many cross each threshold and
how that compares with the matches λ implies. m is kept plausible (Bayes factors non-increasing along
a comparison's nested levels, at least 5 % of the match mass on its top level).

Nothing is written, and the exit code is 1, when EM did not converge or the match threshold cannot
be reached (nothing would link), unless --force. The running service picks the weights up when it
restarts (or when the matcher is re-applied); delete the file to go back to the config's own m/u.

Options:
  --u-pairs N         random pairs drawn to estimate u (default 300000)
  --max-iterations N  per EM session (default 100)
  --sessions S        per_rule (default) or combined (one session over all blocked pairs)
  --seed N            random seed of the u sample (default 42)
  --lambda-rule R     set λ from pairs satisfying deterministic rules instead of EM's estimate (Splink's
                      estimate_probability_two_random_records_match); R is blocking key parts joined
                      by &, e.g. "exact(soc_sec_id)" or "exact(surname) & exact(date_of_birth)";
                      repeat for several rules (a pair satisfying any counts once)
  --lambda-recall X   share of all matches the rules find, in (0, 1] (default 1)
  --min-top-m X       least m of a comparison's top level (default 0.05; 0 to turn off)
  --unbounded         no bounds on m (plain EM)
  --force             write the weights even when EM did not converge or nothing would link
  --dry-run           print the weights without writing the file

Database: DATABASE_URL, or the embedded PostgreSQL when unset. MATCHERS_DIR as for the service.`;

const PAGE = 1000;

interface TrainArgs {
  readonly entityType: string;
  readonly options: TrainOptions;
  readonly dryRun: boolean;
  readonly force: boolean;
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

function share(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > 1)
    throw new UsageError(`--${name} must be a number in [${min}, 1], got ${value}`);
  return n;
}

function parse(args: string[]): TrainArgs {
  const { values, positionals } = parseCommandArgs(args, {
    'u-pairs': { type: 'string' },
    'max-iterations': { type: 'string' },
    sessions: { type: 'string' },
    seed: { type: 'string' },
    'lambda-rule': { type: 'string', multiple: true },
    'lambda-recall': { type: 'string' },
    'min-top-m': { type: 'string' },
    unbounded: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one entity type');
  const sessions = values.sessions ?? 'per_rule';
  if (sessions !== 'per_rule' && sessions !== 'combined')
    throw new UsageError(`--sessions must be per_rule or combined, got ${sessions}`);
  const lambdaRules = (values['lambda-rule'] ?? []).map(parseDeterministicRule);
  if (lambdaRules.some((rule) => rule.length === 0)) throw new UsageError('--lambda-rule needs a key part');
  const recall = share('lambda-recall', values['lambda-recall'], 1, Number.MIN_VALUE);
  return {
    entityType: positionals[0],
    dryRun: values['dry-run'] ?? false,
    force: values.force ?? false,
    options: {
      ...(lambdaRules.length > 0 && { lambdaRules: { rules: lambdaRules, recall } }),
      bounded: !(values.unbounded ?? false),
      minTopM: share('min-top-m', values['min-top-m'], 0.05, 0),
      uSamplePairs: integer('u-pairs', values['u-pairs'], 300_000, 1),
      maxIterations: integer('max-iterations', values['max-iterations'], 100, 1),
      seed: integer('seed', values.seed, 42, 0),
      sessions,
      // Corpus statistics of the training records (the default): the service scores with a
      // snapshot of the stored records' counts once a type has one, so these are the levels it sees.
    },
  };
}

/**
 * The config as written, without its current weights file: the file is about to be replaced, and a
 * stale one (trained before the levels changed) must not stop the training that fixes it.
 */
function untrainedConfig(dir: string, entityType: string): MatcherConfig {
  const file = path.join(dir, `${entityType}.yaml`);
  if (!existsSync(file)) throw new UsageError(`no matcher config ${file} (MATCHERS_DIR=${dir})`);
  try {
    return parseMatcherConfig(readFileSync(file, 'utf8'), file, { requireWeights: false });
  } catch (e) {
    if (e instanceof MatcherConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** Every live source record of the type, in id order, page by page. */
async function liveRecords(
  transactions: TransactionRunner,
  repository: ReevaluationRepository,
  entityType: string,
): Promise<Array<{ domain: string; attributes: Record<string, unknown> }>> {
  const records: Array<{ domain: string; attributes: Record<string, unknown> }> = [];
  for (let cursor = '0'; ;) {
    const page = await transactions.run((m) => repository.liveRecordsAfter(m, entityType, cursor, PAGE));
    for (const change of page) records.push({ domain: change.domain, attributes: change.attributes ?? {} });
    if (page.length < PAGE) return records;
    cursor = page[page.length - 1].recordId;
  }
}

export const command: CliCommand = {
  name: 'train',
  summary: "estimate a matcher's m/u and prior without labels from its stored records (EM)",
  usage: USAGE,
  async run(args) {
    const { entityType, options, dryRun, force } = parse(args);
    const dir = path.resolve(loadConfig().MATCHERS_DIR);
    const config = untrainedConfig(dir, entityType);
    const records = await withAppContext((app) =>
      liveRecords(app.get(TransactionRunner), app.get(ReevaluationRepository), entityType),
    ).catch((e: unknown) => {
      if (!(e instanceof MatcherConfigError)) throw e;
      throw new UsageError(
        `the service does not start with the configs in ${dir} (a weights file trained for an older ` +
          `version of a config must be deleted first):\n${e.message}`,
      );
    });
    if (records.length < 2) {
      console.error(
        `joinery train: ${records.length} live ${entityType} record(s) stored; load records first`,
      );
      return 1;
    }
    const started = Date.now();
    let weights;
    try {
      weights = trainMatcher(
        config,
        records.map((record) => record.attributes),
        {
          ...options,
          domains: records.map((record) => record.domain),
          // Pairs inside one domain never link under one_per_domain or across_domains linkage:
          // train on the pairs that can.
          crossDomainOnly: config.clustering.onePerDomain || config.linkage === 'across_domains',
        },
      );
    } catch (e) {
      if (e instanceof MatcherConfigError) throw new UsageError(`--lambda-rule: ${e.message}`);
      throw e;
    }
    const seconds = (Date.now() - started) / 1000;
    if (weights.pairsBlocked === 0) {
      console.error(
        `joinery train: the blocking rules of ${entityType} propose no candidate pair among ${records.length} records`,
      );
      return 1;
    }
    console.log(`trained ${entityType} on ${records.length} live records in ${seconds.toFixed(1)} s\n`);
    describeWeights(weights).forEach((line) => console.log(line));
    const failed = weights.diagnostics.errors.length > 0;
    if (dryRun) {
      console.log('\n--dry-run: no weights file written');
      return failed ? 1 : 0;
    }
    if (failed && !force) {
      console.error(`\njoinery train: no weights file written (see ERROR above; --force writes it anyway)`);
      return 1;
    }
    const written = writeWeightsFile(dir, weights);
    console.log(
      `\nwrote ${written}; the service uses it from its next start (or when the matcher is re-applied)`,
    );
    return failed ? 1 : 0;
  },
};
