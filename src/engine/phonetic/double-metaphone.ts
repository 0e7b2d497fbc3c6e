/**
 * double_metaphone: Lawrence Philips' Double Metaphone ("The Double Metaphone search algorithm",
 * C/C++ Users Journal 18(6), June 2000). It returns a primary and an alternate code, so names of
 * several origins (Germanic, Slavic, Romance, Greek...) meet: "Smith" → SM0 / XMT and "Schmidt" →
 * XMT / SMT share XMT.
 *
 * A TypeScript port of Philips' original C++, rule by rule (double-metaphone-rules.ts), checked
 * against two public implementations, Apache Commons Codec `DoubleMetaphone` (Apache-2.0) and
 * Titus Wormer's `double-metaphone` (MIT, github.com/words/double-metaphone); the spec reuses the
 * latter's expected codes. Codes stop at `maxLength` characters: Philips uses 4, which is the
 * default here and in the registry; pass Infinity for full codes.
 * Deviations, both shared with the MIT port: a final J adds nothing to the alternate code (the C++
 * appends a blank); letters outside A-Z, Ç and Ñ are accent-folded first ("Müller" = "Muller").
 */
import { RULES } from './double-metaphone-rules';
import { MetaphoneState } from './double-metaphone-state';

export function doubleMetaphone(input: string, maxLength = 4): [primary: string, alternate: string] {
  const s = new MetaphoneState(input);
  let i = 0;
  // Silent first letter: GNome, KNight, PNeumatic, WRack, PSychology.
  if (s.at(0, 'GN', 'KN', 'PN', 'WR', 'PS')) i = 1;
  // Initial X sounds like Z (Xavier), which maps to S.
  if (s.char(0) === 'X') {
    s.add('S');
    i = 1;
  }
  while (i < s.length && (s.primary.length < maxLength || s.alternate.length < maxLength)) {
    const rule = RULES.get(s.char(i));
    i = rule === undefined ? i + 1 : rule(s, i);
  }
  return [s.primary.slice(0, maxLength), s.alternate.slice(0, maxLength)];
}

/** Blocking keys: the primary code, plus the alternate when it differs; none without letters. */
export function doubleMetaphoneKeys(input: string): string[] {
  const [primary, alternate] = doubleMetaphone(input);
  if (primary === '' && alternate === '') return [];
  if (alternate === primary || alternate === '') return [primary];
  return primary === '' ? [alternate] : [primary, alternate];
}
