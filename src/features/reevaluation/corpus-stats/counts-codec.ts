import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { CorpusCounts } from '../../../engine';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface EncodedCounts {
  data: Buffer;
  /** sha256 of the JSON: equal for equal counts, since CorpusCounts lists are sorted. */
  sha256: string;
  /** Distinct values and tokens. */
  terms: number;
}

/**
 * A snapshot's counts as stored: gzip of the JSON. Compression runs on libuv's thread pool, so a
 * large snapshot does not stall the event loop while it is packed or unpacked.
 */
export async function encodeCounts(counts: CorpusCounts): Promise<EncodedCounts> {
  const json = JSON.stringify(counts);
  const terms = [...counts.values, ...counts.tokens].reduce((n, [, entries]) => n + entries.length, 0);
  return {
    data: await gzipAsync(json),
    sha256: createHash('sha256').update(json).digest('hex'),
    terms,
  };
}

export async function decodeCounts(data: Buffer): Promise<CorpusCounts> {
  return JSON.parse((await gunzipAsync(data)).toString('utf8')) as CorpusCounts;
}
