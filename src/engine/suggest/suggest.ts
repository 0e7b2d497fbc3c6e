/**
 * `suggest`: a starting matcher config written from a sample of records. The sample is profiled
 * (profile.ts), each field gets the recipe of its kind (recipes.ts), blocking comes from the fields
 * that identify (exact ids, emails, dates, phonetic names) and from the words of titles (token
 * blocking under the skew guard), and m/u/λ are estimated on the sample itself by the EM trainer —
 * u from random pairs, m and λ by EM with the plausibility bounds — falling back to level-order m
 * and λ = 1/records when training reports a problem. The result is valid under the config schema
 * (it is parsed before it is returned) and meant to be reviewed, then trained on the full data.
 */
import { Document, isSeq, visit } from 'yaml';
import { parseMatcherConfig } from '../config/matcher-config.loader';
import type { RawComparison, RawMatcherConfig } from '../config/matcher-config.raw';
import { WRITTEN_GUARDS } from '../config/presets';
import type { EngineRegistry } from '../registry';
import { defaultM, trainMatcher, type TrainedWeights } from '../training/em';
import { profileRecords, type FieldKind, type FieldProfile } from './profile';
import { attributeName, recipeFor } from './recipes';
import { profileSources, type SourcesProfile } from './sources';

export interface SuggestOptions {
  /** Fields to leave out (the record id, a source column). */
  readonly exclude?: readonly string[];
  /**
   * Source domain per record. With two or more sources, u and EM use cross-domain pairs only, and the
   * sample's matches decide `linkage: across_domains` and `one_per_domain` (sources.ts).
   */
  readonly domains?: readonly string[];
  /**
   * `auto` (default): from where the sample's matches fall. `across_domains` / `dedupe`: as the user
   * knows the task (a linkage of sources that hold copies of their own is not detectable as one).
   */
  readonly linkage?: 'auto' | 'dedupe' | 'across_domains';
  /** Estimate m/u with corpus statistics (IDF, TF) as the service and the batch linker score; default true. */
  readonly corpusStats?: boolean;
  readonly seed?: number;
  readonly registry?: EngineRegistry;
}

export interface Suggestion {
  readonly config: RawMatcherConfig;
  readonly yaml: string;
  readonly profiles: readonly FieldProfile[];
  /** The training run on the sample, and whether its m/λ were kept. */
  readonly weights: TrainedWeights;
  readonly trained: boolean;
  /** With several sources: where the sample's matches fall, and the linkage chosen from it. */
  readonly sources?: SourcesProfile;
}

/** Kinds that identify a person or thing on their own: with one of them, links need not compete. */
const IDENTIFYING: ReadonlySet<FieldKind> = new Set([
  'email',
  'phone',
  'identifier',
  'date',
  'given_name',
  'family_name',
  'person_name',
]);
/** Text kinds a sparse field is folded into, rather than compared on its own. */
const FOLDABLE: ReadonlySet<FieldKind> = new Set(['title', 'company_name', 'category']);
const SPARSE = 0.3;
export const SUGGESTED_THRESHOLDS = { match: 0.9, review: 0.5 };
export function suggestConfig(
  entityType: string,
  records: ReadonlyArray<Record<string, unknown>>,
  options: SuggestOptions = {},
): Suggestion {
  const profiles = profileRecords(records, new Set(options.exclude ?? []));
  const config = draft(profiles);
  const untrained = parseMatcherConfig(toYaml(config), `${entityType}.yaml`, {
    requireWeights: false,
    registry: options.registry,
  });
  const domains = options.domains && new Set(options.domains).size > 1 ? options.domains : undefined;
  const weights = trainMatcher(untrained, records, {
    domains,
    crossDomainOnly: domains !== undefined,
    corpusStats: options.corpusStats ?? true,
    seed: options.seed,
    registry: options.registry,
  });
  const trained = weights.diagnostics.errors.length === 0;
  const fallback = defaultM(untrained);
  config.comparisons.forEach((comparison, c) => {
    const learned = weights.comparisons[c].levels;
    const m = roundShares(learned.map((level, l) => (level ? (trained ? level.m : fallback[c][l]) : NaN)));
    const u = roundShares(learned.map((level) => level?.u ?? NaN));
    comparison.levels.forEach((level, l) => {
      if (level.kind === 'null' || level.kind === null) return;
      level.m = m[l];
      level.u = u[l];
    });
  });
  config.prior = Number((trained ? weights.prior : 1 / Math.max(records.length, 2)).toPrecision(3));
  const sources =
    domains &&
    profileSources(
      parseMatcherConfig(toYaml(config), `${entityType}.yaml`, { registry: options.registry }),
      records,
      domains,
      options.linkage,
      new Set(options.exclude ?? []),
    );
  if (sources?.linkage === 'across_domains') config.linkage = 'across_domains';
  if (sources?.onePerDomain) config.clustering = { ...config.clustering, one_per_domain: true };
  const yaml = header(entityType, profiles, records.length, weights, trained, sources) + toYaml(config);
  parseMatcherConfig(yaml, `${entityType}.yaml`, { registry: options.registry });
  return { config, yaml, profiles, weights, trained, ...(sources && { sources }) };
}

