/**
 * Phonetic encoders for blocking keys and phonetic comparison levels. Each returns the list of
 * codes of a value: one for Soundex and NYSIIS, the primary and (when different) the alternate
 * code for Double Metaphone, and none for a value without letters, so that blank or numeric
 * values never share a block.
 */
import { doubleMetaphoneKeys } from './double-metaphone';
import { nysiisKeys } from './nysiis';
import { soundexKeys } from './soundex';

export const PHONETIC_ENCODERS: ReadonlyMap<string, (value: string) => string[]> = new Map([
  ['soundex', soundexKeys],
  ['double_metaphone', doubleMetaphoneKeys],
  ['nysiis', nysiisKeys],
]);
