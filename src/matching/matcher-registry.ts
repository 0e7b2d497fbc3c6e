import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../config/app-config';

/**
 * The entity types Joinery knows: one matcher config per type in MATCHERS_DIR
 * (`<entityType>.yaml`; `<entityType>.weights.yaml` holds trained weights and is not a type).
 */
@Injectable()
export class MatcherRegistry implements OnModuleInit {
  private readonly logger = new Logger('MatcherRegistry');
  private types = new Set<string>();

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    const dir = path.resolve(this.config.MATCHERS_DIR);
    this.types = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') && !f.endsWith('.weights.yaml'))
        .map((f) => f.slice(0, -'.yaml'.length)),
    );
    this.logger.log(`matchers loaded from ${dir}: ${[...this.types].sort().join(', ') || '(none)'}`);
  }

  has(entityType: string): boolean {
    return this.types.has(entityType);
  }

  entityTypes(): string[] {
    return [...this.types].sort();
  }
}
