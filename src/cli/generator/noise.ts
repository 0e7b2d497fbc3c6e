/**
 * Typing noise for synthetic records, after the error model of Christen & Pudjijono, "Accurate
 * synthetic generation of realistic personal information" (PAKDD 2009): most errors are single-character
 * edits (a substitution by a key next to the intended one on a QWERTY keyboard, a deletion, a
 * repeated letter), then transpositions of two adjacent characters, and whole-word confusions.
 */
import type { Random } from './random';

const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Letter → the letters physically next to it (same row and the rows above/below). */
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const at = new Map<string, [number, number]>();
  QWERTY_ROWS.forEach((row, r) => [...row].forEach((ch, c) => at.set(ch, [r, c])));
  const out = new Map<string, string>();
  for (const [ch, [r, c]] of at) {
    let near = '';
    for (const [other, [r2, c2]] of at) {
      if (other !== ch && Math.abs(r - r2) <= 1 && Math.abs(c - c2) <= 1) near += other;
    }
    out.set(ch, near);
  }
  return out;
})();

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function letterPositions(text: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (isLetter(text[i])) positions.push(i);
  return positions;
}

function sameCase(model: string, ch: string): string {
  return model === model.toUpperCase() ? ch.toUpperCase() : ch;
}

/** One keyboard typo in a letter: a neighbouring key (50 %), a dropped letter (25 %) or a doubled one. */
export function typo(random: Random, text: string): string {
  const positions = letterPositions(text);
  if (positions.length < 3) return text;
  const i = random.pick(positions);
  const kind = random.next();
  if (kind < 0.5) {
    const near = NEIGHBOURS.get(text[i].toLowerCase()) ?? '';
    if (near === '') return text;
    return text.slice(0, i) + sameCase(text[i], random.pick([...near])) + text.slice(i + 1);
  }
  if (kind < 0.75) return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i + 1) + text[i].toLowerCase() + text.slice(i + 1);
}

/** Two adjacent letters swapped ("Jonhson"); the text is unchanged when it has no such pair. */
export function transpose(random: Random, text: string): string {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (isLetter(text[i]) && isLetter(text[i + 1]) && text[i] !== text[i + 1]) pairs.push(i);
  }
  if (pairs.length === 0) return text;
  const i = random.pick(pairs);
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

/** One digit replaced by another (a mistyped phone or account number). */
export function digitTypo(random: Random, text: string): string {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] >= '0' && text[i] <= '9') positions.push(i);
  if (positions.length === 0) return text;
  const i = random.pick(positions);
  const digit = (Number(text[i]) + random.int(1, 9)) % 10;
  return text.slice(0, i) + String(digit) + text.slice(i + 1);
}

/** A typo or a transposition, at the usual 4:1 ratio. */
export function misspell(random: Random, text: string): string {
  return random.chance(0.8) ? typo(random, text) : transpose(random, text);
}

export function titleCase(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z']*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

/** The way a source stores letter case: as typed (title case), all capitals, or all lower case. */
export type CaseStyle = 'title' | 'upper' | 'lower';

export function applyCase(style: CaseStyle, text: string): string {
  if (style === 'upper') return text.toUpperCase();
  if (style === 'lower') return text.toLowerCase();
  return titleCase(text);
}
