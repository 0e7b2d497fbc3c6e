import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config';
import {
  describeWeights,
  MatcherConfigError,
  parseMatcherConfig,
  trainMatcher,
  writeWeightsFile,
  type MatcherConfig,
  type TrainOptions,
} from '../../engine';
import { ReevaluationRepository } from '../../reevaluation/reevaluation.repository';
import { CliCommand, UsageError } from '../cli-command';
import { withAppContext } from '../cli-context';

const USAGE = `Usage: npm run joinery -- train <entityType> [options]

Estimates the matcher's m/u probabilities and prior without labels, from the live source records of
that entity type stored in the database: u from random record pairs, m by EM over the blocked pairs
(one session per blocking rule; the candidates of a record compete when the config links a record
to one candidate only). Writes <MATCHERS_DIR>/<entityType>.weights.yaml next to the config and prints
the learned m/u per level, λ, the iterations and convergence. The running service picks the weights
up when it restarts (or when the matcher is re-applied); delete the file to go back to the config's
own m/u.

Options:
  --u-pairs N         random pairs drawn to estimate u (default 300000)
  --max-iterations N  per EM session (default 100)
  --sessions S        per_rule (default) or combined (one session over all blocked pairs)
  --seed N            random seed of the u sample (default 42)
  --dry-run           print the weights without writing the file

Database: DATABASE_URL, or the embedded PostgreSQL when unset. MATCHERS_DIR as for the service.`;

const PAGE = 1000;

interface TrainArgs {
  readonly entityType: string;
  readonly options: TrainOptions;
  readonly dryRun: boolean;
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

function parse(args: string[]): TrainArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'u-pairs': { type: 'string' },
        'max-iterations': { type: 'string' },
        sessions: { type: 'string' },
        seed: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('give exactly one entity type');
  const sessions = values.sessions ?? 'per_rule';
  if (sessions !== 'per_rule' && sessions !== 'combined')
    throw new UsageError(`--sessions must be per_rule or combined, got ${sessions}`);
  return {
    entityType: positionals[0],
    dryRun: values['dry-run'] ?? false,
    options: {
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
  dataSource: DataSource,
  repository: ReevaluationRepository,
  entityType: string,
): Promise<Array<{ domain: string; attributes: Record<string, unknown> }>> {
  const records: Array<{ domain: string; attributes: Record<string, unknown> }> = [];
  for (let cursor = '0'; ;) {
    const page = await repository.liveRecordsAfter(dataSource.manager, entityType, cursor, PAGE);
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
    const { entityType, options, dryRun } = parse(args);
    const dir = path.resolve(loadConfig().MATCHERS_DIR);
    const config = untrainedConfig(dir, entityType);
    const records = await withAppContext((app) =>
      liveRecords(app.get(DataSource), app.get(ReevaluationRepository), entityType),
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
    const weights = trainMatcher(
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
    const seconds = (Date.now() - started) / 1000;
    if (weights.pairsBlocked === 0) {
      console.error(
        `joinery train: the blocking rules of ${entityType} propose no candidate pair among ${records.length} records`,
      );
      return 1;
    }
    console.log(`trained ${entityType} on ${records.length} live records in ${seconds.toFixed(1)} s\n`);
    describeWeights(weights).forEach((line) => console.log(line));
    if (dryRun) {
      console.log('\n--dry-run: no weights file written');
      return 0;
    }
    const written = writeWeightsFile(dir, weights);
    console.log(
      `\nwrote ${written}; the service uses it from its next start (or when the matcher is re-applied)`,
    );
    return weights.converged ? 0 : 1;
  },
};
