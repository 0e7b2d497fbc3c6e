import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { linkRecords } from '../linkage/batch-linkage';
import { compileMatcher } from '../matcher/matcher';
import { personConfig } from '../testing/config-factory';
import { trainMatcher } from './em';
import { seededRandom, totalPairs } from './u-sampling';
import { applyWeights, writeWeightsFile } from './weights-file';

/** Two records per synthetic person: the copy has a typo in one field or a missing value now and then. */
function syntheticPeople(count: number, seed: number) {
  const random = seededRandom(seed);
  const pick = (values: readonly string[]) => values[Math.floor(random() * values.length)];
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const word = () => Array.from({ length: 5 + Math.floor(random() * 3) }, () => pick(letters)).join('');
  const typo = (value: string) => value.slice(0, 1) + value.slice(2, 3) + value.slice(1, 2) + value.slice(3);
  const records: Array<Record<string, string | null>> = [];
  const entity: number[] = [];
  for (let e = 0; e < count; e++) {
    const person = {
      first_name: word(),
      last_name: word(),
      dob: `19${10 + Math.floor(random() * 80)}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}`,
    };
    const copy: Record<string, string | null> = { ...person };
    const field = pick(['first_name', 'last_name', 'dob', 'none']);
    if (field !== 'none') copy[field] = random() < 0.2 ? null : typo(person[field as keyof typeof person]);
    records.push(person, copy);
    entity.push(e, e);
  }
  return { records, entity };
}

describe('trainMatcher (EM)', () => {
  const config = personConfig((raw) => {
    raw.rules = [];
    raw.blocking = {
      max_block_size: 50,
      rules: [
        { name: 'dob', keys: ['exact(dob)'] },
        { name: 'last', keys: ['prefix(last_name, 3)'] },
        { name: 'first', keys: ['prefix(first_name, 3)'] },
      ],
    };
  });
  const { records, entity } = syntheticPeople(300, 7);
  const trained = trainMatcher(config, records, { init: 'default', uSamplePairs: 50_000 });

  it('converges and recovers the parameters of the generator', () => {
    expect(trained.converged).toBe(true);
    const exactM = trained.comparisons.map((comparison) => comparison.levels[1]?.m ?? 0);
    exactM.forEach((m) => expect(m).toBeGreaterThan(0.7));
    const trueLambda = 300 / totalPairs(records.length);
    expect(trained.prior).toBeGreaterThan(trueLambda / 2);
    expect(trained.prior).toBeLessThan(trueLambda * 2);
    expect(trained.comparisons[0].levels[0]).toBeNull();
    expect(trained.comparisons[0].levels[3]?.u).toBeGreaterThan(0.9);
  });

  it('links the synthetic set with trained weights', () => {
    const matcher = compileMatcher(applyWeights(config, trained));
    const { links } = linkRecords(
      matcher,
      records.map((record) => matcher.prepare(record)),
    );
    const truePositives = links.filter(({ i, j }) => entity[i] === entity[j]).length;
    expect(truePositives / links.length).toBeGreaterThan(0.97);
    expect(truePositives / 300).toBeGreaterThan(0.9);
  });

  it('is reproducible for a seed', () => {
    const again = trainMatcher(config, records, { init: 'default', uSamplePairs: 50_000 });
    expect(again.comparisons).toEqual(trained.comparisons);
  });

  it('writes a weights file the loader accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weights-'));
    const path = writeWeightsFile(dir, trained, new Date('2026-01-01T00:00:00Z'));
    const written = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({
      entity_type: 'person',
      trained_at: '2026-01-01T00:00:00.000Z',
      converged: true,
    });
    const merged = personConfig(() => {}, { weightsText: readFileSync(path, 'utf8') });
    expect(merged.comparisons[2].levels[1].m).toBeCloseTo(trained.comparisons[2].levels[1]?.m ?? 0, 5);
  });
});
