/**
 * Loads `matchers/<entityType>.yaml` files: YAML → JSON schema (ajv) → semantic checks → MatcherConfig.
 * `<entityType>.weights.yaml`, when present next to a config, overrides its m/u and prior (EM output).
 * Every problem of every file is collected and thrown once as a MatcherConfigError.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ENGINE_REGISTRY, type EngineRegistry } from '../registry';
import { buildAttributes, buildBlocking } from './attributes.semantic';
import { buildComparisons } from './comparisons.semantic';
import { IssueList, MatcherConfigError, type ConfigIssue } from './matcher-config.error';
import type { RawMatcherConfig, RawWeightsFile } from './matcher-config.raw';
import { MATCHER_CONFIG_SCHEMA } from './matcher-config.schema';
import { expandPreset, isPresetFile, PRESET_SCHEMA, type RawPresetFile } from './presets';
import type { MatcherConfig } from './matcher-config.types';
import { checkClustering, checkRules, checkSurvivorship, checkThresholds } from './policy.semantic';
import { reportSchemaErrors } from './schema-errors';
import { WEIGHTS_SCHEMA } from './weights.schema';

export interface ParseOptions {
  /** Text of `<entityType>.weights.yaml`, merged over the config's m/u and prior. */
  readonly weightsText?: string;
  readonly weightsFileName?: string;
  /** False to accept a config without m/u/prior, e.g. as the input of EM training. Default true. */
  readonly requireWeights?: boolean;
  readonly registry?: EngineRegistry;
}

const WEIGHTS_SUFFIX = '.weights.yaml';
const ENTITY_TYPE = /^[a-z][a-z0-9_]*$/;
interface Validators {
  config: ValidateFunction;
  weights: ValidateFunction;
  preset: ValidateFunction;
}
let validators: Validators | undefined;

function getValidators(): Validators {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validators = {
      config: ajv.compile(MATCHER_CONFIG_SCHEMA),
      weights: ajv.compile(WEIGHTS_SCHEMA),
      preset: ajv.compile(PRESET_SCHEMA),
    };
  }
  return validators;
}

/** A `preset:` file (presets.ts) checked against the preset schema and expanded into a full config. */
function expandPresetFile(value: unknown, issues: IssueList): unknown {
  if (!isPresetFile(value)) return value;
  const validate = getValidators().preset;
  if (!validate(value)) {
    reportSchemaErrors(validate.errors ?? [], issues);
    return undefined;
  }
  return expandPreset(value as RawPresetFile);
}

/**
 * Parses YAML and checks it against a schema; returns undefined (issues recorded) when invalid.
 * `expand` may rewrite the parsed value first (a preset into its config).
 */
function parseYaml<T>(
  text: string,
  validate: ValidateFunction,
  issues: IssueList,
  expand: (value: unknown, issues: IssueList) => unknown = (value) => value,
): T | undefined {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      issues.add(line ? `line ${line.line}` : '', message);
    }
    return undefined;
  }
  let value: unknown;
  try {
    // Aliases are bounded (a "billion laughs" document expands to gigabytes); too many is a problem
    // of the text, like a syntax error, never a crash.
    value = expand(document.toJS({ maxAliasCount: 100 }), issues);
  } catch (e) {
    issues.add('', e instanceof Error ? e.message : String(e));
    return undefined;
  }
  if (value === undefined) return undefined;
  if (!validate(value)) {
    reportSchemaErrors(validate.errors ?? [], issues);
    return undefined;
  }
  return value as T;
}

function entityTypeOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.ya?ml$/, '');
}

