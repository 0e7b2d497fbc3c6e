/**
 * Loaders for the accuracy benchmark's public datasets (bench/datasets/*\/README.md, with source and
 * licence): FEBRL (gold in the record ids) and Amazon–GoogleProducts (Leipzig copy, Latin-1, gold mapping file).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BenchRecord {
  readonly id: string;
  readonly domain: string;
  readonly attributes: Record<string, string>;
}

export interface BenchDataset {
  readonly name: string;
  /** Matcher config in bench/matchers/. */
  readonly entityType: string;
  readonly records: readonly BenchRecord[];
  /** Linkage (pairs across domains only) or deduplication. */
  readonly crossDomainOnly: boolean;
  /** Is this pair (by index into records) a true match? */
  isMatch(i: number, j: number): boolean;
  /** All true pairs, by index. */
  readonly truePairs: ReadonlyArray<readonly [number, number]>;
}

export function datasetsRoot(): string {
  return process.env.JOINERY_DATASETS ?? DATASETS_IN_REPO;
}

/**
 * The copies kept in the repository. Resolved from the repository root, which this file finds whether it
 * runs from bench/ (ts, under Jest) or dist/bench/ (the built bench).
 */
export const DATASETS_IN_REPO = resolve(
  __dirname,
  __dirname.split(/[\\/]/).includes('dist') ? '../..' : '..',
  'bench/datasets',
);

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function readTable(path: string, encoding: BufferEncoding): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readFileSync(path).toString(encoding));
  const names = header.map((name) => name.trim());
  return rows.map((row) => Object.fromEntries(names.map((name, i) => [name, (row[i] ?? '').trim()])));
}

function pairsFromGroups(groups: readonly string[]): Array<[number, number]> {
  const byGroup = new Map<string, number[]>();
  groups.forEach((group, i) => byGroup.set(group, [...(byGroup.get(group) ?? []), i]));
  const pairs: Array<[number, number]> = [];
  for (const members of byGroup.values()) {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) pairs.push([members[x], members[y]]);
  }
  return pairs;
}

function febrlRecords(file: string, domain: string): BenchRecord[] {
  return readTable(join(datasetsRoot(), 'febrl', file), 'utf8').map(({ rec_id, ...attributes }) => ({
    id: rec_id,
    domain,
    attributes,
  }));
}

function fromPairs(
  name: string,
  entityType: string,
  records: BenchRecord[],
  truePairs: Array<[number, number]>,
  crossDomainOnly: boolean,
): BenchDataset {
  const keys = new Set(truePairs.map(([i, j]) => (i < j ? i * records.length + j : j * records.length + i)));
  return {
    name,
    entityType,
    records,
    crossDomainOnly,
    truePairs,
    isMatch: (i, j) => keys.has(i < j ? i * records.length + j : j * records.length + i),
  };
}

/** rec-<N>-org / rec-<N>-dup-<k>: records sharing N are the same person. */
const febrlEntity = (id: string): string => id.split('-')[1];

export function loadFebrl3(): BenchDataset {
  const records = febrlRecords('dataset3.csv', 'febrl3');
  return fromPairs(
    'febrl3',
    'febrl3',
    records,
    pairsFromGroups(records.map((r) => febrlEntity(r.id))),
    false,
  );
}

export function loadFebrl4(): BenchDataset {
  const records = [...febrlRecords('dataset4a.csv', 'a'), ...febrlRecords('dataset4b.csv', 'b')];
  const pairs = pairsFromGroups(records.map((r) => febrlEntity(r.id))).filter(
    ([i, j]) => records[i].domain !== records[j].domain,
  );
  return fromPairs('febrl4', 'febrl4', records, pairs, true);
}

export function loadAmazonGoogle(): BenchDataset {
  const dir = join(datasetsRoot(), 'amazon_google', 'leipzig');
  const amazon = readTable(join(dir, 'Amazon.csv'), 'latin1').map(({ id, ...attributes }) => ({
    id,
    domain: 'amazon',
    attributes,
  }));
  const google = readTable(join(dir, 'GoogleProducts.csv'), 'latin1').map(({ id, name, ...rest }) => ({
    id,
    domain: 'google',
    attributes: { title: name, ...rest },
  }));
  const records = [...amazon, ...google];
  const position = new Map(records.map((record, i) => [`${record.domain}:${record.id}`, i]));
  const pairs = readTable(join(dir, 'Amzon_GoogleProducts_perfectMapping.csv'), 'latin1').map(
    ({ idAmazon, idGoogleBase }): [number, number] => {
      const a = position.get(`amazon:${idAmazon}`);
      const g = position.get(`google:${idGoogleBase}`);
      if (a === undefined || g === undefined)
        throw new Error(`gold pair ${idAmazon} / ${idGoogleBase} not in the tables`);
      return [a, g];
    },
  );
  return fromPairs('amazon_google', 'amazon_google', records, pairs, true);
}

/**
 * The first `size` records in file order, each taken with its whole truth group (the records it
 * matches, transitively), so a small sample still holds true pairs: the smoke runs of the benches.
 */
export function sampleDataset(dataset: BenchDataset, size: number): BenchDataset {
  if (size >= dataset.records.length) return dataset;
  const neighbours = new Map<number, number[]>();
  for (const [i, j] of dataset.truePairs) {
    neighbours.set(i, [...(neighbours.get(i) ?? []), j]);
    neighbours.set(j, [...(neighbours.get(j) ?? []), i]);
  }
  const taken = new Set<number>();
  for (let start = 0; start < dataset.records.length && taken.size < size; start++) {
    if (taken.has(start)) continue;
    const group = [start];
    for (let k = 0; k < group.length; k++)
      for (const next of neighbours.get(group[k]) ?? []) if (!group.includes(next)) group.push(next);
    if (taken.size + group.length > size) continue;
    group.forEach((i) => taken.add(i));
  }
  const kept = [...taken].sort((a, b) => a - b);
  const position = new Map(kept.map((old, i) => [old, i]));
  const pairs = dataset.truePairs
    .filter(([i, j]) => position.has(i) && position.has(j))
    .map(([i, j]): [number, number] => [position.get(i)!, position.get(j)!]);
  return fromPairs(
    dataset.name,
    dataset.entityType,
    kept.map((i) => dataset.records[i]),
    pairs,
    dataset.crossDomainOnly,
  );
}
