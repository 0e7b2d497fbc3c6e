/**
 * λ from deterministic rules, as Splink's `estimate_probability_two_random_records_match` does: count
 * the record pairs that satisfy rules which are almost never wrong (same national id; same surname and
 * date of birth), divide by all pairs, and scale by the recall the user believes those rules have
 * (they find 60 % of the matches → λ = count / pairs / 0.6). It pins λ on a number a reader can check,
 * where EM's own λ depends on how well the blocking rules separate matches.
 *
 * A rule is a list of blocking key parts that must all agree (`exact(surname) & exact(date_of_birth)`),
 * evaluated with the blocking engine itself, without the skew guard: a deterministic rule's pairs are
 * counted even inside a large block.
 */
import { buildBlocking } from '../config/attributes.semantic';
import { IssueList, MatcherConfigError, type ConfigIssue } from '../config/matcher-config.error';
import type { MatcherConfig } from '../config/matcher-config.types';
import { buildBlockIndex, forEachCandidatePair } from '../linkage/block-index';
import { compileMatcher } from '../matcher/matcher';
import type { PreparedRecord } from '../matcher/prepare';
import { ENGINE_REGISTRY, type EngineRegistry } from '../registry';
import { totalPairs } from './u-sampling';

export interface DeterministicRules {
  /** Each rule: key parts that must all agree, e.g. ['exact(surname)', 'exact(date_of_birth)']. */
  readonly rules: ReadonlyArray<readonly string[]>;
  /** Share of all true matches the rules find together, in (0, 1]. Default 1. */
  readonly recall?: number;
}

export interface RuleLambda {
  readonly lambda: number;
  /** Distinct pairs satisfying at least one rule. */
  readonly pairs: number;
  readonly space: number;
  readonly recall: number;
}

/** Parses `exact(a) & prefix(b, 3)` into key parts. */
export function parseDeterministicRule(text: string): string[] {
  return text
    .split('&')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function estimateLambdaFromRules(
  config: MatcherConfig,
  prepared: readonly PreparedRecord[],
  deterministic: DeterministicRules,
  options: { domains?: readonly string[]; registry?: EngineRegistry } = {},
): RuleLambda {
  const recall = deterministic.recall ?? 1;
  if (!(recall > 0 && recall <= 1)) throw new RangeError(`recall must be in (0, 1], got ${recall}`);
  const sink: ConfigIssue[] = [];
  const blocking = buildBlocking(
    {
      max_block_size: Number.MAX_SAFE_INTEGER,
      rules: deterministic.rules.map((keys, r) => ({ name: `deterministic${r}`, keys: [...keys] })),
    },
    config.attributes,
    new IssueList('deterministic rules', sink),
    options.registry ?? ENGINE_REGISTRY,
  );
  if (sink.length > 0) throw new MatcherConfigError(sink);
  const matcher = compileMatcher({ ...config, blocking }, { registry: options.registry });
  const pairs = forEachCandidatePair(buildBlockIndex(matcher, prepared), () => {}, options.domains);
  const space = totalPairs(prepared.length, options.domains);
  return { lambda: Math.min(pairs / Math.max(space, 1) / recall, 0.5), pairs, space, recall };
}
