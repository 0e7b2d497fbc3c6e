import { KafkaAvailability, stopKafkaIfStartedHere } from './kafka-broker';

export default async function globalTeardown(): Promise<void> {
  const kafka = (globalThis as { __joineryKafka?: KafkaAvailability }).__joineryKafka;
  if (kafka) await stopKafkaIfStartedHere(kafka);
}
