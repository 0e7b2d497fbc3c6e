/**
 * Option readers shared by the normalizer and metric factories.
 *
 * Options arrive from matcher YAML as `Record<string, unknown>`. Each factory reads them once in
 * `create()`, so these helpers favour clear error messages over speed. Unknown keys are rejected:
 * a typo such as `nickname: true` must fail the config load, not silently do nothing.
 */
type Options = Record<string, unknown>;

export function checkKnownOptions(owner: string, options: Options, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const allowed = known.length > 0 ? known.join(', ') : '(none)';
      throw new Error(`${owner}: unknown option "${key}"; allowed: ${allowed}`);
    }
  }
}

export function fail(owner: string, key: string, expected: string, value: unknown): never {
  throw new Error(`${owner}: option "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
}

export function readBoolean(owner: string, options: Options, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(owner, key, 'a boolean', value);
  return value;
}

export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export function readNumber(
  owner: string,
  options: Options,
  key: string,
  fallback: number,
  bounds: NumberBounds = {},
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  const { min = -Infinity, max = Infinity, integer = false } = bounds;
  const expected = `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(owner, key, expected, value);
  if (value < min || value > max || (integer && !Number.isInteger(value))) fail(owner, key, expected, value);
  return value;
}

export function readOptionalNumber(
  owner: string,
  options: Options,
  key: string,
  bounds: NumberBounds = {},
): number | undefined {
  return options[key] === undefined ? undefined : readNumber(owner, options, key, 0, bounds);
}

export function readString(owner: string, options: Options, key: string, fallback: string): string {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') fail(owner, key, 'a string', value);
  return value;
}

export function readEnum<T extends string>(
  owner: string,
  options: Options,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(owner, key, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

export function readStringArray(
  owner: string,
  options: Options,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const value = options[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    fail(owner, key, 'an array of strings', value);
  }
  return value;
}
