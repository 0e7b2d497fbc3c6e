import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../config/app-config';
import {
  compileMatcher,
  loadMatcherConfigs,
  Matcher,
  MatcherConfig,
  parseMatcherConfig,
  type CorpusStats,
} from '../engine';

/** The corpus statistics a matcher is compiled with: one snapshot version of its entity type. */
export interface ActiveStats {
  readonly version: number;
  readonly stats: CorpusStats;
}

/**
 * The compiled matcher of every entity type: one `<entityType>.yaml` in MATCHERS_DIR each
 * (`<entityType>.weights.yaml` holds trained weights). Loaded and validated at start-up: an invalid
 * config stops the service with a MatcherConfigError that names each file, path and problem.
 *
 * Matchers are compiled with the type's active corpus-statistics snapshot (`useStats`, installed
 * by src/corpus-stats), never with live counts: a score depends on the records, the config and the
 * snapshot version, not on which records happened to arrive first. Before a type's first snapshot
 * its matcher has no statistics (every token weighs 1, no TF adjustment).
 */
@Injectable()
export class MatcherRegistry implements OnModuleInit {
  private readonly logger = new Logger('MatcherRegistry');
  private loaded: Map<string, Matcher> | null = null;
  private readonly stats = new Map<string, ActiveStats>();

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.matchers();
  }

  /** Loaded on first use, so a provider's start-up hook may use the registry whatever the hook order. */
  private matchers(): Map<string, Matcher> {
    if (this.loaded) return this.loaded;
    const dir = path.resolve(this.config.MATCHERS_DIR);
    const { configs } = loadMatcherConfigs(dir);
    this.loaded = new Map([...configs].map(([type, config]) => [type, compileMatcher(config)]));
    this.logger.log(`matchers loaded from ${dir}: ${[...this.loaded.keys()].sort().join(', ') || '(none)'}`);
    return this.loaded;
  }

  has(entityType: string): boolean {
    return this.matchers().has(entityType);
  }

  /** The matcher of a known entity type; callers validate the type first (has). */
  get(entityType: string): Matcher {
    const matcher = this.matchers().get(entityType);
    if (!matcher) throw new Error(`no matcher for entity type "${entityType}"`);
    return matcher;
  }

  entityTypes(): string[] {
    return [...this.matchers().keys()].sort();
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
    return this.compileWith(entityType, parseMatcherConfig(yamlText, `${entityType}.yaml`, weights));
  }

  /** The running config of `entityType` compiled with other statistics (a refresh's dry run). */
  compileWithStats(entityType: string, stats: CorpusStats): Matcher {
    return compileMatcher(this.get(entityType).config, { stats });
  }

  /** Recompiles the running config of `entityType` with a snapshot (null: without statistics). */
  useStats(entityType: string, active: ActiveStats | null): void {
    if (active) this.stats.set(entityType, active);
    else this.stats.delete(entityType);
    this.matchers().set(entityType, this.compileWith(entityType, this.get(entityType).config));
    this.logger.log(
      `matcher for ${entityType} uses ${active ? `corpus statistics v${active.version}` : 'no corpus statistics'}`,
    );
  }

  /** The snapshot version the matcher of `entityType` is compiled with; null before the first. */
  statsVersion(entityType: string): number | null {
    return this.stats.get(entityType)?.version ?? null;
  }

  private compileWith(entityType: string, config: MatcherConfig): Matcher {
    return compileMatcher(config, { stats: this.stats.get(entityType)?.stats });
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
    this.matchers().set(entityType, matcher);
    this.logger.log(`matcher for ${entityType} replaced from ${file}`);
    return matcher;
  }

  /** The config text the running matcher of `entityType` was loaded from (MATCHERS_DIR). */
  configText(entityType: string): string {
    return readFileSync(path.join(path.resolve(this.config.MATCHERS_DIR), `${entityType}.yaml`), 'utf8');
  }
}
