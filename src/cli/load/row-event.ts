import { createHash } from 'node:crypto';
import { canonicalJson } from '../../engine/canonical-json';

export interface RowMapping {
  domain: string;
  entityType: string;
  idColumn: string;
  /** Column → attribute renames; other columns keep their names. */
  renames: Map<string, string>;
  /** One timestamp for the whole load: rows of one file are one snapshot. */
  occurredAt: string;
}

/**
 * A row as an upsert change event, still unvalidated (the shared validator judges it like any REST
 * item). The eventId is a hash of domain, type, id and content, so loading the same file twice
 * changes nothing (every event is a duplicate) while a changed row is a new event.
 */
export function rowToEvent(row: Record<string, unknown>, m: RowMapping): Record<string, unknown> {
  const id = row[m.idColumn];
  const attributes: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === m.idColumn) continue;
    attributes[m.renames.get(column) ?? column] = value;
  }
  const sourceId = typeof id === 'number' ? String(id) : id;
  const hash = createHash('sha256')
    .update(canonicalJson([m.domain, m.entityType, sourceId ?? null, attributes]))
    .digest('hex');
  return {
    eventId: `load:${hash.slice(0, 40)}`,
    domain: m.domain,
    entityType: m.entityType,
    sourceId,
    op: 'upsert',
    occurredAt: m.occurredAt,
    attributes,
  };
}