/** Rounds probabilities to 4 significant digits so that they still sum to at most 1. */
function roundShares(values: readonly number[]): number[] {
  const rounded = values.map((v) => (Number.isNaN(v) ? v : Math.max(Number(v.toPrecision(4)), 1e-6)));
  const excess = rounded.reduce((s, v) => (Number.isNaN(v) ? s : s + v), 0) - 1;
  if (excess > 0) {
    const largest = rounded.reduce(
      (best, v, i) => (!Number.isNaN(v) && v > rounded[best] ? i : best),
      rounded.findIndex((v) => !Number.isNaN(v)),
    );
    rounded[largest] = Number((rounded[largest] - excess - 1e-6).toPrecision(6));
  }
  return rounded;
}

function draft(profiles: readonly FieldProfile[]): RawMatcherConfig {
  const usable = profiles.filter((p) => p.kind !== 'empty' && p.kind !== 'record_key');
  const main = usable
    .filter((p) => p.kind === 'title' && p.nullRate <= SPARSE)
    .sort((a, b) => a.nullRate - b.nullRate)[0];
  // A field filled on few records (often: on most records of one source and few of the other) only
  // lifts the few that have it above their competitors: fold it into the main text instead.
  const folded = main ? usable.filter((p) => p !== main && FOLDABLE.has(p.kind) && p.nullRate > SPARSE) : [];
  const given = usable.find((p) => p.kind === 'given_name');
  const family = usable.find((p) => p.kind === 'family_name');
  const attributes: RawMatcherConfig['attributes'] = {};
  const comparisons: RawComparison[] = [];
  const rules: RawMatcherConfig['blocking']['rules'] = [];
  for (const p of usable) {
    if (folded.includes(p)) continue;
    const partner =
      p === given && family
        ? attributeName(family.name)
        : p === family && given
          ? attributeName(given.name)
          : undefined;
    const recipe = recipeFor(p, p === main ? [p.name, ...folded.map((f) => f.name)] : [p.name], partner);
    if (!recipe) continue;
    Object.assign(attributes, recipe.attributes);
    comparisons.push(...recipe.comparisons);
    rules.push(...recipe.rules);
  }
  if (family) {
    const keys = [`double_metaphone(${attributeName(family.name)})`];
    if (given) keys.push(`double_metaphone(${attributeName(given.name)})`);
    rules.push({ name: 'names', keys });
  }
  if (rules.length === 0) {
    const widest = Object.keys(attributes)[0];
    rules.push({ name: 'tokens', keys: [`token(${widest}, min_length=2)`] });
  }
  const fuzzyOnly = !usable.some((p) => IDENTIFYING.has(p.kind));
  return {
    attributes,
    blocking: { max_block_size: 100, rules },
    comparisons,
    thresholds: { ...SUGGESTED_THRESHOLDS },
    clustering: {
      ...WRITTEN_GUARDS,
      // Titles only: the candidates of a record look alike (one product line), so link the best;
      // a second round gives a record whose best candidates were all taken the best of the rest
      // (served Amazon–Google, untouched: 0.6862 -> 0.6942; docs/benchmarks.md).
      ...(fuzzyOnly && { best_match_only: true, best_match_margin: 2, best_match_rounds: 2 }),
    },
  };
}

/** YAML with one line per attribute, level and blocking rule. */
function toYaml(config: RawMatcherConfig): string {
  const document = new Document(config, { aliasDuplicateObjects: false });
  visit(document, {
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const oneLine = node.has('normalizers') || (isSeq(parent) && !node.has('levels'));
      if (oneLine && path.length > 2) node.flow = true;
    },
  });
  return document.toString({ lineWidth: 120 });
}

function header(
  entityType: string,
  profiles: readonly FieldProfile[],
  n: number,
  weights: TrainedWeights,
  trained: boolean,
  sources?: SourcesProfile,
): string {
  const lines = profiles.map(
    (p) =>
      `#   ${p.name}: ${p.kind}, ${(100 * (1 - p.nullRate)).toFixed(0)} % filled, ${p.distinct} distinct` +
      (p.topTokens[0] && p.topTokens[0].share > 0.2
        ? `, "${p.topTokens[0].token}" in ${(100 * p.topTokens[0].share).toFixed(0)} %`
        : ''),
  );
  const estimate = trained
    ? `m, u and prior estimated on the sample by EM (${weights.pairsBlocked} blocked pairs)`
    : `u estimated on the sample; EM reported a problem (${weights.diagnostics.errors.join('; ')}), so m are level-order defaults and prior = 1/records`;
  return [
    `# Suggested by \`joinery suggest ${entityType}\` from ${n} sample records. Review it, then train it`,
    `# on the full data (\`joinery train ${entityType}\`): the prior is the sample's, not the population's.`,
    `# ${estimate}.`,
    ...(sources ? ['# Sources (`linkage`, `one_per_domain`):', ...sources.reason.flatMap(wrapComment)] : []),
    '# Fields as profiled:',
    ...lines,
    '',
  ].join('\n');
}

/** One sentence of the header as comment lines of at most 110 characters. */
function wrapComment(sentence: string): string[] {
  const lines: string[] = [];
  let line = '#  ';
  for (const word of sentence.split(' ')) {
    if (line.length > 6 && line.length + word.length + 1 > 110) {
      lines.push(line);
      line = '#    ';
    }
    line = `${line} ${word}`;
  }
  return [...lines, line];
}
