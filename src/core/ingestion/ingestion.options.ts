/** How the ingestion module is wired: the server consumes Kafka; CLI commands reuse the service without. */
export interface IngestionModuleOptions {
  consumer: boolean;
}

export const INGESTION_OPTIONS = Symbol('INGESTION_OPTIONS');
