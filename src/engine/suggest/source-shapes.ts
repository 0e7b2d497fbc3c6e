/**
 * Whether a sample's sources are different systems, read from the shape of their records rather
 * than from their matches: the same field filled in one source and mostly empty in another, or
 * holding values of very different lengths. A deduplication dealt to sources (one list split by
 * region, by month) keeps each field's fill rate and length within sampling noise in every source;
 * two systems that describe the same entities (a shop's catalogue and another's, a registry and a
 * CRM) rarely do. It is the evidence that the task is a linkage across the sources, which the
 * match rates cannot give when a source repeats its own records (sources.ts).
 */
import { profileRecords, type FieldProfile } from './profile';

/**
 * A field's share of filled records differs by this much between two sources, or the mean length
 * of its values by this factor (when both fill it on at least `minFilled` of their records). With
 * 30 records per source the noise of a fill rate is under 0.1 and a dealt sample stays far below
 * both (FEBRL3 dealt at random: 0.01 and 1.02); Amazon and Google: 0.93 (manufacturer) and 6.8
 * (description).
 */
export const SHAPE_RULES = { fillGap: 0.3, lengthRatio: 2, minFilled: 0.5, minRecords: 30 };

export interface ShapeDifference {
  readonly field: string;
  /** The two sources compared, and what differs: `filled` share or mean `length`. */
  readonly sources: readonly [string, string];
  readonly measure: 'filled' | 'length';
  readonly values: readonly [number, number];
}

/** The largest difference of shape between two sources beyond SHAPE_RULES, if any. */
export function sourceShapeDifference(
  records: ReadonlyArray<Record<string, unknown>>,
  domains: readonly string[],
  exclude: ReadonlySet<string> = new Set(),
): ShapeDifference | undefined {
  const bySource = new Map<string, Array<Record<string, unknown>>>();
  records.forEach((record, i) => {
    if (!bySource.has(domains[i])) bySource.set(domains[i], []);
    bySource.get(domains[i])!.push(record);
  });
  const profiles = [...bySource]
    .filter(([, sample]) => sample.length >= SHAPE_RULES.minRecords)
    .map(([source, sample]) => ({
      source,
      fields: new Map(profileRecords(sample, exclude).map((p): [string, FieldProfile] => [p.name, p])),
    }));
  const names = new Set(profiles.flatMap((p) => [...p.fields.keys()]));
  let found: ShapeDifference | undefined;
  let strongest = 1;
  for (let x = 0; x < profiles.length; x++) {
    for (let y = x + 1; y < profiles.length; y++) {
      const sources = [profiles[x].source, profiles[y].source] as const;
      for (const field of names) {
        const [p, q] = [profiles[x].fields.get(field), profiles[y].fields.get(field)];
        const filled = [p ? 1 - p.nullRate : 0, q ? 1 - q.nullRate : 0] as const;
        // Each test as a multiple of its threshold, so the strongest difference is the one reported.
        const gap = Math.abs(filled[0] - filled[1]) / SHAPE_RULES.fillGap;
        if (gap >= strongest) {
          strongest = gap;
          found = { field, sources, measure: 'filled', values: filled };
        }
        if (!p || !q || Math.min(...filled) < SHAPE_RULES.minFilled) continue;
        const lengths = [p.meanLength, q.meanLength] as const;
        const ratio = Math.max(...lengths) / Math.max(Math.min(...lengths), 1) / SHAPE_RULES.lengthRatio;
        if (ratio >= strongest) {
          strongest = ratio;
          found = { field, sources, measure: 'length', values: lengths };
        }
      }
    }
  }
  return found;
}

/** One sentence for the config's header. */
export function describeShape(d: ShapeDifference): string {
  const [a, b] = d.sources;
  const [x, y] = d.values;
  return d.measure === 'filled'
    ? `${d.field} is filled on ${(100 * x).toFixed(0)} % of ${a}'s records and ${(100 * y).toFixed(0)} % of ${b}'s`
    : `${d.field} is ${x.toFixed(0)} characters long on average in ${a} and ${y.toFixed(0)} in ${b}`;
}
