import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../config/app-config';
import { compileMatcher, loadMatcherConfigs, Matcher, parseMatcherConfig } from '../engine';

/**
 * The compiled matcher of every entity type: one `<entityType>.yaml` in MATCHERS_DIR each
 * (`<entityType>.weights.yaml` holds trained weights). Loaded and validated at start-up: an invalid
 * config stops the service with a MatcherConfigError that names each file, path and problem.
 *
 * Matchers are compiled without live corpus statistics on purpose: scores must not depend on which
 * records happened to arrive first, or resolution would not be order-independent.
 */
@Injectable()
export class MatcherRegistry implements OnModuleInit {
  private readonly logger = new Logger('MatcherRegistry');
  private matchers = new Map<string, Matcher>();

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    const dir = path.resolve(this.config.MATCHERS_DIR);
    const { configs } = loadMatcherConfigs(dir);
    this.matchers = new Map([...configs].map(([type, config]) => [type, compileMatcher(config)]));
    this.logger.log(`matchers loaded from ${dir}: ${this.entityTypes().join(', ') || '(none)'}`);
  }

  has(entityType: string): boolean {
    return this.matchers.has(entityType);
  }

  /** The matcher of a known entity type; callers validate the type first (has). */
  get(entityType: string): Matcher {
    const matcher = this.matchers.get(entityType);
    if (!matcher) throw new Error(`no matcher for entity type "${entityType}"`);
    return matcher;
  }

  entityTypes(): string[] {
    return [...this.matchers.keys()].sort();
  }

  /**
   * Compiles a config text for `entityType` as if it were `<entityType>.yaml` in MATCHERS_DIR (its
   * trained weights file, if any, still applies), without installing it. Throws MatcherConfigError.
   */
  compile(entityType: string, yamlText: string): Matcher {
    const weightsPath = path.join(path.resolve(this.config.MATCHERS_DIR), `${entityType}.weights.yaml`);
    const weights = existsSync(weightsPath)
      ? { weightsText: readFileSync(weightsPath, 'utf8'), weightsFileName: weightsPath }
      : {};
    return compileMatcher(parseMatcherConfig(yamlText, `${entityType}.yaml`, weights));
  }

  /**
   * Rolls a new config out to this instance: writes `<entityType>.yaml` (atomically, so a restart
   * loads it too) and swaps the compiled matcher in; changes resolved from now on use it.
   */
  install(entityType: string, yamlText: string): Matcher {
    const matcher = this.compile(entityType, yamlText);
    const file = path.join(path.resolve(this.config.MATCHERS_DIR), `${entityType}.yaml`);
    writeFileSync(`${file}.tmp`, yamlText);
    renameSync(`${file}.tmp`, file);
    this.matchers.set(entityType, matcher);
    this.logger.log(`matcher for ${entityType} replaced from ${file}`);
    return matcher;
  }

  /** The config text the running matcher of `entityType` was loaded from (MATCHERS_DIR). */
  configText(entityType: string): string {
    return readFileSync(path.join(path.resolve(this.config.MATCHERS_DIR), `${entityType}.yaml`), 'utf8');
  }
}
