import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { personConfig, rawPersonConfig, type RawConfig } from '../../../test/support/engine/config-factory';
import { MatcherConfigError, type ConfigIssue } from './matcher-config.error';
import { loadMatcherConfig, loadMatcherConfigs, parseMatcherConfig } from './matcher-config.loader';
import { CLUSTERING_DEFAULTS } from './matcher-config.types';

function issuesOf(edit: (raw: RawConfig) => void): ConfigIssue[] {
  try {
    personConfig(edit);
  } catch (error) {
    if (error instanceof MatcherConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseMatcherConfig', () => {
  it('normalizes a valid config', () => {
    const config = personConfig();
    expect(config.entityType).toBe('person');
    expect(config.attributes.get('first_name')).toEqual({
      name: 'first_name',
      source: ['first_name'],
      normalizers: [{ name: 'person_name', options: {} }],
      pii: false,
    });
    expect(config.blocking.rules[1]).toEqual({
      name: 'name',
      parts: [
        { method: 'prefix', attribute: 'last_name', length: 2 },
        { method: 'exact', attribute: 'first_name' },
      ],
      maxBlockSize: 3,
    });
    expect(config.comparisons[0].levels.map((level) => level.label)).toEqual([
      'null',
      'exact',
      'jaro_winkler>=0.9',
      'else',
    ]);
    expect(config.comparisons[2].levels[2].label).toBe('levenshtein<=1');
    expect(config.clustering).toEqual({
      onePerDomain: false,
      bestMatchOnly: false,
      bestMatchMargin: 0,
      bestMatchRounds: 1,
      ...CLUSTERING_DEFAULTS,
    });
    expect(config.linkage).toBe('dedupe');
  });

  it.each<[string, (raw: RawConfig) => void, string, string]>([
    ['unknown top-level key', (raw) => (raw.threshold = 1), '', 'unknown key "threshold"'],
    [
      'missing thresholds',
      (raw) => delete (raw as Partial<RawConfig>).thresholds,
      '',
      'missing required key "thresholds"',
    ],
    [
      'm out of (0,1]',
      (raw) => (raw.comparisons[1].levels[1].m = 1.5),
      'comparisons[1].levels[1].m',
      'must be <= 1',
    ],
    ['u of 0', (raw) => (raw.comparisons[1].levels[1].u = 0), 'comparisons[1].levels[1].u', 'must be > 0'],
    [
      'bad level kind',
      (raw) => (raw.comparisons[1].levels[1].kind = 'fuzzy'),
      'comparisons[1].levels[1].kind',
      'must be one of',
    ],
    ['bad linkage mode', (raw) => (raw.linkage = 'link'), 'linkage', 'must be one of'],
    [
      'veto on the null level',
      (raw) => (raw.comparisons[1].levels[0].veto = true),
      'comparisons[1].levels[0].veto',
      'cannot veto',
    ],
    [
      'bad disagreement share',
      (raw) => (raw.clustering = { max_disagreement: 2 }),
      'clustering.max_disagreement',
      'must be <= 1',
    ],
    [
      'bad attribute name',
      (raw) => (raw.attributes['First Name'] = {}),
      'attributes',
      'invalid name "First Name"',
    ],
    [
      'unknown normalizer',
      (raw) => (raw.attributes.dob.normalizers = ['digits']),
      'attributes.dob.normalizers[0]',
      'unknown normalizer "digits"',
    ],
    [
      'bad normalizer option',
      (raw) => (raw.attributes.dob.normalizers = [{ person_name: { nickname: true } }]),
      'attributes.dob.normalizers[0]',
      'unknown option "nickname"',
    ],
    [
      'unknown metric',
      (raw) => (raw.comparisons[0].levels[2].metric = 'jw'),
      'comparisons[0].levels[2].metric',
      'unknown metric "jw"',
    ],
    [
      'similarity threshold > 1',
      (raw) => (raw.comparisons[0].levels[2].threshold = 2),
      'comparisons[0].levels[2].threshold',
      'out of range',
    ],
    [
      'comparison on unknown attribute',
      (raw) => (raw.comparisons[1].attribute = 'surname'),
      'comparisons[1].attribute',
      'unknown attribute "surname"',
    ],
    [
      'null level not first',
      (raw) => raw.comparisons[1].levels.reverse(),
      'comparisons[1].levels[2].kind',
      'the null level must come first',
    ],
    [
      'missing else',
      (raw) => raw.comparisons[1].levels.pop(),
      'comparisons[1].levels[1].kind',
      'the last level must be "else"',
    ],
    [
      'm/u on the null level',
      (raw) => (raw.comparisons[1].levels[0].m = 0.1),
      'comparisons[1].levels[0]',
      'carries no evidence',
    ],
    [
      'm sum above 1',
      (raw) => (raw.comparisons[1].levels[2].m = 0.5),
      'comparisons[1].levels',
      'sum to 1.4000',
    ],
    [
      'missing m',
      (raw) => delete raw.comparisons[1].levels[1].m,
      'comparisons[1].levels[1].m',
      'm is required',
    ],
    [
      'TF on a metric level',
      (raw) => (raw.comparisons[0].levels[2].term_frequency_adjustment = true),
      'comparisons[0].levels[2].term_frequency_adjustment',
      'only applies to exact',
    ],
    [
      'swapped with one attribute',
      (raw) => (raw.comparisons[1].levels[1].swapped = true),
      'comparisons[1].levels[1].swapped',
      'exactly two attributes',
    ],
    [
      'unknown blocking method',
      (raw) => (raw.blocking.rules[0].keys = ['metaphone(dob)']),
      'blocking.rules[0].keys[0]',
      'unknown blocking method "metaphone"',
    ],
    [
      'prefix without length',
      (raw) => (raw.blocking.rules[0].keys = ['prefix(dob)']),
      'blocking.rules[0].keys[0]',
      'prefix needs a length',
    ],
    [
      'unparseable key part',
      (raw) => (raw.blocking.rules[0].keys = ['exact dob']),
      'blocking.rules[0].keys[0]',
      'cannot parse "exact dob"',
    ],
    [
      'duplicate rule name',
      (raw) => (raw.blocking.rules[1].name = 'dob'),
      'blocking.rules[1].name',
      'duplicate blocking rule name',
    ],
    [
      'review above match',
      (raw) => (raw.thresholds.review = 0.95),
      'thresholds.review',
      'must not exceed match (0.9)',
    ],
    [
      'rule on unknown attribute',
      (raw) => (raw.rules = [{ name: 'r', when: { exact: 'ssn' }, then: 'match' }]),
      'rules[0].when.exact',
      'unknown attribute "ssn"',
    ],
    [
      'rule with two conditions',
      (raw) => (raw.rules = [{ name: 'r', when: { exact: 'dob', both_null: 'dob' }, then: 'match' }]),
      'rules[0].when',
      'exactly one of',
    ],
    [
      'distance rule with at_least',
      (raw) =>
        (raw.rules = [
          { name: 'r', when: { metric: 'levenshtein', attribute: 'dob', at_least: 1 }, then: 'match' },
        ]),
      'rules[0].when',
      'levenshtein needs at_most',
    ],
    [
      'source_priority without priority',
      (raw) => (raw.survivorship = { fields: { dob: { strategy: 'source_priority' } } }),
      'survivorship.fields.dob.priority',
      'needs a priority list',
    ],
    ['missing prior', (raw) => delete raw.prior, 'prior', 'prior is required'],
    [
      'a second best-match round without best_match_only',
      (raw) => (raw.clustering = { best_match_rounds: 2 }),
      'clustering.best_match_rounds',
      'needs best_match_only',
    ],
    [
      'a third best-match round',
      (raw) => (raw.clustering = { best_match_only: true, best_match_rounds: 3 }),
      'clustering.best_match_rounds',
      'must be <= 2',
    ],
  ])('rejects %s', (_, edit, path, message) => {
    const issues = issuesOf(edit);
    expect(issues).toContainEqual({ file: 'person.yaml', path, message: expect.stringContaining(message) });
  });

  it('orders metric levels strict to loose', () => {
    const issues = issuesOf((raw) =>
      raw.comparisons[0].levels.splice(2, 0, {
        kind: 'metric',
        metric: 'jaro_winkler',
        threshold: 0.8,
        m: 0.01,
        u: 0.01,
      }),
    );
    expect(issues).toContainEqual({
      file: 'person.yaml',
      path: 'comparisons[0].levels[3].threshold',
      message: expect.stringContaining('must be lower than 0.8 (levels[2])'),
    });
  });

  it('collects every problem of a file at once', () => {
    const edit = (raw: RawConfig) => {
      raw.comparisons[0].levels[2].metric = 'jw';
      raw.comparisons[1].attribute = 'surname';
      raw.thresholds.review = 0.95;
    };
    expect(issuesOf(edit).map((issue) => issue.path)).toEqual([
      'comparisons[0].levels[2].metric',
      'comparisons[1].attribute',
      'thresholds.review',
    ]);
    expect(() => personConfig(edit)).toThrow(
      /3 matcher config problems:\n {2}person\.yaml: comparisons\[0\]\.levels\[2\]\.metric: unknown metric "jw"/,
    );
  });

  it('reports YAML syntax errors with a line', () => {
    expect(() => parseMatcherConfig('attributes:\n  a: [\n', 'x.yaml')).toThrow(/x\.yaml: line \d+:/);
  });

  it('accepts an untrained config when weights are not required', () => {
    const config = personConfig(
      (raw) => {
        delete raw.prior;
        delete raw.comparisons[1].levels[1].m;
      },
      { requireWeights: false },
    );
    expect(config.prior).toBeUndefined();
  });

  it('merges a weights file over the config and rejects a stale one', () => {
    const weights = {
      entity_type: 'person',
      prior: 0.02,
      comparisons: {
        last_name: [null, { label: 'exact', m: 0.7, u: 0.05 }, { label: 'else', m: 0.3, u: 0.95 }],
      },
    };
    const config = personConfig(() => {}, { weightsText: stringify(weights) });
    expect(config.prior).toBe(0.02);
    expect(config.trained).toBe(true);
    expect(config.comparisons[1].levels[1]).toMatchObject({ m: 0.7, u: 0.05 });
    expect(config.comparisons[0].levels[1]).toMatchObject({ m: 0.8, u: 0.01 });

    weights.comparisons.last_name[1] = { label: 'jaro_winkler>=0.9', m: 0.7, u: 0.05 };
    expect(() => personConfig(() => {}, { weightsText: stringify(weights) })).toThrow(
      /comparisons\[1\]\.levels\[1\]: the weights file was trained for level "jaro_winkler>=0.9"/,
    );
  });
});

describe('loadMatcherConfigs', () => {
  it('loads a directory, merging weights files, and lists the problems of every file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matchers-'));
    writeFileSync(join(dir, 'person.yaml'), stringify(rawPersonConfig()));
    writeFileSync(
      join(dir, 'person.weights.yaml'),
      stringify({ entity_type: 'person', prior: 0.05, comparisons: {} }),
    );
    expect(loadMatcherConfig(dir, 'person').prior).toBe(0.05);

    const broken = rawPersonConfig();
    broken.thresholds.review = 0.99;
    writeFileSync(join(dir, 'other.yaml'), stringify(broken));
    writeFileSync(join(dir, 'third.yaml'), 'attributes: {}\n');
    try {
      loadMatcherConfigs(dir);
      throw new Error('expected a MatcherConfigError');
    } catch (error) {
      const files = (error as MatcherConfigError).issues.map((issue) => issue.file.split('/').pop());
      expect(new Set(files)).toEqual(new Set(['other.yaml', 'third.yaml']));
    }
  });

  it.each(['matchers', 'bench/matchers'])('validates the shipped configs in %s', (dir) => {
    const root = resolve(__dirname, '../../..');
    const { configs } = loadMatcherConfigs(join(root, dir));
    expect(configs.size).toBeGreaterThanOrEqual(3);
    for (const [entityType] of configs) {
      expect(readFileSync(join(root, dir, `${entityType}.yaml`), 'utf8').length).toBeGreaterThan(0);
    }
  });

  it('refuses a YAML alias bomb as a config problem', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(
        [...'bcdefghi'].map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
      )
      .join('\n');
    expect(() => parseMatcherConfig(bomb, 'bomb.yaml')).toThrow(MatcherConfigError);
  });
});
