import { DynamicModule, Module } from '@nestjs/common';
import { MatcherConfigRepository } from './matcher-config.repository';
import { MatcherConfigService, MatcherFilePolicy } from './matcher-config.service';
import { MATCHER_FILE_POLICY, MatcherRegistry } from './matcher-registry';

/** The running matchers and their versioned configs, for every module (global). */
@Module({})
export class MatchingModule {
  static register(policy: MatcherFilePolicy): DynamicModule {
    return {
      module: MatchingModule,
      global: true,
      providers: [
        { provide: MATCHER_FILE_POLICY, useValue: policy },
        MatcherConfigRepository,
        MatcherConfigService,
        MatcherRegistry,
      ],
      exports: [MatcherRegistry, MatcherConfigService],
    };
  }
}