/** Validates one config; pushes its problems (and its weights file's) into `sink`. */
function collectMatcherConfig(
  yamlText: string,
  fileName: string,
  options: ParseOptions,
  sink: ConfigIssue[],
): MatcherConfig | undefined {
  const registry = options.registry ?? ENGINE_REGISTRY;
  const entityType = entityTypeOf(fileName);
  const issues = new IssueList(fileName, sink);
  const before = sink.length;
  if (!ENTITY_TYPE.test(entityType))
    issues.add('', `file name "${entityType}" is not a valid entity type (lower_snake_case)`);
  const raw = parseYaml<RawMatcherConfig>(yamlText, getValidators().config, issues, expandPresetFile);
  let weights: RawWeightsFile | undefined;
  if (options.weightsText !== undefined) {
    const weightsIssues = new IssueList(options.weightsFileName ?? `${entityType}${WEIGHTS_SUFFIX}`, sink);
    weights = parseYaml<RawWeightsFile>(options.weightsText, getValidators().weights, weightsIssues);
    if (weights && weights.entity_type !== entityType) {
      weightsIssues.add('entity_type', `is "${weights.entity_type}" but the config is for "${entityType}"`);
    }
    if (weights && raw) {
      const unknown = Object.keys(weights.comparisons).filter(
        (name) => !raw.comparisons.some((c) => c.name === name),
      );
      unknown.forEach((name) =>
        weightsIssues.add(`comparisons.${name}`, 'no such comparison in the config: retrain'),
      );
    }
  }
  if (!raw) return undefined;
  const requireWeights = options.requireWeights ?? true;
  const attributes = buildAttributes(raw.attributes, issues, registry);
  const blocking = buildBlocking(raw.blocking, attributes, issues, registry);
  const comparisons = buildComparisons(
    raw.comparisons,
    attributes,
    issues,
    registry,
    weights,
    requireWeights,
  );
  const rules = checkRules(raw.rules ?? [], attributes, issues, registry);
  const thresholds = checkThresholds(raw.thresholds, issues);
  const prior = weights?.prior ?? raw.prior;
  if (prior === undefined && requireWeights)
    issues.add('prior', 'prior is required (set it, or train weights)');
  const config: MatcherConfig = {
    entityType,
    ...(raw.description !== undefined && { description: raw.description }),
    attributes,
    blocking,
    comparisons,
    rules,
    thresholds,
    ...(prior !== undefined && { prior }),
    survivorship: checkSurvivorship(raw.survivorship, issues),
    clustering: checkClustering(raw.clustering, issues),
    linkage: raw.linkage ?? 'dedupe',
    trained: weights !== undefined,
  };
  return sink.length > before ? undefined : config;
}

/** Validates one config file's text. The entity type is the file name without `.yaml`. */
export function parseMatcherConfig(
  yamlText: string,
  fileName: string,
  options: ParseOptions = {},
): MatcherConfig {
  const issues: ConfigIssue[] = [];
  const config = collectMatcherConfig(yamlText, fileName, options, issues);
  if (!config) throw new MatcherConfigError(issues);
  return config;
}

/** Reads `<dir>/<entityType>.yaml` and its weights file, if any. */
export function loadMatcherConfig(
  dir: string,
  entityType: string,
  options: Omit<ParseOptions, 'weightsText' | 'weightsFileName'> = {},
): MatcherConfig {
  const issues: ConfigIssue[] = [];
  const config = loadOne(dir, `${entityType}.yaml`, options, issues);
  if (!config) throw new MatcherConfigError(issues);
  return config;
}

function loadOne(
  dir: string,
  file: string,
  options: Omit<ParseOptions, 'weightsText' | 'weightsFileName'>,
  sink: ConfigIssue[],
): MatcherConfig | undefined {
  const path = join(dir, file);
  const weightsPath = path.replace(/\.ya?ml$/, WEIGHTS_SUFFIX);
  const weights = existsSync(weightsPath)
    ? { weightsText: readFileSync(weightsPath, 'utf8'), weightsFileName: weightsPath }
    : {};
  return collectMatcherConfig(readFileSync(path, 'utf8'), path, { ...options, ...weights }, sink);
}

/** Loads every `*.yaml` config of a directory (weights files merged); throws listing every problem. */
export function loadMatcherConfigs(
  dir: string,
  options: Omit<ParseOptions, 'weightsText' | 'weightsFileName'> = {},
): { configs: Map<string, MatcherConfig> } {
  const issues: ConfigIssue[] = [];
  const configs = new Map<string, MatcherConfig>();
  const files = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file) && !file.endsWith(WEIGHTS_SUFFIX))
    .sort();
  for (const file of files) {
    const config = loadOne(dir, file, options, issues);
    if (config) configs.set(config.entityType, config);
  }
  if (issues.length > 0) throw new MatcherConfigError(issues);
  return { configs };
}
