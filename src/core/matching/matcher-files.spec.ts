import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MatcherConfigError } from '../../engine';
import { configHash, readMatcherFiles } from './matcher-files';

const REPO_MATCHERS = path.join(__dirname, '../../../matchers');
const customer = readFileSync(path.join(REPO_MATCHERS, 'customer.yaml'), 'utf8');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinery-matcher-files-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('configHash', () => {
  it.each([
    ['a config alone: the sha256 of its file', 'x: 1\n', null, sha256('x: 1\n')],
    ['with weights: text, NUL, weights', 'x: 1\n', 'w: 2\n', sha256('x: 1\n\0w: 2\n')],
    ['empty weights still differ from none', 'x: 1\n', '', sha256('x: 1\n\0')],
  ])('%s', (_, text, weights, expected) => {
    expect(configHash(text, weights)).toBe(expected);
  });
});

describe('readMatcherFiles', () => {
  it('reads each config with its hash, in name order, leaving weights files out as configs', () => {
    const dir = dirWith({ 'customer.yaml': customer, 'account.yaml': customer });
    const files = readMatcherFiles(dir);
    expect(files.map((f) => [f.entityType, f.fileName, f.weightsText])).toEqual([
      ['account', 'account.yaml', null],
      ['customer', 'customer.yaml', null],
    ]);
    expect(files[1].hash).toBe(sha256(customer));
  });

  it('lists the problems of every file at once', () => {
    const dir = dirWith({
      'customer.yaml': customer.replace('match: 0.95', 'match: 1.5'),
      'other.yaml': 'attributes: [',
    });
    let error: unknown;
    try {
      readMatcherFiles(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MatcherConfigError);
    const files = new Set((error as MatcherConfigError).issues.map((i) => path.basename(i.file)));
    expect(files).toEqual(new Set(['customer.yaml', 'other.yaml']));
  });
});
