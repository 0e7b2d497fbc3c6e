/**
 * Parses the shorthand form of a blocking key part, `method(attribute, arg, name=value)`, into the
 * object form `{ method, attribute, length?, min_length?, stopwords? }` that the YAML also accepts.
 */
export interface RawKeyPart {
  method: string;
  attribute: string;
  length?: number;
  min_length?: number;
  stopwords?: string[];
}

const CALL = /^\s*([a-z_][a-z0-9_]*)\s*\(\s*([a-z_][a-z0-9_]*)\s*((?:,[^,()]*)*)\)\s*$/;

/** Returns the parsed part, or an error message describing the expected syntax. */
export function parseKeyPart(text: string): RawKeyPart | string {
  const match = CALL.exec(text);
  if (!match) {
    const split = text.split('(').length !== text.split(')').length;
    const hint = split ? ' (in a YAML [flow, list], quote a part that holds a comma)' : '';
    return `cannot parse "${text}": expected method(attribute[, n][, name=value])${hint}`;
  }
  const [, method, attribute, rest] = match;
  const part: RawKeyPart = { method, attribute };
  const args = rest
    .split(',')
    .slice(1)
    .map((arg) => arg.trim());
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      if (!/^\d+$/.test(arg)) return `"${text}": positional argument "${arg}" must be a positive integer`;
      part.length = Number(arg);
      continue;
    }
    const key = arg.slice(0, eq).trim();
    const value = arg.slice(eq + 1).trim();
    if (key === 'min_length' || key === 'length') {
      if (!/^\d+$/.test(value)) return `"${text}": ${key} must be a positive integer`;
      part[key] = Number(value);
    } else if (key === 'stopwords') {
      part.stopwords = value.split(';').map((word) => word.trim());
    } else {
      return `"${text}": unknown argument "${key}"; allowed: length, min_length, stopwords`;
    }
  }
  return part;
}
