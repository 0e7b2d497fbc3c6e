/**
 * regex_replace: `String.prototype.replace` with an ECMAScript regular expression from config,
 * for the site-specific clean-up that no built-in normalizer covers ("^0+" to drop leading zeros).
 *
 * The pattern is compiled once in `create()`, where a bad pattern or flag fails the config load
 * with a readable message. Options: `pattern` (required), `replacement` (default "", supports
 * `$1`, `$<name>`), `flags` (default "g"; "y" is refused because the sticky `lastIndex` would make
 * results depend on the previous call). A result that is empty becomes null.
 */
import type { NormalizerDefinition } from './normalizer';
import { checkKnownOptions, readString } from './options';
import { emptyToNull } from './text';

export const regexReplace: NormalizerDefinition = {
  name: 'regex_replace',
  description: 'Replaces matches of `pattern` (flags `flags`, default "g") with `replacement`.',
  create(options) {
    const owner = 'regex_replace';
    checkKnownOptions(owner, options, ['pattern', 'replacement', 'flags']);
    const pattern = readString(owner, options, 'pattern', '');
    const replacement = readString(owner, options, 'replacement', '');
    const flags = readString(owner, options, 'flags', 'g');
    if (pattern === '') throw new Error(`${owner}: option "pattern" is required`);
    if (flags.includes('y')) throw new Error(`${owner}: the sticky flag "y" is not supported`);
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, flags);
    } catch (error) {
      throw new Error(`${owner}: invalid pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    // With the "g" flag, replace() resets lastIndex itself, so sharing one RegExp is safe.
    return (value) => emptyToNull(value.replace(regex, replacement));
  },
};
