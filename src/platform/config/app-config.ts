import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidationError,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/**
 * Every environment variable Joinery reads, validated once at start-up. A bad or missing value
 * stops the process with one message that lists every problem (see ConfigError), instead of
 * failing later in the middle of a Kafka batch. Each variable is documented in the README.
 */
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** 0 turns automatic refresh off; a factor of 1 or less would refresh on every check. */
@ValidatorConstraint({ name: 'refreshFactor' })
class RefreshFactorRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && (value === 0 || value > 1);
  }

  defaultMessage(): string {
    return 'CORPUS_STATS_GROWTH_FACTOR must be 0 (off) or above 1';
  }
}

export class AppConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  @Transform(toInt)
  PORT = 3000;

  /** Unset: an embedded PostgreSQL under EMBEDDED_PG_DIR is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DIR = './.joinery/pg';

  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(toInt)
  EMBEDDED_PG_PORT = 54329;

  @IsInt()
  @Min(1)
  @Max(200)
  @Transform(toInt)
  DATABASE_POOL_SIZE = 10;

  /** Comma-separated host:port list. Unset: no Kafka, REST ingestion only. */
  @IsOptional()
  @Matches(/^[^,\s:]+:\d{1,5}(,[^,\s:]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS?: string;

  @IsString()
  @MinLength(1)
  KAFKA_CLIENT_ID = 'joinery';

  @IsString()
  @MinLength(1)
  KAFKA_GROUP_ID = 'joinery-ingestion';

  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,249}$/, { message: 'KAFKA_TOPIC_ENTITY_CHANGES must be a valid topic name' })
  KAFKA_TOPIC_ENTITY_CHANGES = 'joinery.entity-changes.v1';

  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,249}$/, { message: 'KAFKA_TOPIC_DLQ must be a valid topic name' })
  KAFKA_TOPIC_DLQ = 'joinery.entity-changes.dlq.v1';

  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,249}$/, { message: 'KAFKA_TOPIC_GOLDEN_CHANGES must be a valid topic name' })
  KAFKA_TOPIC_GOLDEN_CHANGES = 'joinery.golden-changes.v1';

  /** The compacted crosswalk topic (docs/events.md): one message per source record, published with the golden events. */
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,249}$/, { message: 'KAFKA_TOPIC_XREF must be a valid topic name' })
  KAFKA_TOPIC_XREF = 'joinery.xref.v1';

  /**
   * Whether the change-event consumer ingests the chunks of several partitions that wait at the same
   * time in one transaction (group commit; docs/operations.md, "Latency under load"). Off: one
   * transaction per partition chunk, two partitions at a time, as before.
   */
  @IsBoolean()
  @Transform(toBool)
  KAFKA_GROUP_COMMIT = true;

  /**
   * The consumer's backfill mode (docs/operations.md, "Backfill from Kafka"): when the group's lag on the
   * change topic is at least this many messages as the consumer starts, it reads them outside the group
   * and backfills the entity types whose store is empty in bulk before consuming incrementally. 0: off.
   */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  KAFKA_BACKFILL_LAG = 0;

  /** The most messages one Kafka backfill reads (and holds in memory); the rest of the lag is consumed incrementally. */
  @IsInt()
  @Min(1000)
  @Max(10_000_000)
  @Transform(toInt)
  KAFKA_BACKFILL_MAX_EVENTS = 100_000;

  /** Outbox rows the golden-event relay publishes per Kafka request. */
  @IsInt()
  @Min(1)
  @Max(10000)
  @Transform(toInt)
  GOLDEN_RELAY_BATCH_SIZE = 500;

  @IsString()
  @MinLength(1)
  MATCHERS_DIR = './matchers';

  /** Folder of the built steward console, served at /console. Unset: the package's dist/console. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  CONSOLE_DIR?: string;

  /** Largest accepted change event, in bytes of JSON (Kafka message value or REST item). */
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  @Transform(toInt)
  MAX_EVENT_BYTES = 256 * 1024;

  /**
   * Largest `POST /v1/events` body, in bytes after decompression (every other route takes 64 KB, the
   * matcher and evaluation routes a few MB). Read only after the key is checked.
   */
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  @Transform(toInt)
  MAX_EVENTS_BODY_BYTES = 16 * 1024 * 1024;

  /** The first admin key (never stored). Unset: only keys created through the API exist. */
  @IsOptional()
  @IsString()
  @MinLength(20, { message: 'ADMIN_API_KEY must be at least 20 characters' })
  ADMIN_API_KEY?: string;

  /** Whether /health/* and /metrics answer without a key. */
  @IsBoolean()
  @Transform(toBool)
  AUTH_OPEN_HEALTH = true;

  @IsBoolean()
  @Transform(toBool)
  AUTH_OPEN_METRICS = true;

  /** Requests per minute per API key (and per address on open routes). */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  RATE_LIMIT_PER_MINUTE = 6000;

  /**
   * Failed authentications per minute per client address; past it the address gets 429 without its
   * keys being looked up, so guessing keys costs neither database queries nor CPU.
   */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  AUTH_FAILURES_PER_MINUTE = 60;

  /** How far into the future an event's `occurredAt` may lie (clock skew), in seconds; later is refused. */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  MAX_FUTURE_SKEW_SECONDS = 86_400;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** `false` (or `0`): no metrics endpoint (the series are still kept in memory). */
  @IsIn(['true', 'false', '1', '0'], { message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED: 'true' | 'false' | '1' | '0' = 'true';

  /** Path of the Prometheus endpoint; open without auth, like /health. */
  @Matches(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, {
    message: 'METRICS_PATH must be an absolute path such as /metrics (letters, digits, . _ ~ - and /)',
  })
  METRICS_PATH = '/metrics';

  /**
   * Automatic corpus-statistics refresh: a type's statistics are recounted and rolled out once its
   * stored records reach this many times the count of its latest snapshot (0: never automatically).
   * A factor f keeps the re-evaluation work O(N) amortised: f/(f-1) re-evaluations per record.
   */
  @IsNumber({}, { message: 'CORPUS_STATS_GROWTH_FACTOR must be a number: 0 (off) or above 1' })
  @Validate(RefreshFactorRule)
  @Transform(toNumber)
  CORPUS_STATS_GROWTH_FACTOR = 2;

  /** No automatic snapshot before a type has this many stored records. */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  CORPUS_STATS_MIN_RECORDS = 1000;

  /** How often each instance checks whether a type's statistics are due for a refresh. */
  @IsInt()
  @Min(1)
  @Max(86400)
  @Transform(toInt)
  CORPUS_STATS_CHECK_SECONDS = 60;

  get metricsEnabled(): boolean {
    return this.METRICS_ENABLED === 'true' || this.METRICS_ENABLED === '1';
  }

  get kafkaBrokers(): string[] | null {
    return this.KAFKA_BROKERS ? this.KAFKA_BROKERS.split(',').map((b) => b.trim()) : null;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg} (got ${JSON.stringify(e.value)})`),
  );
}

/** Reads only the variables AppConfig declares; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'KAFKA_BROKERS', 'ADMIN_API_KEY', 'CONSOLE_DIR']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = flatten(validateSync(config, { whitelist: false, forbidUnknownValues: true }));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
