/**
 * The framework-free matching engine: config loading, record preparation, blocking, Fellegi–Sunter
 * scoring with explanations, EM training and batch linkage. See docs/matchers.md.
 */
export { MatcherConfigError, formatIssue, type ConfigIssue } from './config/matcher-config.error';
export {
  loadMatcherConfig,
  loadMatcherConfigs,
  parseMatcherConfig,
  type ParseOptions,
} from './config/matcher-config.loader';
export type * from './config/matcher-config.types';
export { CLUSTERING_DEFAULTS } from './config/matcher-config.types';
export { compileMatcher, type CompareContext, type CompileOptions, type Matcher } from './matcher/matcher';
export type { PreparedRecord } from './matcher/prepare';
export {
  UntrainedMatcherError,
  type Explanation,
  type ComparisonExplanation,
  type ScoredPair,
} from './scoring/fellegi-sunter';
export {
  InMemoryCorpusStats,
  type CorpusCounts,
  type CorpusStats,
  type StatTerms,
} from './stats/corpus-stats';
export { buildBlockIndex, forEachCandidatePair, shareBlock, type BlockIndex } from './linkage/block-index';
export {
  linkRecords,
  type LinkageOptions,
  type LinkageResult,
  type ScoredLink,
} from './linkage/batch-linkage';
export {
  trainMatcher,
  type TrainOptions,
  type TrainedLevel,
  type TrainedWeights,
  type TrainingSession,
} from './training/em';
export { describeWeights } from './training/weights-report';
export {
  estimateLambdaFromRules,
  parseDeterministicRule,
  type DeterministicRules,
  type RuleLambda,
} from './training/lambda-rules';
export { MIN_TOP_M } from './training/m-bounds';
export { describeDiagnostics, type TrainingDiagnostics } from './training/training-report';
export { applyWeights, weightsToYaml, writeWeightsFile } from './training/weights-file';
export { ENGINE_REGISTRY, type EngineRegistry } from './registry';
export { profileRecords, type FieldKind, type FieldProfile } from './suggest/profile';
export { suggestConfig, type SuggestOptions, type Suggestion } from './suggest/suggest';
