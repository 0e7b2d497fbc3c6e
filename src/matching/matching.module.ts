import { Global, Module } from '@nestjs/common';
import { MatcherRegistry } from './matcher-registry';

@Global()
@Module({ providers: [MatcherRegistry], exports: [MatcherRegistry] })
export class MatchingModule {}
