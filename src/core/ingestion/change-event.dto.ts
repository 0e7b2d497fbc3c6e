import { ErrorCode, FieldProblem } from '../../platform/common/errors/error-codes';

/**
 * The entity change event: the one message shape that both edges (Kafka and `POST /v1/events`)
 * accept. docs/events.md and openapi.yaml (`ChangeEvent`) describe it for producers; the rules are
 * enforced in change-event.validator.ts.
 */

/** A scalar attribute value; arrays of scalars are allowed one level deep. */
export type AttributeScalar = string | number | boolean | null;
export type AttributeValue = AttributeScalar | AttributeScalar[];
export type Attributes = Record<string, AttributeValue>;

/** A pointer from one source record to another (e.g. an account's owner), kept as given. */
export interface EventReference {
  entityType: string;
  domain: string;
  sourceId: string;
  role?: string;
}

export type ChangeOp = 'upsert' | 'delete';

/** A validated change event, as the service sees it. */
export interface ChangeEvent {
  eventId: string;
  domain: string;
  entityType: string;
  sourceId: string;
  op: ChangeOp;
  /** Increases per (domain, entityType, sourceId); null when the producer sends none. */
  version: number | null;
  /** Canonical UTC form with microseconds, e.g. `2026-11-25T10:00:00.000000Z`. */
  occurredAt: string;
  /** `occurredAt` as microseconds since the epoch: the order key when versions are missing. */
  occurredAtUs: bigint;
  /** Present for an upsert, null for a delete. */
  attributes: Attributes | null;
  references: EventReference[];
}

export type EventStatus = 'applied' | 'duplicate' | 'stale' | 'unchanged' | 'rejected';

/** The outcome of one event, in request order. */
export interface EventResult {
  /** Null only when a rejected event had no usable eventId. */
  eventId: string | null;
  status: EventStatus;
  /** Present when resolution assigned (or kept) a golden id for an applied change. */
  goldenId?: string | null;
  /** For `rejected`: the error code (INGESTION.INVALID_EVENT, ...) and one problem per field. */
  code?: ErrorCode;
  problems?: FieldProblem[];
}

/** `POST /v1/events` response body. */
export interface IngestEventsResponseDto {
  results: EventResult[];
  summary: Record<EventStatus, number>;
}

export function summarize(results: EventResult[]): Record<EventStatus, number> {
  const summary: Record<EventStatus, number> = {
    applied: 0,
    duplicate: 0,
    stale: 0,
    unchanged: 0,
    rejected: 0,
  };
  for (const r of results) summary[r.status]++;
  return summary;
}

/** The Kafka message key (and partitioning key) of a change event: one record stays on one partition. */
export function recordKey(e: { domain: string; entityType: string; sourceId: string }): string {
  return `${e.domain}:${e.entityType}:${e.sourceId}`;
}
