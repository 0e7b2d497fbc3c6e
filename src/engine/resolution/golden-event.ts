/**
 * The golden change event contract (docs/events.md), published to KAFKA_TOPIC_GOLDEN_CHANGES keyed by
 * golden id. `version` increases by one per event of a golden id, so a subscriber deduplicates by
 * (goldenId, version) and detects a gap. Every event carries the members after the change, so a
 * subscriber never has to call back to learn what changed.
 */
export const GOLDEN_EVENT_TYPES = [
  'golden.created',
  'golden.member-added',
  'golden.member-removed',
  'golden.merged',
  'golden.split',
  'golden.attributes-changed',
  'golden.deleted',
] as const;

export type GoldenEventType = (typeof GOLDEN_EVENT_TYPES)[number];

/** Why the entity changed: automatic matching, a steward's action, or a source record's deletion. */
export type GoldenCause = 'match' | 'steward' | 'delete';

export interface MemberRef {
  domain: string;
  sourceId: string;
}

export interface GoldenEvent {
  eventId: string;
  type: GoldenEventType;
  goldenId: string;
  entityType: string;
  version: number;
  occurredAt: string;
  cause: GoldenCause;
  /** Members after the change (empty for a retired or deleted entity). */
  members: MemberRef[];
  /** golden.created: the entity it split from, if any. */
  splitFrom?: string;
  /** golden.member-added / member-removed: the members that joined or left. */
  added?: MemberRef[];
  removed?: MemberRef[];
  /** golden.merged: the surviving id and the ids retired into it. */
  survivorId?: string;
  retiredIds?: string[];
  /** golden.split: the ids created from this entity. */
  newIds?: string[];
  /** golden.attributes-changed (and created): survived attributes before and after. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}
