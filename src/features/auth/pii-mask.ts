import type { AttributeConfig } from '../../engine/config/matcher-config.types';

/**
 * How personal data is hidden in a response, whatever its shape: the values of the fields a
 * matcher config marks `pii: true` (and the source fields they are derived from), and the
 * normalized values inside blocking keys. A response's view (PiiView) walks its own shape and hands
 * each attribute record and blocking key to one PiiMask, which remembers whether it hid anything:
 * that is exactly when a clear read of the same response is a read of personal data.
 */
export class PiiMask {
  private hidAny = false;

  /** `fieldsOf(entityType)`: the stored field names that hold PII for the type (null: every type's). */
  constructor(private readonly fieldsOf: (entityType: string | null) => ReadonlySet<string>) {}

  /** Whether any value was masked: a reader would have seen less than this response holds. */
  get hid(): boolean {
    return this.hidAny;
  }

  /** A flat record of attribute values (source attributes, search hits, history before/after). */
  values(entityType: string | null, record: Record<string, unknown>): Record<string, unknown> {
    return this.record(entityType, record, (value) => this.value(value));
  }

  /** Survived attributes: each entry keeps its provenance, its value is masked. */
  survived<E extends { value: unknown }>(
    entityType: string | null,
    record: Record<string, E>,
  ): Record<string, E> {
    return this.record(entityType, record, (entry) => ({ ...entry, value: this.value(entry.value) }));
  }

  /** A blocking key carries normalized values: the rule's name stays, the value goes. */
  blockingKey(key: string | null): string | null {
    const masked = maskBlockingKey(key);
    if (masked !== key) this.hidAny = true;
    return masked;
  }

  private value(value: unknown): unknown {
    const masked = maskValue(value);
    if (masked !== value) this.hidAny = true;
    return masked;
  }

  private record<E>(
    entityType: string | null,
    record: Record<string, E>,
    mask: (entry: E) => E,
  ): Record<string, E> {
    const pii = this.fieldsOf(entityType);
    // Object.fromEntries defines own properties, so a field named `__proto__` stays data.
    return Object.fromEntries(
      Object.entries(record).map(([field, entry]) => [field, pii.has(field) ? mask(entry) : entry]),
    );
  }
}

/**
 * Any present value → `***`; null stays null (a reader may know a field is empty). Nothing of the
 * value is kept: a first letter or an email's domain narrows a guess as much as the value confirms it.
 */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  return '***';
}

/** `email:ada@example.com` → `email:***`: the rule's name stays, the value goes. */
export function maskBlockingKey(key: string | null): string | null {
  if (key === null) return null;
  const colon = key.indexOf(':');
  return colon < 0 ? '***' : `${key.slice(0, colon)}:***`;
}

/**
 * The stored field names that hold personal data for a matcher's attributes: each `pii: true`
 * attribute's own name and the raw source fields it is derived from (stored flat: `address.line1`).
 */
export function piiFields(attributes: Iterable<AttributeConfig>): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const attribute of attributes) {
    if (!attribute.pii) continue;
    fields.add(attribute.name);
    for (const field of attribute.source) fields.add(field);
  }
  return fields;
}
