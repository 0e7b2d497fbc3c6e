import type { GoldenEvent, MemberRef } from './golden-event';

/**
 * The compacted xref topic (docs/events.md#the-compacted-xref-topic): one message per source
 * record, keyed `entityType:domain:sourceId`, whose value is the record's current golden id, or a
 * tombstone once the record is deleted.
 *
 * Why the messages are derived when the outbox is written (in the change's transaction) and not by
 * the relay from the events it reads: a record that moves between two golden entities appears in
 * two events of one change (removed from one, added to the other), in whichever order the clusters
 * came, and a relay batch may end between them. Only the whole change tells a move (no message on
 * the removal) from a deletion (a tombstone). The entries are stored on the outbox row of the event
 * that caused them, so the relay publishes them with that event, in outbox order: the topic is
 * never ahead of the store, nor behind it by more than the relay's lag.
 */

/** Per outbox row: records linked to its golden id by this event, and records deleted by it. */
export interface XrefEntries {
  link?: Array<[domain: string, sourceId: string]>;
  unlink?: Array<[domain: string, sourceId: string]>;
}

/** The value of an xref message (null: a tombstone). */
export interface XrefValue {
  entityType: string;
  domain: string;
  sourceId: string;
  goldenId: string;
  /** The golden entity's version after the event that linked the record. */
  version: number;
  /** When the record joined goldenId (the membership's valid_from, microseconds). */
  linkedAt: string;
  /** The outbox row id: grows with every change of one key, so a re-sent older message can be told apart. */
  seq: number;
}

const refKey = (r: MemberRef): string => `${r.domain}\u0000${r.sourceId}`;
const pair = (r: MemberRef): [string, string] => [r.domain, r.sourceId];

/** The records an event links to its golden id: all members of a new entity, the added ones otherwise. */
function linked(e: GoldenEvent): MemberRef[] {
  if (e.type === 'golden.created') return e.members;
  if (e.type === 'golden.member-added') return e.added ?? [];
  return [];
}

/**
 * The xref entries of each event of one change (all the events one transaction appends), in the
 * events' order. A record removed from one entity and linked to another within the change moved:
 * it gets only the link. A removed record linked nowhere was deleted: a tombstone.
 */
export function xrefEntriesOf(events: GoldenEvent[]): Array<XrefEntries | null> {
  const linkedInChange = new Set(events.flatMap((e) => linked(e).map(refKey)));
  return events.map((e) => {
    const link = linked(e).map(pair);
    const unlink =
      e.type === 'golden.member-removed' || e.type === 'golden.deleted'
        ? (e.removed ?? []).filter((r) => !linkedInChange.has(refKey(r))).map(pair)
        : [];
    if (link.length === 0 && unlink.length === 0) return null;
    return { ...(link.length > 0 && { link }), ...(unlink.length > 0 && { unlink }) };
  });
}

/** The message key: `entityType:domain:sourceId` (domains have no `:`; source ids may). */
export function xrefKey(entityType: string, domain: string, sourceId: string): string {
  return `${entityType}:${domain}:${sourceId}`;
}

export interface XrefMessage {
  key: string;
  value: XrefValue | null;
}

/** The messages of one published outbox row, in entry order. */
export function xrefMessages(
  row: { id: string; goldenId: string; version: number; entityType: string; createdAt: string },
  entries: XrefEntries | null,
): XrefMessage[] {
  if (!entries) return [];
  const messages: XrefMessage[] = [];
  for (const [domain, sourceId] of entries.link ?? []) {
    messages.push({
      key: xrefKey(row.entityType, domain, sourceId),
      value: {
        entityType: row.entityType,
        domain,
        sourceId,
        goldenId: row.goldenId,
        version: row.version,
        linkedAt: row.createdAt,
        seq: Number(row.id),
      },
    });
  }
  for (const [domain, sourceId] of entries.unlink ?? [])
    messages.push({ key: xrefKey(row.entityType, domain, sourceId), value: null });
  return messages;
}
