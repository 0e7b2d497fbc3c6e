import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { DomainException } from '../../platform/common/errors/domain.exception';
import { MatcherConfigsDto, toMatcherVersionDto } from './matcher-config.dto';
import {
  MatcherConfigRepository,
  MatcherConfigText,
  MatcherConfigVersion,
} from './matcher-config.repository';
import { configHash, MatcherFile } from './matcher-files';

/** What a start-up does with the MATCHERS_DIR files (MatchingModule.register). */
export interface MatcherFilePolicy {
  /**
   * True in the server: a file edited since the last start becomes the active version. False in CLI
   * commands, which only seed types that have no version yet: a dry run of an edited file must not
   * roll it out behind the server's back.
   */
  importEdits: boolean;
}

/**
 * Matcher configs as versioned rows (matcher_configs): the one place a config lives. Versions are
 * added by start-ups (MATCHERS_DIR) and roll-outs; the registry runs each type's active version.
 */
@Injectable()
export class MatcherConfigService {
  private readonly logger = new Logger('MatcherConfigs');

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly configs: MatcherConfigRepository,
  ) {}

  /**
   * Seeds each type that has no active version from its file, and (`importEdits`) makes a file
   * whose content changed since the last start-up read it the active version: editing the YAML (or
   * training weights) and restarting rolls it in, while a file nobody touched never overrides a
   * version rolled out since (over HTTP or the CLI).
   */
  async importFiles(files: readonly MatcherFile[], policy: MatcherFilePolicy): Promise<void> {
    for (const file of files) {
      const created = await this.transactions.run(async (m) => {
        await this.configs.lock(m, file.entityType);
        const active = await this.configs.active(m, file.entityType);
        const seen = await this.configs.fileHash(m, file.entityType);
        const edited = policy.importEdits && seen !== file.hash;
        if (active !== null && !edited) return null;
        await this.configs.recordFileHash(m, file.entityType, file.hash);
        const now = await this.activate(m, file.entityType, file, `file:${file.fileName}`);
        return now.id === active?.id ? null : now;
      });
      if (created)
        this.logger.log(
          `${file.entityType}: version ${created.version} (${created.hash.slice(0, 12)}) from ${file.fileName} is active`,
        );
    }
  }

  /** Adds `config` as the type's active version in the caller's transaction (the active one if it is the same). */
  async activate(
    m: EntityManager,
    entityType: string,
    config: MatcherConfigText,
    author: string,
  ): Promise<MatcherConfigVersion> {
    await this.configs.lock(m, entityType);
    const hash = configHash(config.text, config.weightsText);
    const active = await this.configs.active(m, entityType);
    if (active?.hash === hash) return active;
    return this.configs.activate(m, entityType, { ...config, hash, author });
  }

  active(entityType: string): Promise<MatcherConfigVersion | null> {
    return this.transactions.run((m) => this.configs.active(m, entityType));
  }

  activeIds(): Promise<Map<string, string>> {
    return this.transactions.run((m) => this.configs.activeIds(m));
  }

  find(id: string): Promise<MatcherConfigVersion | null> {
    return this.transactions.run((m) => this.configs.find(m, id));
  }

  /** One version of the type by its number, with its texts; 404 when there is none. */
  async version(entityType: string, version: number): Promise<MatcherConfigVersion> {
    const found = await this.transactions.run((m) => this.configs.findVersion(m, entityType, version));
    if (!found)
      throw new DomainException(
        'COMMON.NOT_FOUND',
        `no version ${version} of the matcher config for entity type "${entityType}"`,
      );
    return found;
  }

  /** The active version (with its texts) and every version, newest first; 404 for a type without versions. */
  async history(entityType: string): Promise<MatcherConfigsDto> {
    const { active, versions } = await this.transactions.run(async (m) => ({
      active: await this.configs.active(m, entityType),
      versions: await this.configs.history(m, entityType),
    }));
    if (!active)
      throw new DomainException('COMMON.NOT_FOUND', `no matcher config for entity type "${entityType}"`);
    return {
      entityType,
      active: { ...toMatcherVersionDto(active), text: active.text, weights: active.weightsText },
      versions: versions.map(toMatcherVersionDto),
    };
  }
}
