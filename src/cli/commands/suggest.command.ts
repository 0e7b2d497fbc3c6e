import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/app-config';
import { suggestConfig } from '../../engine';
import { CliCommand, UsageError } from '../cli-command';
import { userPath } from '../cli-context';
import { ByteCounter, formatOf, readRows } from '../load/row-source';

const USAGE = `Usage: npm run joinery -- suggest <entityType> <sample.csv|sample.ndjson> [options]

Profiles a sample of records (types, fill rates, cardinality, token frequencies; which fields hold
person names, company names, codes and ids, emails, phones, dates, numbers, titles, free text) and
writes a starting matcher config for the entity type: attributes with normalizers, blocking rules
under the skew guard, comparisons with levels, thresholds and cluster guards (max_cluster_size,
min_link_share). m, u and the prior are estimated on the sample by EM (the same trainer as
\`joinery train\`); the file is valid as written. Review it, then load records and train it.

Writes <MATCHERS_DIR>/<entityType>.yaml (refuses to overwrite an existing config without --force)
and prints what it profiled.

Options:
  --out FILE          write here instead of MATCHERS_DIR (- for standard output)
  --exclude F         leave field F out (repeatable): the record id, a source name. Fields named
                      id/key/uuid with a distinct value per record are left out anyway
  --limit N           read at most N records (default 20000)
  --no-corpus-stats   estimate m/u without corpus statistics (IDF, TF), for a matcher compiled
                      without them (default: with, as the service and the batch linker score)
  --delimiter X       CSV delimiter (default ,)
  --force             overwrite an existing config`;

interface SuggestArgs {
  readonly entityType: string;
  readonly file: string;
  readonly out?: string;
  readonly exclude: string[];
  readonly limit: number;
  readonly corpusStats: boolean;
  readonly delimiter: string;
  readonly force: boolean;
}

function parse(args: string[]): SuggestArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        limit: { type: 'string' },
        'no-corpus-stats': { type: 'boolean', default: false },
        delimiter: { type: 'string', default: ',' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) throw new UsageError('give an entity type and a sample file');
  const [entityType, sample] = positionals;
  if (!/^[a-z][a-z0-9_]*$/.test(entityType))
    throw new UsageError(`entity type "${entityType}" must be lower_snake_case`);
  const file = userPath(sample);
  if (!formatOf(file)) throw new UsageError(`${sample}: the file name must end in .csv, .ndjson or .jsonl`);
  if (!existsSync(file)) throw new UsageError(`${sample}: no such file (looked for ${file})`);
  const limit = values.limit === undefined ? 20_000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 2)
    throw new UsageError(`--limit must be an integer ≥ 2, got ${values.limit}`);
  return {
    entityType,
    file,
    ...(values.out !== undefined && { out: values.out }),
    exclude: values.exclude ?? [],
    limit,
    corpusStats: !(values['no-corpus-stats'] ?? false),
    delimiter: values.delimiter ?? ',',
    force: values.force ?? false,
  };
}

async function readSample(
  args: SuggestArgs,
): Promise<{ records: Array<Record<string, unknown>>; bad: number }> {
  const format = formatOf(args.file);
  const records: Array<Record<string, unknown>> = [];
  let bad = 0;
  if (!format) return { records, bad };
  for await (const item of readRows(args.file, format, new ByteCounter(), args.delimiter)) {
    if ('error' in item) bad++;
    else records.push(item.row);
    if (records.length >= args.limit) break;
  }
  return { records, bad };
}

export const command: CliCommand = {
  name: 'suggest',
  summary: 'write a starting matcher config for an entity type from a sample file (profiled, m/u by EM)',
  usage: USAGE,
  async run(args) {
    const parsed = parse(args);
    const target =
      parsed.out === '-'
        ? undefined
        : parsed.out !== undefined
          ? userPath(parsed.out)
          : path.join(path.resolve(loadConfig().MATCHERS_DIR), `${parsed.entityType}.yaml`);
    if (target && existsSync(target) && !parsed.force)
      throw new UsageError(`${target} exists; --force overwrites it, --out writes elsewhere`);
    const { records, bad } = await readSample(parsed);
    if (records.length < 2) {
      console.error(`joinery suggest: ${records.length} readable record(s) in the sample; need at least 2`);
      return 1;
    }
    const suggestion = suggestConfig(parsed.entityType, records, {
      exclude: parsed.exclude,
      corpusStats: parsed.corpusStats,
    });
    const log = target ? console.log : console.error;
    log(`profiled ${records.length} records${bad > 0 ? ` (${bad} unreadable lines skipped)` : ''}:`);
    for (const p of suggestion.profiles)
      log(
        `  ${p.name.padEnd(24)} ${p.kind.padEnd(14)} ${(100 * (1 - p.nullRate)).toFixed(0).padStart(3)} % filled  ${p.distinct} distinct`,
      );
    suggestion.weights.diagnostics.warnings.forEach((warning) => log(`WARNING: ${warning}`));
    if (!suggestion.trained)
      log(
        `EM on the sample reported: ${suggestion.weights.diagnostics.errors.join('; ')}; m are level-order defaults`,
      );
    if (!target) {
      process.stdout.write(suggestion.yaml);
      return 0;
    }
    writeFileSync(target, suggestion.yaml);
    console.log(
      `\nwrote ${target}: review it, load records, then \`npm run joinery -- train ${parsed.entityType}\``,
    );
    return 0;
  },
};
