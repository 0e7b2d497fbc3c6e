import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * RFC 3339 date-time with an explicit offset, up to microseconds (PostgreSQL's precision). The
 * string is handed to PostgreSQL as given, so an `asOf` copied from a `linkedAt` (which carries
 * microseconds) selects exactly the interval it came from; a JS Date would truncate to milliseconds.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2}):(\d{2}))$/i;

/** Also range-checks every part: Date.parse would roll 2026-02-30 over to March; PostgreSQL refuses it. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    (m[9] === undefined || (Number(m[9]) < 16 && Number(m[10]) < 60))
  );
}

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must be an RFC 3339 date-time with an offset, e.g. 2026-11-25T10:00:00Z',
        ...options,
      },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
}
