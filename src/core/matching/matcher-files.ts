import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigIssue, MatcherConfig, MatcherConfigError, parseMatcherConfig } from '../../engine';
import type { MatcherConfigText } from './matcher-config.repository';

const WEIGHTS_SUFFIX = '.weights.yaml';

/**
 * The hash that names a config version: sha256 of its YAML text, and of its trained weights after a
 * NUL when it has some (a config without weights keeps the plain sha256 of its file).
 */
export function configHash(text: string, weightsText: string | null = null): string {
  const hash = createHash('sha256').update(text);
  if (weightsText !== null) hash.update('\0').update(weightsText);
  return hash.digest('hex');
}

/**
 * Validates a config with its weights; `file` (`<entityType>.yaml`) names the entity type and the
 * problems (MatcherConfigError lists them all).
 */
export function parseConfigText(config: MatcherConfigText, file: string): MatcherConfig {
  const weights =
    config.weightsText === null
      ? {}
      : { weightsText: config.weightsText, weightsFileName: file.replace(/\.ya?ml$/, WEIGHTS_SUFFIX) };
  return parseMatcherConfig(config.text, file, weights);
}

/** `<dir>/<entityType>.weights.yaml` as `train` wrote it, or null. */
export function readWeightsFile(dir: string, entityType: string): string | null {
  const file = path.join(dir, `${entityType}${WEIGHTS_SUFFIX}`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** A MATCHERS_DIR config file with its weights file, validated. */
export interface MatcherFile extends MatcherConfigText {
  entityType: string;
  fileName: string;
  hash: string;
}

/**
 * Reads and validates every `<entityType>.yaml` of MATCHERS_DIR (with its weights file): the
 * configs a start-up seeds or imports. Throws one MatcherConfigError listing every file's problems.
 */
export function readMatcherFiles(dir: string): MatcherFile[] {
  const issues: ConfigIssue[] = [];
  const files: MatcherFile[] = [];
  const names = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && !name.endsWith(WEIGHTS_SUFFIX))
    .sort();
  for (const fileName of names) {
    const entityType = fileName.replace(/\.ya?ml$/, '');
    const file = path.join(dir, fileName);
    const config = { text: readFileSync(file, 'utf8'), weightsText: readWeightsFile(dir, entityType) };
    try {
      parseConfigText(config, file);
      files.push({ entityType, fileName, ...config, hash: configHash(config.text, config.weightsText) });
    } catch (e) {
      if (!(e instanceof MatcherConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) throw new MatcherConfigError(issues);
  return files;
}
