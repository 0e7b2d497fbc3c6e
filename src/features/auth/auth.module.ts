import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '../../platform/audit/audit.module';
import { BodyInterceptor } from '../../platform/common/http/body.interceptor';
import { AppConfig } from '../../platform/config/app-config';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyRepository } from './api-key.repository';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PiiReadPolicy } from './pii-read.policy';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * API keys and roles for every HTTP route, then a per-key rate limit (guards run in this order), and
 * the PII policy the read routes apply per role.
 */
@Global()
@Module({
  imports: [
    AuditModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
    }),
  ],
  controllers: [ApiKeyController],
  providers: [
    AuthService,
    PiiReadPolicy,
    ApiKeyRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    // After the guards: no body is read before its caller is known.
    { provide: APP_INTERCEPTOR, useClass: BodyInterceptor },
  ],
  exports: [PiiReadPolicy],
})
export class AuthModule {}
