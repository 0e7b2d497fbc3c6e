/**
 * Whether a sample drawn from several sources is a linkage of deduplicated lists. The sample's own
 * matcher (suggested and trained) scores every blocked pair, inside sources and across them, and the
 * match rates are compared per pair: two clean lists have matches across sources and next to none
 * inside one, while a source with duplicates of its own matches inside itself about as often as
 * across. Measured on the sample's matches rather than the field names, so it holds for any schema.
 * When a source repeats its own records the rates look like a deduplication dealt to sources; then
 * the shape of the records decides (source-shapes.ts): sources that are visibly different systems
 * are linked across, each keeping its duplicates joined through the records they share elsewhere.
 */
import type { MatcherConfig } from '../config/matcher-config.types';
import { linkRecords } from '../linkage/batch-linkage';
import { compileMatcher } from '../matcher/matcher';
import { InMemoryCorpusStats } from '../stats/corpus-stats';
import { describeShape, sourceShapeDifference, type ShapeDifference } from './source-shapes';

export interface SourcesProfile {
  /** Records per source domain, in first-seen order. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Match pairs found inside one source, and across two. */
  readonly within: number;
  readonly across: number;
  /** Matches per candidate pair inside sources / across sources (pairs of the whole sample). */
  readonly withinRate: number;
  readonly acrossRate: number;
  /** Per source: share of its records with a match inside their own source. */
  readonly duplicateShare: ReadonlyMap<string, number>;
  /** When the match rates do not call it a linkage: the difference of shape that shows different systems. */
  readonly shape?: ShapeDifference;
  readonly linkage: 'dedupe' | 'across_domains';
  readonly onePerDomain: boolean;
  /** One sentence per line, for the YAML comment. */
  readonly reason: readonly string[];
}

/**
 * Across domains when matches inside a source are under a quarter as frequent (per pair) as matches
 * across sources, or when there are matches across and the sources differ in shape (SHAPE_RULES);
 * one per domain, in addition, when no source has more than 1 % of its records matching inside it.
 * The ratios are loose on purpose: the sample's matcher is untuned.
 */
export const SOURCE_RULES = { withinToAcross: 0.25, duplicateFree: 0.01 };

export function profileSources(
  config: MatcherConfig,
  records: ReadonlyArray<Record<string, unknown>>,
  domains: readonly string[],
  asked: 'auto' | 'dedupe' | 'across_domains' = 'auto',
  exclude: ReadonlySet<string> = new Set(),
): SourcesProfile {
  const sizes = new Map<string, number>();
  domains.forEach((d) => sizes.set(d, (sizes.get(d) ?? 0) + 1));
  const stats = new InMemoryCorpusStats();
  const matcher = compileMatcher(config, { stats });
  const prepared = records.map((record) => matcher.prepare(record));
  prepared.forEach((record) => stats.add(matcher.statTerms(record)));
  // Every blocked pair, same source or not (crossDomainOnly off): the question is where matches fall.
  const { candidates } = linkRecords(matcher, prepared, { domains, crossDomainOnly: false });
  let within = 0;
  let across = 0;
  const duplicated = new Set<number>();
  for (const { i, j, decision } of candidates) {
    if (decision !== 'match') continue;
    if (domains[i] === domains[j]) {
      within++;
      duplicated.add(i).add(j);
    } else across++;
  }
  const n = domains.length;
  const squares = [...sizes.values()].reduce((s, k) => s + k * k, 0);
  const withinPairs = (squares - n) / 2;
  const acrossPairs = (n * n - squares) / 2;
  const withinRate = withinPairs === 0 ? 0 : within / withinPairs;
  const acrossRate = acrossPairs === 0 ? 0 : across / acrossPairs;
  const duplicateShare = new Map([...sizes.keys()].map((d) => [d, 0]));
  duplicated.forEach((i) => duplicateShare.set(domains[i], (duplicateShare.get(domains[i]) ?? 0) + 1));
  sizes.forEach((size, d) => duplicateShare.set(d, (duplicateShare.get(d) ?? 0) / size));
  const cleanLists = sizes.size > 1 && across > 0 && withinRate < SOURCE_RULES.withinToAcross * acrossRate;
  const shape =
    sizes.size > 1 && across > 0 && !cleanLists
      ? sourceShapeDifference(records, domains, exclude)
      : undefined;
  const detected = cleanLists || shape !== undefined;
  const linked = asked === 'auto' ? detected : asked === 'across_domains' && sizes.size > 1;
  const onePerDomain =
    linked && [...duplicateShare.values()].every((share) => share <= SOURCE_RULES.duplicateFree);
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
  const perPair = (x: number) => x.toExponential(2);
  const reason = [
    `${sizes.size} sources (${[...sizes].map(([d, k]) => `${d}: ${k}`).join(', ')}); on the sample, ` +
      `${across} matches across sources (${perPair(acrossRate)} per pair) and ${within} inside one ` +
      `(${perPair(withinRate)} per pair; records matching inside their source: ` +
      `${[...duplicateShare].map(([d, s]) => `${d} ${percent(s)}`).join(', ')}).`,
    cleanLists
      ? `Matches inside a source are under ${SOURCE_RULES.withinToAcross} x as frequent as across: the sources ` +
        `look like deduplicated lists, so only pairs across sources are scored (linkage: across_domains).`
      : shape
        ? `Matches inside a source are not rare next to those across, but the sources are different systems ` +
          `(${describeShape(shape)}): they are linked across, each source's own duplicates joining through ` +
          `the record they share in another (linkage: across_domains; --linkage dedupe to score every pair).`
        : `Matches inside a source are not rare next to those across (or there are none across), and the ` +
          `sources' records have the same shape: one list dealt to sources, so every pair is scored (linkage: dedupe).`,
    ...(asked !== 'auto'
      ? [
          `linkage: ${linked ? 'across_domains' : 'dedupe'} as asked (--linkage ${asked}), whatever the sample shows.`,
        ]
      : []),
    ...(onePerDomain
      ? [
          `No source has over ${percent(SOURCE_RULES.duplicateFree)} of its records matching inside it: ` +
            `at most one record of each source per entity (one_per_domain).`,
        ]
      : linked
        ? [
            `Some source matches itself on over ${percent(SOURCE_RULES.duplicateFree)} of its records: no one_per_domain.`,
          ]
        : []),
  ];
  return {
    sizes,
    within,
    across,
    withinRate,
    acrossRate,
    duplicateShare,
    ...(shape && { shape }),
    linkage: linked ? 'across_domains' : 'dedupe',
    onePerDomain,
    reason,
  };
}
