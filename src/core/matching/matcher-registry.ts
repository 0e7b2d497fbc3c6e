import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import path from 'node:path';
import { AppConfig } from '../../platform/config/app-config';
import { compileMatcher, Matcher, MatcherConfig, type CorpusStats } from '../../engine';
import type { MatcherConfigText, MatcherConfigVersion } from './matcher-config.repository';
import { MatcherConfigService, MatcherFilePolicy } from './matcher-config.service';
import { parseConfigText, readMatcherFiles } from './matcher-files';

/** The corpus statistics a matcher is compiled with: one snapshot version of its entity type. */
export interface ActiveStats {
  readonly version: number;
  readonly stats: CorpusStats;
}

/** Injection token of the MatcherFilePolicy (MatchingModule.register). */
export const MATCHER_FILE_POLICY = Symbol('MATCHER_FILE_POLICY');

interface Running {
  readonly version: MatcherConfigVersion;
  readonly matcher: Matcher;
}

/**
 * The compiled matcher of every entity type: the types are the `<entityType>.yaml` files of
 * MATCHERS_DIR, each compiled from its active version in matcher_configs (MatcherConfigService
 * seeds and imports the files first). Loaded and validated at start-up: an invalid file stops the
 * service with a MatcherConfigError that names each file, path and problem.
 *
 * Matchers are compiled with the type's active corpus-statistics snapshot (`useStats`, installed
 * by src/features/reevaluation/corpus-stats), never with live counts: a score depends on the records, the config and the
 * snapshot version, not on which records happened to arrive first. Before a type's first snapshot
 * its matcher has no statistics (every token weighs 1, no TF adjustment).
 */
@Injectable()
export class MatcherRegistry implements OnModuleInit {
  private readonly logger = new Logger('MatcherRegistry');
  private loading: Promise<void> | null = null;
  private loaded: Map<string, Running> | null = null;
  private readonly stats = new Map<string, ActiveStats>();

  constructor(
    private readonly config: AppConfig,
    private readonly configs: MatcherConfigService,
    @Inject(MATCHER_FILE_POLICY) private readonly policy: MatcherFilePolicy,
  ) {}

  onModuleInit(): Promise<void> {
    return this.ready();
  }

  /** Loads once; a provider's start-up hook awaits it, whatever the hook order. */
  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    const dir = path.resolve(this.config.MATCHERS_DIR);
    const files = readMatcherFiles(dir);
    await this.configs.importFiles(files, this.policy);
    const loaded = new Map<string, Running>();
    for (const { entityType } of files) {
      const version = await this.configs.active(entityType);
      if (!version) throw new Error(`no active matcher config version for ${entityType} after seeding`);
      loaded.set(entityType, { version, matcher: this.compileWith(entityType, this.parse(version)) });
    }
    this.loaded = loaded;
    this.logger.log(
      `matchers loaded (types from ${dir}): ${[...loaded].map(([t, r]) => `${t} v${r.version.version}`).join(', ') || '(none)'}`,
    );
  }

  private matchers(): Map<string, Running> {
    if (!this.loaded) throw new Error('the matchers are not loaded yet (await MatcherRegistry.ready())');
    return this.loaded;
  }

  has(entityType: string): boolean {
    return this.matchers().has(entityType);
  }

  /** The matcher of a known entity type; callers validate the type first (has). */
  get(entityType: string): Matcher {
    return this.running(entityType).matcher;
  }

  /** The config version the matcher of a known entity type runs. */
  version(entityType: string): MatcherConfigVersion {
    return this.running(entityType).version;
  }

  entityTypes(): string[] {
    return [...this.matchers().keys()].sort();
  }

  /** Compiles a config for `entityType` without installing it. Throws MatcherConfigError. */
  compile(entityType: string, config: MatcherConfigText): Matcher {
    return this.compileWith(entityType, parseConfigText(config, `${entityType}.yaml`));
  }

  /** The running config of `entityType` compiled with other statistics (a refresh's dry run). */
  compileWithStats(entityType: string, stats: CorpusStats): Matcher {
    return compileMatcher(this.get(entityType).config, { stats });
  }

  /** Recompiles the running config of `entityType` with a snapshot (null: without statistics). */
  useStats(entityType: string, active: ActiveStats | null): void {
    if (active) this.stats.set(entityType, active);
    else this.stats.delete(entityType);
    const { version, matcher } = this.running(entityType);
    this.matchers().set(entityType, { version, matcher: this.compileWith(entityType, matcher.config) });
    this.logger.log(
      `matcher for ${entityType} uses ${active ? `corpus statistics v${active.version}` : 'no corpus statistics'}`,
    );
  }

  /** The snapshot version the matcher of `entityType` is compiled with; null before the first. */
  statsVersion(entityType: string): number | null {
    return this.stats.get(entityType)?.version ?? null;
  }

  /** Swaps a version in as the running matcher of its type; changes resolved from now on use it. */
  install(version: MatcherConfigVersion): Matcher {
    const matcher = this.compile(version.entityType, version);
    this.matchers().set(version.entityType, { version, matcher });
    this.logger.log(`matcher for ${version.entityType} runs version ${version.version} (${version.author})`);
    return matcher;
  }

  /**
   * Converges on the active version of each type (activated by another instance, the CLI or a
   * roll-out here): compares version ids, and reads a text only when one changed.
   */
  async sync(): Promise<void> {
    // What each type ran before the read. A version installed while the read was in flight (a
    // roll-out started here) was activated after what the read saw, or is it: the read must not put
    // the older one back (the next sync converges on whatever is active then).
    const before = new Map([...this.matchers()].map(([entityType, { version }]) => [entityType, version.id]));
    const active = await this.configs.activeIds();
    for (const [entityType, ran] of before) {
      const id = active.get(entityType);
      if (id === undefined || id === ran) continue;
      const next = await this.configs.find(id);
      if (next && this.running(entityType).version.id === ran) this.install(next);
    }
  }

  /** The matcher of one version: the running one, or compiled from its row (a job resumed after a newer version). */
  async matcherOf(versionId: string): Promise<Matcher> {
    for (const { version, matcher } of this.matchers().values()) if (version.id === versionId) return matcher;
    const version = await this.configs.find(versionId);
    if (!version) throw new Error(`no matcher config version ${versionId}`);
    return this.compile(version.entityType, version);
  }

  private running(entityType: string): Running {
    const running = this.matchers().get(entityType);
    if (!running) throw new Error(`no matcher for entity type "${entityType}"`);
    return running;
  }

  private parse(version: MatcherConfigVersion): MatcherConfig {
    return parseConfigText(version, `${version.entityType}.yaml`);
  }

  private compileWith(entityType: string, config: MatcherConfig): Matcher {
    return compileMatcher(config, { stats: this.stats.get(entityType)?.stats });
  }
}
