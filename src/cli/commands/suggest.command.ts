import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config/app-config';
import { suggestConfig } from '../../engine';
import { CliCommand, parseCommandArgs, UsageError } from '../cli-command';
import { userPath } from '../cli-context';
import { ByteCounter, formatOf, readRows } from '../load/row-source';

const USAGE = `Usage: npm run joinery -- suggest <entityType> <sample.csv|sample.ndjson>... [options]

Profiles a sample of records (types, fill rates, cardinality, token frequencies; which fields hold
person names, company names, codes and ids, emails, phones, dates, numbers, titles, free text) and
writes a starting matcher config for the entity type: attributes with normalizers, blocking rules
under the skew guard, comparisons with levels, thresholds and cluster guards (max_cluster_size,
min_link_share). m, u and the prior are estimated on the sample by EM (the same trainer as
\`joinery train\`); the file is valid as written. Review it, then load records and train it.

Sources: several sample files are one source each (named after the file), or --domain-column names
the field holding each record's source. With two or more sources, u and EM use pairs across sources,
and the sample's matches decide the linkage: matches inside a source far rarer than across (per pair)
→ \`linkage: across_domains\`, and \`one_per_domain\` when no source matches itself; the YAML says why.

Writes <MATCHERS_DIR>/<entityType>.yaml (refuses to overwrite an existing config without --force)
and prints what it profiled.

Options:
  --out FILE          write here instead of MATCHERS_DIR (- for standard output)
  --exclude F         leave field F out (repeatable): the record id, a source name. Fields named
                      id/key/uuid with a distinct value per record are left out anyway
  --domain-column C   field C holds each record's source (left out of the comparisons)
  --linkage L         auto (default), across_domains or dedupe: across_domains when the task is to
                      link the sources whatever copies each holds of its own records
  --limit N           read at most N records per file (default 20000)
  --no-corpus-stats   estimate m/u without corpus statistics (IDF, TF), for a matcher compiled
                      without them (default: with, as the service and the batch linker score)
  --delimiter X       CSV delimiter (default ,)
  --force             overwrite an existing config`;

interface SuggestArgs {
  readonly entityType: string;
  readonly files: readonly string[];
  readonly domainColumn?: string;
  readonly linkage: 'auto' | 'dedupe' | 'across_domains';
  readonly out?: string;
  readonly exclude: string[];
  readonly limit: number;
  readonly corpusStats: boolean;
  readonly delimiter: string;
  readonly force: boolean;
}

function parse(args: string[]): SuggestArgs {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    'domain-column': { type: 'string' },
    linkage: { type: 'string', default: 'auto' },
    limit: { type: 'string' },
    'no-corpus-stats': { type: 'boolean', default: false },
    delimiter: { type: 'string', default: ',' },
    force: { type: 'boolean', default: false },
  });
  if (positionals.length < 2) throw new UsageError('give an entity type and a sample file');
  const [entityType, ...samples] = positionals;
  if (!/^[a-z][a-z0-9_]*$/.test(entityType))
    throw new UsageError(`entity type "${entityType}" must be lower_snake_case`);
  const files = samples.map((sample) => {
    const file = userPath(sample);
    if (!formatOf(file)) throw new UsageError(`${sample}: the file name must end in .csv, .ndjson or .jsonl`);
    if (!existsSync(file)) throw new UsageError(`${sample}: no such file (looked for ${file})`);
    return file;
  });
  if (new Set(files.map(sourceName)).size < files.length)
    throw new UsageError('sample files name the sources: give files with distinct names');
  const domainColumn = values['domain-column'];
  if (domainColumn !== undefined && files.length > 1)
    throw new UsageError('--domain-column or several files name the sources, not both');
  const linkage = values.linkage ?? 'auto';
  if (linkage !== 'auto' && linkage !== 'dedupe' && linkage !== 'across_domains')
    throw new UsageError(`--linkage must be auto, across_domains or dedupe, got ${linkage}`);
  const limit = values.limit === undefined ? 20_000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 2)
    throw new UsageError(`--limit must be an integer ≥ 2, got ${values.limit}`);
  return {
    entityType,
    files,
    ...(domainColumn !== undefined && { domainColumn }),
    linkage,
    ...(values.out !== undefined && { out: values.out }),
    exclude: values.exclude ?? [],
    limit,
    corpusStats: !(values['no-corpus-stats'] ?? false),
    delimiter: values.delimiter ?? ',',
    force: values.force ?? false,
  };
}

/** A source named after its file: amazon.csv → amazon. */
const sourceName = (file: string): string => path.basename(file).replace(/\.[^.]*$/, '');

interface Sample {
  readonly records: Array<Record<string, unknown>>;
  /** Source per record: the file's, or the domain column's value (blank → "unknown"). */
  readonly domains: string[];
  readonly bad: number;
}

async function readSample(args: SuggestArgs): Promise<Sample> {
  const records: Array<Record<string, unknown>> = [];
  const domains: string[] = [];
  let bad = 0;
  for (const file of args.files) {
    const format = formatOf(file);
    if (!format) continue;
    let read = 0;
    for await (const item of readRows(file, format, new ByteCounter(), args.delimiter)) {
      if ('error' in item) bad++;
      else {
        records.push(item.row);
        const value = args.domainColumn === undefined ? sourceName(file) : item.row[args.domainColumn];
        const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
        domains.push(text === '' ? 'unknown' : text);
        read++;
      }
      if (read >= args.limit) break;
    }
  }
  return { records, domains, bad };
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
    const { records, domains, bad } = await readSample(parsed);
    if (records.length < 2) {
      console.error(`joinery suggest: ${records.length} readable record(s) in the sample; need at least 2`);
      return 1;
    }
    const sourced = parsed.files.length > 1 || parsed.domainColumn !== undefined;
    const suggestion = suggestConfig(parsed.entityType, records, {
      exclude: [...parsed.exclude, ...(parsed.domainColumn === undefined ? [] : [parsed.domainColumn])],
      corpusStats: parsed.corpusStats,
      ...(sourced && { domains }),
      linkage: parsed.linkage,
    });
    const log = target ? console.log : console.error;
    log(`profiled ${records.length} records${bad > 0 ? ` (${bad} unreadable lines skipped)` : ''}:`);
    for (const p of suggestion.profiles)
      log(
        `  ${p.name.padEnd(24)} ${p.kind.padEnd(14)} ${(100 * (1 - p.nullRate)).toFixed(0).padStart(3)} % filled  ${p.distinct} distinct`,
      );
    suggestion.sources?.reason.forEach((reason) => log(reason));
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
