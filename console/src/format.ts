// Display helpers: plain functions, so the views stay declarative.

/** A source or survived value as text: arrays joined, objects as JSON, empty as an em dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '—';
}

/** `2 d 4 h`, `35 min`, `12 s`. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

/** Local time, to the second: `2026-11-25 10:00:07`. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export const formatPercent = (p: number): string => `${(p * 100).toFixed(1)} %`;

/** A match weight with its sign: `+9.64`, `−3.20` (a true minus sign). */
export function formatWeight(weight: number | null): string {
  if (weight === null) return '—';
  const text = Math.abs(weight).toFixed(2);
  return weight < 0 ? `−${text}` : `+${text}`;
}

export const recordKey = (r: { domain: string; sourceId: string }): string => `${r.domain}:${r.sourceId}`;

export interface AttributeRow {
  field: string;
  a: unknown;
  b: unknown;
  /** Both sides have a value and the values differ. */
  differs: boolean;
  /** Only one side has a value. */
  oneSided: boolean;
}

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The two records' attributes side by side, by field name. */
export function attributeRows(
  a: Record<string, unknown> | null,
  b: Record<string, unknown> | null,
): AttributeRow[] {
  const left = a ?? {};
  const right = b ?? {};
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return fields.map((field) => {
    const va = left[field];
    const vb = right[field];
    const emptyA = isEmpty(va);
    const emptyB = isEmpty(vb);
    return {
      field,
      a: va,
      b: vb,
      differs: !emptyA && !emptyB && JSON.stringify(va) !== JSON.stringify(vb),
      oneSided: emptyA !== emptyB,
    };
  });
}
