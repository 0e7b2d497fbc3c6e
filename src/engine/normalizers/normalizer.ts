/**
 * Contract for attribute normalizers.
 *
 * A normalizer turns one raw attribute value into the canonical string that comparisons and
 * blocking keys work on. It returns `null` when the value carries no information (empty, a
 * placeholder such as "N/A", or unparseable), so that comparisons can fall into their `null` level
 * instead of matching two garbage strings.
 *
 * Normalizers are pure and synchronous: they run on the hot path for every record and candidate.
 */
export type Normalizer = (value: string) => string | null;

/** Options come straight from the matcher YAML, already validated by the factory itself. */
export type NormalizerOptions = Record<string, unknown>;

export interface NormalizerDefinition {
  /** The name used in matcher YAML, for example `person_name` or `phone`. */
  readonly name: string;
  /** One line for docs/matchers.md and for config errors. */
  readonly description: string;
  /**
   * Builds a normalizer from its options. Throws `Error` with a readable message when an option is
   * invalid; the config loader prefixes it with the file and path.
   */
  create(options: NormalizerOptions): Normalizer;
}
