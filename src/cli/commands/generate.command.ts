import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  ENTITY_TYPES,
  pairwiseAccuracy,
  parseTruthLine,
  SyntheticDataset,
  TRUTH_HEADER,
  truthLine,
  type EntityType,
} from '../generator';
import { resolvedPartition } from '../generator/resolved-partition';
import { CliCommand, UsageError } from '../cli-command';
import { userPath } from '../cli-context';

const USAGE = `Usage:
  npm run joinery -- generate --type customer|account|product --records N --out events.ndjson --truth truth.csv
                              [--domains 3..5] [--seed S] [--updates U] [--deletes D]
  npm run joinery -- generate --evaluate --truth truth.csv

Generate: writes N synthetic source records of one entity type, spread over 3-5 domains, as change
events (NDJSON, one event a line: the upserts in arrival order, then U updates of random records, then
D deletes), and the truth file (CSV source_key,entity_id; source_key is domain:entityType:sourceId) of
the records still live at the end. The same options always give the same files.

Evaluate: reads the final partition (resolution_records) from DATABASE_URL and prints its pairwise
precision, recall and F1 against the truth file.

Options:
  --type T       customer, account or product
  --records N    source records to generate (upserts)
  --domains D    how many domains to spread them over, 3-5 (default 4)
  --seed S       any integer (default 1)
  --updates U    updates of random records after the load (default 0)
  --deletes D    deletes of distinct random records at the end (default 0)
  --out F        the NDJSON file of change events
  --truth F      the truth file (written when generating, read when evaluating)`;

function integer(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${value ?? 'nothing'}`);
  return n;
}

/** Writes with backpressure: a million lines never pile up in the stream's buffer. */
async function writeLine(out: WriteStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

async function generate(values: Record<string, string | boolean | undefined>): Promise<number> {
  const type = values.type as string | undefined;
  if (!type || !(ENTITY_TYPES as readonly string[]).includes(type))
    throw new UsageError(`--type must be one of ${ENTITY_TYPES.join(', ')}`);
  if (typeof values.out !== 'string' || typeof values.truth !== 'string')
    throw new UsageError('--out and --truth are required');
  const records = integer('records', values.records as string | undefined, 1, 50_000_000);
  const updates = integer('updates', values.updates as string, 0, 100_000_000);
  const deletes = integer('deletes', values.deletes as string, 0, records);
  const dataset = new SyntheticDataset({
    entityType: type as EntityType,
    records,
    domains: integer('domains', values.domains as string, 3, 5),
    seed: integer('seed', values.seed as string, -(2 ** 31), 2 ** 32 - 1),
  });
  const started = Date.now();
  const events = createWriteStream(userPath(values.out));
  let written = 0;
  for (const event of dataset.events({ updates, deletes })) {
    await writeLine(events, JSON.stringify(event));
    if (++written % 100_000 === 0) process.stderr.write(`${written} events\n`);
  }
  await close(events);
  const truth = createWriteStream(userPath(values.truth));
  await writeLine(truth, TRUTH_HEADER);
  let live = 0;
  for (const { sourceKey, entityId } of dataset.truth(deletes)) {
    await writeLine(truth, truthLine(sourceKey, entityId));
    live++;
  }
  await close(truth);
  console.log(
    `${written} events (${records} upserts, ${updates} updates, ${deletes} deletes) of ${dataset.entities} ${type} ` +
      `entities over ${dataset.domains.map((d) => d.name).join(', ')} → ${values.out}; truth of ${live} records → ` +
      `${values.truth} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return 0;
}

async function readTruth(file: string): Promise<Map<string, string>> {
  const truth = new Map<string, string>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      if (line.trim() !== TRUTH_HEADER)
        throw new UsageError(`${file}: the first line must be "${TRUTH_HEADER}"`);
      continue;
    }
    if (line.trim() === '') continue;
    const [key, entity] = parseTruthLine(line);
    truth.set(key, entity);
  }
  return truth;
}

async function evaluate(values: Record<string, string | boolean | undefined>): Promise<number> {
  if (typeof values.truth !== 'string') throw new UsageError('--evaluate needs --truth');
  const url = process.env.DATABASE_URL;
  if (!url) throw new UsageError('--evaluate reads the partition from DATABASE_URL, which is unset');
  const truth = await readTruth(userPath(values.truth));
  const types = [...new Set([...truth.keys()].map((k) => k.split(':')[1]))];
  const result = pairwiseAccuracy(truth, await collect(resolvedPartition(url, types)));
  console.log(
    [
      `records ${result.records} (missing from the database: ${result.missing}; not in the truth: ${result.unknown})`,
      `pairs: true ${result.truePairs}, predicted ${result.predictedPairs}, correct ${result.truePositives}`,
      `precision ${result.precision.toFixed(4)}  recall ${result.recall.toFixed(4)}  F1 ${result.f1.toFixed(4)}`,
    ].join('\n'),
  );
  return 0;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const command: CliCommand = {
  name: 'generate',
  summary: 'synthetic change events with known truth; --evaluate scores a run against it',
  usage: USAGE,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          type: { type: 'string' },
          records: { type: 'string' },
          domains: { type: 'string', default: '4' },
          seed: { type: 'string', default: '1' },
          updates: { type: 'string', default: '0' },
          deletes: { type: 'string', default: '0' },
          out: { type: 'string' },
          truth: { type: 'string' },
          evaluate: { type: 'boolean', default: false },
        },
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    return values.evaluate ? evaluate(values) : generate(values);
  },
};
