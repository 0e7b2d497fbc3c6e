import {
  charLength,
  EVENT_LIMITS,
  ID_CONTROL_CHARS,
  LONE_SURROGATE,
  truncateChars,
  VALUE_CONTROL_CHARS,
} from './change-event.rules';
import { EventProblem, EventProblemKind } from './invalid-event.exception';

/** Collects problems under a path prefix (`events[3]`), capped so a hostile event cannot make a huge answer. */
export class ProblemList {
  static readonly MAX = 50;
  readonly list: EventProblem[] = [];

  constructor(private readonly prefix: string) {}

  /** `field` is relative to the event ('' for the event itself); returns the list, for `fail(...)`. */
  add(field: string, kind: EventProblemKind, reason: string): EventProblem[] {
    if (this.list.length < ProblemList.MAX)
      this.list.push({ field: joinPath(this.prefix, field), reason, kind });
    return this.list;
  }
}

function joinPath(prefix: string, field: string): string {
  if (!prefix) return field || 'event';
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `attributes.email`, or `attributes["first name"]` when the name would make the path ambiguous. */
export function attributePath(name: string): string {
  return PLAIN_NAME.test(name) ? `attributes.${name}` : `attributes[${JSON.stringify(name)}]`;
}

/**
 * Attributes are flat: scalar values (string, number, boolean, null) or arrays of scalars, so every
 * matcher comparison sees a value it can normalise and the jsonb stays queryable. Returns the
 * attributes to store, or null when one is unacceptable.
 *
 * A value too long for the limits is refused only when the matcher reads that field (`reads`):
 * the value of a field nothing reads is truncated instead (strings to maxStringChars characters,
 * arrays to maxArrayItems items), so a long description the matcher ignores never costs the event.
 */
export function checkAttributes(
  p: ProblemList,
  attributes: Record<string, unknown>,
  reads: (field: string) => boolean = () => true,
): Record<string, unknown> | null {
  const before = p.list.length;
  const names = Object.keys(attributes);
  if (names.length > EVENT_LIMITS.maxAttributes) {
    p.add(
      'attributes',
      'TOO_MANY_ATTRIBUTES',
      `has ${names.length} attributes, more than the limit of ${EVENT_LIMITS.maxAttributes}`,
    );
    return null;
  }
  let truncated = false;
  const kept: Array<[string, unknown]> = [];
  for (const name of names) {
    const path = attributePath(name);
    if (name.trim() === '') p.add(path, 'EMPTY_FIELD', 'attribute names must not be empty');
    else if (charLength(name) > EVENT_LIMITS.maxAttributeNameChars) {
      p.add(
        path,
        'VALUE_TOO_LONG',
        `attribute names are at most ${EVENT_LIMITS.maxAttributeNameChars} characters`,
      );
    } else if (ID_CONTROL_CHARS.test(name))
      p.add(path, 'CONTROL_CHARACTERS', 'the attribute name contains control characters');
    else if (LONE_SURROGATE.test(name))
      p.add(path, 'INVALID_ENCODING', 'the attribute name contains an unpaired UTF-16 surrogate');
    const value = checkValue(p, path, attributes[name], true, () => !reads(name));
    truncated ||= value !== attributes[name];
    kept.push([name, value]);
  }
  if (p.list.length !== before) return null;
  // Object.fromEntries defines own properties: a field named `__proto__` stays a field.
  return truncated ? Object.fromEntries(kept) : attributes;
}

/** The value to keep (the same one unless a field nothing reads was truncated). */
function checkValue(
  p: ProblemList,
  path: string,
  v: unknown,
  arrayAllowed: boolean,
  /** Asked only for a value over the limits: whether to truncate rather than refuse it. */
  truncate: () => boolean,
): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) p.add(path, 'WRONG_TYPE', 'numbers must be finite');
    return v;
  }
  if (typeof v === 'string') {
    if (VALUE_CONTROL_CHARS.test(v)) {
      p.add(
        path,
        'CONTROL_CHARACTERS',
        'contains a control character (only tab, line feed and carriage return are allowed)',
      );
    } else if (LONE_SURROGATE.test(v))
      p.add(path, 'INVALID_ENCODING', 'contains an unpaired UTF-16 surrogate');
    else if (v.length > EVENT_LIMITS.maxStringChars && charLength(v) > EVENT_LIMITS.maxStringChars) {
      if (truncate()) return truncateChars(v, EVENT_LIMITS.maxStringChars);
      p.add(
        path,
        'VALUE_TOO_LONG',
        `strings are at most ${EVENT_LIMITS.maxStringChars} characters, got ${charLength(v)}`,
      );
    }
    return v;
  }
  if (Array.isArray(v)) {
    if (!arrayAllowed) {
      p.add(path, 'NESTED_ATTRIBUTE', 'arrays of arrays are not allowed: attributes are flat');
      return v;
    }
    let items: unknown[] = v;
    if (v.length > EVENT_LIMITS.maxArrayItems) {
      if (!truncate()) {
        p.add(
          path,
          'VALUE_TOO_LONG',
          `arrays have at most ${EVENT_LIMITS.maxArrayItems} items, got ${v.length}`,
        );
        return v;
      }
      items = v.slice(0, EVENT_LIMITS.maxArrayItems);
    }
    const checked = items.map((item, i) => checkValue(p, `${path}[${i}]`, item, false, truncate));
    return checked.every((item, i) => item === v[i]) && items.length === v.length ? v : checked;
  }
  if (typeof v === 'object') {
    p.add(
      path,
      'NESTED_ATTRIBUTE',
      'nested objects are not allowed: attributes are flat (use a dotted name such as address.city)',
    );
    return v;
  }
  p.add(path, 'WRONG_TYPE', `must be a string, number, boolean, null or an array of those, got ${typeof v}`);
  return v;
}
