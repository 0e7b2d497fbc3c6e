import { rmSync } from 'node:fs';
import path from 'node:path';
import { dropDatabase, templateName, testBuildDir } from '../support/postgres';
import { KafkaAvailability, stopKafkaIfStartedHere } from './kafka-broker';

/** Removes this run's template database and service build, and stops a broker this run started. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.JOINERY_TEST_PG_ADMIN_URL)
    await dropDatabase(templateName(process.pid)).catch(() => undefined);
  rmSync(testBuildDir(path.resolve(__dirname, '../..'), process.pid), { recursive: true, force: true });
  const kafka = (globalThis as { __joineryKafka?: KafkaAvailability }).__joineryKafka;
  if (kafka) await stopKafkaIfStartedHere(kafka);
}
