import { Injectable } from '@nestjs/common';
import { KafkaClient } from '../kafka/kafka.client';
import { HealthRepository } from './health.repository';

export type ComponentStatus = 'up' | 'down' | 'disabled';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: { database: ComponentStatus; kafka: ComponentStatus };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    private readonly kafka: KafkaClient,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [database, kafka] = await Promise.all([
      this.repository.ping().then((ok): ComponentStatus => (ok ? 'up' : 'down')),
      this.kafka.enabled
        ? this.kafka.ping().then((ok): ComponentStatus => (ok ? 'up' : 'down'))
        : Promise.resolve<ComponentStatus>('disabled'),
    ]);
    const status = database === 'up' && kafka !== 'down' ? 'ok' : 'unavailable';
    return { status, checks: { database, kafka } };
  }
}
