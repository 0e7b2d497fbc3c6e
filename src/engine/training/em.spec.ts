import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { linkRecords } from '../linkage/batch-linkage';
import { compileMatcher } from '../matcher/matcher';
import { personConfig } from '../../../test/support/engine/config-factory';
import { trainMatcher } from './em';
import { seededRandom } from '../seeded-random';
import { totalPairs } from './u-sampling';
import { applyWeights, writeWeightsFile } from './weights-file';

type Row = Record<string, string | null>;

/**
 * Two records per synthetic person; each field of the copy independently gets a transposition typo
 * (probability `typo`) or goes missing now and then, as the Fellegi–Sunter model assumes.
 */
function syntheticPeople(count: number, seed: number, typo = 0.2) {
  const random = seededRandom(seed);
  const pick = (values: readonly string[]) => values[Math.floor(random() * values.length)];
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const word = () => Array.from({ length: 5 + Math.floor(random() * 3) }, () => pick(letters)).join('');
  const transpose = (value: string) =>
    value.slice(0, 1) + value.slice(2, 3) + value.slice(1, 2) + value.slice(3);
  const records: Row[] = [];
  const entity: number[] = [];
  for (let e = 0; e < count; e++) {
    const person: Row = {
      first_name: word(),
      last_name: word(),
      dob: `19${10 + Math.floor(random() * 80)}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}`,
    };
    const copy: Row = { ...person };
    for (const field of ['first_name', 'last_name', 'dob']) {
      const draw = random();
      if (draw < 0.05) copy[field] = null;
      else if (draw < 0.05 + typo) copy[field] = transpose(person[field] ?? '');
    }
    records.push(person, copy);
    entity.push(e, e);
  }
  return { records, entity };
}

const blockingRules = [
  { name: 'dob', keys: ['exact(dob)'] },
  { name: 'last', keys: ['prefix(last_name, 3)'] },
  { name: 'first', keys: ['prefix(first_name, 3)'] },
];

describe('trainMatcher (EM)', () => {
  const config = personConfig((raw) => {
    raw.rules = [];
    raw.blocking = { max_block_size: 50, rules: blockingRules };
  });
  const { records, entity } = syntheticPeople(300, 7);
  const trained = trainMatcher(config, records, { init: 'default', uSamplePairs: 50_000 });

  it('converges and recovers the parameters of the generator', () => {
    expect(trained.converged).toBe(true);
    const exactM = trained.comparisons.map((comparison) => comparison.levels[1]?.m ?? 0);
    // Generator: 5 % missing, 20 % typos, so P(exact | match, non-null) = 0.75 / 0.95 ≈ 0.79.
    exactM.forEach((m) => expect(m).toBeGreaterThan(0.7));
    exactM.forEach((m) => expect(m).toBeLessThan(0.88));
    const trueLambda = 300 / totalPairs(records.length);
    expect(trained.prior).toBeGreaterThan(trueLambda / 1.5);
    expect(trained.prior).toBeLessThan(trueLambda * 1.5);
    expect(trained.comparisons[0].levels[0]).toBeNull();
    expect(trained.comparisons[0].levels[3]?.u).toBeGreaterThan(0.9);
  });

  it('runs one session per blocking rule, leaving out the comparisons the rule pins, then one for λ', () => {
    expect(trained.sessions.map(({ rule, estimated }) => [rule, estimated])).toEqual([
      ['dob', ['first_name', 'last_name']],
      ['last', ['first_name', 'dob']],
      ['first', ['last_name', 'dob']],
      ['*', []],
    ]);
    expect(trained.iterations).toBe(trained.sessions.reduce((sum, s) => sum + s.iterations, 0));
  });

  it('keeps the comparisons of a token rule in its session', () => {
    const tokenConfig = personConfig((raw) => {
      raw.rules = [];
      raw.blocking = { max_block_size: 50, rules: [{ name: 'words', keys: ['token(last_name)'] }] };
    });
    const result = trainMatcher(tokenConfig, records, { uSamplePairs: 20_000 });
    expect(result.sessions[0]).toMatchObject({
      rule: 'words',
      estimated: ['first_name', 'last_name', 'dob'],
    });
  });

  it('estimates a comparison every rule pins in a last session over all pairs', () => {
    const pinned = personConfig((raw) => {
      raw.rules = [];
      raw.blocking = { max_block_size: 50, rules: [{ name: 'dob', keys: ['exact(dob)'] }] };
    });
    const result = trainMatcher(pinned, records, { uSamplePairs: 20_000 });
    expect(result.sessions.map(({ rule, estimated }) => [rule, estimated])).toEqual([
      ['dob', ['first_name', 'last_name']],
      ['*', ['dob']],
      ['*', []],
    ]);
    expect(result.comparisons[2].levels[1]?.m).toBeGreaterThan(0.8);
  });

  it('combined sessions train once over all blocked pairs', () => {
    const result = trainMatcher(config, records, { sessions: 'combined', uSamplePairs: 20_000 });
    expect(result.sessions.map((s) => s.rule)).toEqual(['*', '*']);
    expect(result.comparisons[1].levels[1]?.m).toBeGreaterThan(0.65);
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

/**
 * Linkage of two sources, 1:1, where every person has four "relatives" in the other source that share
 * the family name and the town: agreeing on those is common among the candidates of a record, and
 * only the given name and the date of birth tell the true partner apart.
 */
function families(count: number, seed: number) {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const word = () => Array.from({ length: 6 }, () => letters[Math.floor(random() * letters.length)]).join('');
  const records: Row[] = [];
  const domains: string[] = [];
  const entity: number[] = [];
  for (let f = 0; f < count / 5; f++) {
    const family = { last_name: word(), city: word() };
    for (let k = 0; k < 5; k++) {
      const person: Row = {
        ...family,
        first_name: word(),
        dob: `19${10 + Math.floor(random() * 80)}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}`,
      };
      const copy: Row = { ...person };
      if (random() < 0.3) copy.first_name = `${person.first_name?.slice(0, 5)}x`;
      if (random() < 0.3) copy.dob = `${person.dob?.slice(0, 7)}9`;
      records.push(person, copy);
      domains.push('a', 'b');
      entity.push(records.length, records.length);
    }
  }
  return { records, domains, entity };
}

describe('trainMatcher with competing candidates', () => {
  const config = personConfig((raw) => {
    raw.rules = [];
    raw.blocking = { max_block_size: 50, rules: [{ name: 'family', keys: ['exact(last_name)'] }] };
    raw.comparisons.push({
      name: 'city',
      attribute: 'city',
      levels: [{ kind: null }, { kind: 'exact', m: 0.9, u: 0.01 }, { kind: 'else', m: 0.1, u: 0.99 }],
    });
    raw.clustering = { one_per_domain: true };
  });
  const { records, domains } = families(500, 11);
  const options = { domains, crossDomainOnly: true, uSamplePairs: 50_000 };
  const trueLambda = 500 / totalPairs(records.length, domains);

  it('is on by default for one_per_domain and lands near the true λ', () => {
    const trained = trainMatcher(config, records, options);
    expect(trained.prior).toBeGreaterThan(trueLambda / 1.5);
    expect(trained.prior).toBeLessThan(trueLambda * 1.5);
  });

  it('without competition, the shared family and town pass for a match', () => {
    const trained = trainMatcher(config, records, { ...options, compete: false });
    expect(trained.prior).toBeGreaterThan(trueLambda * 2);
  });
});
