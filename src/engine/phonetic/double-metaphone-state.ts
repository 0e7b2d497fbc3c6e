/**
 * Scanning state of Double Metaphone (see double-metaphone.ts for the reference): the padded,
 * upper-cased value, the two codes under construction, and the look-around helpers of Philips'
 * C++ (`GetAt`, `StringAt`, `IsVowel`, `MetaphAdd`).
 */
import { stripAccents } from '../normalizers/text';

// Everything outside printable ASCII, except the two letters the original codes itself.
const NON_ASCII = /[^ -~ÇÑ]/g;
const SLAVO_GERMANIC = /W|K|CZ|WITZ/;
const fold = (ch: string): string => stripAccents(ch);

export class MetaphoneState {
  primary = '';
  alternate = '';
  /** The value followed by five spaces, so rules can look past the end (as the original pads). */
  readonly value: string;
  readonly length: number;
  readonly last: number;
  readonly slavoGermanic: boolean;
  /** Starts with "VAN ", "VON " or "SCH": several rules treat such names as Germanic. */
  readonly germanic: boolean;

  constructor(input: string) {
    const upper = input.toUpperCase().replace(NON_ASCII, fold);
    this.value = `${upper}     `;
    this.length = upper.length;
    this.last = upper.length - 1;
    this.slavoGermanic = SLAVO_GERMANIC.test(upper);
    this.germanic = this.at(0, 'VAN ', 'VON ', 'SCH');
  }

  /** The character at `i`, or "" before the start (after the end it is the padding space). */
  char(i: number): string {
    return i >= 0 && i < this.value.length ? this.value[i] : '';
  }

  /** True when one of `options` occurs at position `i` (StringAt). */
  at(i: number, ...options: string[]): boolean {
    if (i < 0) return false;
    for (const option of options) if (this.value.startsWith(option, i)) return true;
    return false;
  }

  vowel(i: number): boolean {
    const c = this.char(i);
    return c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U' || c === 'Y';
  }

  /** MetaphAdd: appends to both codes, or different strings to each. */
  add(main: string, alternate: string = main): void {
    this.primary += main;
    this.alternate += alternate;
  }
}

/** A letter rule: appends to the codes and returns the index of the next letter to read. */
export type Rule = (s: MetaphoneState, i: number) => number;
