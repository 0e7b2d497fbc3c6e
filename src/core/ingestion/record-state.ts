import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/canonical-json';
import { Attributes, ChangeEvent, EventReference } from './change-event.dto';

/**
 * What one event does to one source record: the ordering and no-op rules of docs/events.md,
 * "Ordering", as a pure function of the stored state and the event. The service applies the events
 * of a batch one after the other through `applyEvent`, so two events for the same record in one
 * batch see each other exactly as they would in two batches.
 */
export interface RecordState {
  recordId: string;
  /** False while the row is only this transaction's placeholder: the record was never seen. */
  exists: boolean;
  deleted: boolean;
  version: bigint | null;
  occurredAtUs: bigint;
  occurredAt: string;
  attributes: Attributes;
  references: EventReference[];
  lastEventId: string;
}

export type Outcome = 'applied' | 'stale' | 'unchanged';

/**
 * Older means: by version when both the event and the stored state have one (equal versions fall
 * back to occurredAt), else by occurredAt. A tombstone keeps its order key, so an upsert older than
 * a delete is stale. Equal keys are not older: the later arrival wins.
 */
export function isOlder(event: ChangeEvent, state: RecordState): boolean {
  if (event.version !== null && state.version !== null) {
    const v = BigInt(event.version);
    if (v !== state.version) return v < state.version;
  }
  return event.occurredAtUs < state.occurredAtUs;
}

/** Returns the outcome and the state after the event (unchanged state for `stale`). */
export function applyEvent(state: RecordState, event: ChangeEvent): { outcome: Outcome; next: RecordState } {
  if (state.exists && isOlder(event, state)) return { outcome: 'stale', next: state };
  const advanced = {
    ...state,
    exists: true,
    version: event.version === null ? null : BigInt(event.version),
    occurredAtUs: event.occurredAtUs,
    occurredAt: event.occurredAt,
    lastEventId: event.eventId,
  };
  if (event.op === 'delete') {
    // Deleting what is already gone (or was never seen) changes nothing visible, but the tombstone
    // still takes the newer order key so a late upsert older than this delete is recognised as stale.
    const outcome: Outcome = !state.exists || state.deleted ? 'unchanged' : 'applied';
    return { outcome, next: { ...advanced, deleted: true, attributes: {}, references: [] } };
  }
  const attributes = event.attributes ?? {};
  const same =
    state.exists &&
    !state.deleted &&
    canonicalJson(state.attributes) === canonicalJson(attributes) &&
    canonicalJson(state.references) === canonicalJson(event.references);
  return {
    outcome: same ? 'unchanged' : 'applied',
    next: { ...advanced, deleted: false, attributes, references: event.references },
  };
}

/**
 * An event's content, as a SHA-256 of the canonical JSON of what it does to its record (key, op,
 * version, attributes, references), kept in the idempotency ledger: the same eventId again with
 * another fingerprint is a conflict, not a duplicate. `occurredAt` is left out: a re-send stamped
 * with a new time (the bulk loader's second run) is still the same event.
 */
export function eventFingerprint(e: ChangeEvent): string {
  const { domain, entityType, sourceId, op, version, attributes, references } = e;
  return createHash('sha256')
    .update(canonicalJson({ domain, entityType, sourceId, op, version, attributes, references }))
    .digest('base64url');
}
