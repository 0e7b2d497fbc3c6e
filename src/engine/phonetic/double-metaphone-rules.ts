/**
 * The letter rules of Double Metaphone, transcribed from Philips' C++ (see double-metaphone.ts);
 * S, T, W, X and Z live in double-metaphone-sibilants.ts.
 * Each rule receives the state and the current index, appends to the codes, and returns the next
 * index. Comments keep the original's examples, which explain each special case.
 */
import { sRule, tRule, wRule, xRule, zRule } from './double-metaphone-sibilants';
import type { MetaphoneState, Rule } from './double-metaphone-state';

/** A letter that always codes the same and swallows a doubled copy of itself (FF, KK, NN...). */
const simple =
  (code: string, letter: string): Rule =>
  (s, i) => {
    s.add(code);
    return s.char(i + 1) === letter ? i + 2 : i + 1;
  };

const vowel: Rule = (s, i) => {
  if (i === 0) s.add('A'); // every initial vowel maps to A; others are dropped
  return i + 1;
};

const c: Rule = (s, i) => {
  // Various Germanic: "bacher", "macher"
  if (
    i > 1 &&
    !s.vowel(i - 2) &&
    s.at(i - 1, 'ACH') &&
    s.char(i + 2) !== 'I' &&
    (s.char(i + 2) !== 'E' || s.at(i - 2, 'BACHER', 'MACHER'))
  ) {
    s.add('K');
    return i + 2;
  }
  if (i === 0 && s.at(i, 'CAESAR')) {
    s.add('S');
    return i + 2;
  }
  if (s.at(i, 'CHIA')) {
    s.add('K'); // Italian "chianti"
    return i + 2;
  }
  if (s.at(i, 'CH')) return ch(s, i);
  if (s.at(i, 'CZ') && !s.at(i - 2, 'WICZ')) {
    s.add('S', 'X'); // "czerny"
    return i + 2;
  }
  if (s.at(i + 1, 'CIA')) {
    s.add('X'); // "focaccia"
    return i + 3;
  }
  // Double C, but not "McClellan"
  if (s.at(i, 'CC') && !(i === 1 && s.char(0) === 'M')) {
    // "bellocchio" but not "bacchus"
    if (s.at(i + 2, 'I', 'E', 'H') && !s.at(i + 2, 'HU')) {
      // "accident", "accede", "succeed" vs "bacci", "bertucci"
      if ((i === 1 && s.char(i - 1) === 'A') || s.at(i - 1, 'UCCEE', 'UCCES')) s.add('KS');
      else s.add('X');
      return i + 3;
    }
    s.add('K'); // Pierce's rule
    return i + 2;
  }
  if (s.at(i, 'CK', 'CG', 'CQ')) {
    s.add('K');
    return i + 2;
  }
  if (s.at(i, 'CI', 'CE', 'CY')) {
    if (s.at(i, 'CIO', 'CIE', 'CIA'))
      s.add('S', 'X'); // Italian vs English
    else s.add('S');
    return i + 2;
  }
  s.add('K');
  if (s.at(i + 1, ' C', ' Q', ' G')) return i + 3; // "Mac Caffrey", "Mac Gregor"
  if (s.at(i + 1, 'C', 'K', 'Q') && !s.at(i + 1, 'CE', 'CI')) return i + 2;
  return i + 1;
};

function ch(s: MetaphoneState, i: number): number {
  if (i > 0 && s.at(i, 'CHAE')) {
    s.add('K', 'X'); // "Michael"
    return i + 2;
  }
  // Greek roots: "chemistry", "chorus", but not "chore"
  if (
    i === 0 &&
    (s.at(i + 1, 'HARAC', 'HARIS') || s.at(i + 1, 'HOR', 'HYM', 'HIA', 'HEM')) &&
    !s.at(0, 'CHORE')
  ) {
    s.add('K');
    return i + 2;
  }
  if (
    s.germanic ||
    s.at(i - 2, 'ORCHES', 'ARCHIT', 'ORCHID') || // "architect" but not "arch"
    s.at(i + 2, 'T', 'S') ||
    // "wachtler", "wechsler", but not "tichner"
    ((i === 0 || s.at(i - 1, 'A', 'O', 'U', 'E')) &&
      s.at(i + 2, 'L', 'R', 'N', 'M', 'B', 'H', 'F', 'V', 'W', ' '))
  ) {
    s.add('K');
  } else if (i > 0) {
    if (s.at(0, 'MC'))
      s.add('K'); // "McHugh"
    else s.add('X', 'K');
  } else {
    s.add('X');
  }
  return i + 2;
}

const d: Rule = (s, i) => {
  if (s.at(i, 'DG')) {
    if (s.at(i + 2, 'I', 'E', 'Y')) {
      s.add('J'); // "edge"
      return i + 3;
    }
    s.add('TK'); // "Edgar"
    return i + 2;
  }
  s.add('T');
  return s.at(i, 'DT', 'DD') ? i + 2 : i + 1;
};

const g: Rule = (s, i) => {
  const next = s.char(i + 1);
  if (next === 'H') return gh(s, i);
  if (next === 'N') {
    if (i === 1 && s.vowel(0) && !s.slavoGermanic) s.add('KN', 'N');
    // Not "Cagney". (The C++ also tests that the next letter is not Y; here it is always N.)
    else if (!s.at(i + 2, 'EY') && !s.slavoGermanic) s.add('N', 'KN');
    else s.add('KN');
    return i + 2;
  }
  if (s.at(i + 1, 'LI') && !s.slavoGermanic) {
    s.add('KL', 'L'); // "tagliaro"
    return i + 2;
  }
  // -ges-, -gep-, -gel-, -gie- at the beginning
  if (
    i === 0 &&
    (next === 'Y' || s.at(i + 1, 'ES', 'EP', 'EB', 'EL', 'EY', 'IB', 'IL', 'IN', 'IE', 'EI', 'ER'))
  ) {
    s.add('K', 'J');
    return i + 2;
  }
  // -ger-, -gy-
  if (
    (s.at(i + 1, 'ER') || next === 'Y') &&
    !s.at(0, 'DANGER', 'RANGER', 'MANGER') &&
    !s.at(i - 1, 'E', 'I') &&
    !s.at(i - 1, 'RGY', 'OGY')
  ) {
    s.add('K', 'J');
    return i + 2;
  }
  // Italian: "biaggi"
  if (s.at(i + 1, 'E', 'I', 'Y') || s.at(i - 1, 'AGGI', 'OGGI')) {
    if (s.germanic || s.at(i + 1, 'ET'))
      s.add('K'); // obviously Germanic
    else if (s.at(i + 1, 'IER '))
      s.add('J'); // always soft with a French ending
    else s.add('J', 'K');
    return i + 2;
  }
  s.add('K');
  return next === 'G' ? i + 2 : i + 1;
};

function gh(s: MetaphoneState, i: number): number {
  if (i > 0 && !s.vowel(i - 1)) {
    s.add('K');
    return i + 2;
  }
  if (i === 0) {
    s.add(s.char(i + 2) === 'I' ? 'J' : 'K'); // "Ghislane", "Ghiradelli"
    return i + 2;
  }
  // Parker's rule, with refinements: "hugh", "bough", "broughton"
  if (
    (i > 1 && s.at(i - 2, 'B', 'H', 'D')) ||
    (i > 2 && s.at(i - 3, 'B', 'H', 'D')) ||
    (i > 3 && s.at(i - 4, 'B', 'H'))
  ) {
    return i + 2;
  }
  // "laugh", "McLaughlin", "cough", "gough", "rough", "tough"
  if (i > 2 && s.char(i - 1) === 'U' && s.at(i - 3, 'C', 'G', 'L', 'R', 'T')) s.add('F');
  else if (i > 0 && s.char(i - 1) !== 'I') s.add('K');
  return i + 2;
}

const h: Rule = (s, i) => {
  // Kept only when initial or between vowels, and before a vowel.
  if ((i === 0 || s.vowel(i - 1)) && s.vowel(i + 1)) {
    s.add('H');
    return i + 2;
  }
  return i + 1;
};

const j: Rule = (s, i) => {
  // Obviously Spanish: "Jose", "San Jacinto"
  if (s.at(i, 'JOSE') || s.at(0, 'SAN ')) {
    if ((i === 0 && s.char(i + 4) === ' ') || s.at(0, 'SAN ')) s.add('H');
    else s.add('J', 'H');
    return i + 1;
  }
  if (i === 0) {
    s.add('J', 'A'); // "Yankelovich" / "Jankelowicz"
  } else if (s.vowel(i - 1) && !s.slavoGermanic && (s.char(i + 1) === 'A' || s.char(i + 1) === 'O')) {
    s.add('J', 'H'); // Spanish "bajador"
  } else if (i === s.last) {
    s.add('J', '');
  } else if (!s.at(i + 1, 'L', 'T', 'K', 'S', 'N', 'M', 'B', 'Z') && !s.at(i - 1, 'S', 'K', 'L')) {
    s.add('J');
  }
  return s.char(i + 1) === 'J' ? i + 2 : i + 1;
};

const l: Rule = (s, i) => {
  if (s.char(i + 1) !== 'L') {
    s.add('L');
    return i + 1;
  }
  // Spanish: "cabrillo", "gallegos"
  if (
    (i === s.length - 3 && s.at(i - 1, 'ILLO', 'ILLA', 'ALLE')) ||
    ((s.at(s.last - 1, 'AS', 'OS') || s.at(s.last, 'A', 'O')) && s.at(i - 1, 'ALLE'))
  ) {
    s.add('L', '');
    return i + 2;
  }
  s.add('L');
  return i + 2;
};

const m: Rule = (s, i) => {
  s.add('M');
  // "dumb", "thumb", "dumber"
  if ((s.at(i - 1, 'UMB') && (i + 1 === s.last || s.at(i + 2, 'ER'))) || s.char(i + 1) === 'M') return i + 2;
  return i + 1;
};

const p: Rule = (s, i) => {
  if (s.char(i + 1) === 'H') {
    s.add('F');
    return i + 2;
  }
  s.add('P');
  return s.at(i + 1, 'P', 'B') ? i + 2 : i + 1; // "campbell", "raspberry"
};

const r: Rule = (s, i) => {
  // French "Rogier", but not "Hochmeier"
  if (i === s.last && !s.slavoGermanic && s.at(i - 2, 'IE') && !s.at(i - 4, 'ME', 'MA')) s.add('', 'R');
  else s.add('R');
  return s.char(i + 1) === 'R' ? i + 2 : i + 1;
};

export const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ...['A', 'E', 'I', 'O', 'U', 'Y'].map((v): [string, Rule] => [v, vowel]),
  ['B', simple('P', 'B')],
  ['Ç', (s, i) => (s.add('S'), i + 1)],
  ['C', c],
  ['D', d],
  ['F', simple('F', 'F')],
  ['G', g],
  ['H', h],
  ['J', j],
  ['K', simple('K', 'K')],
  ['L', l],
  ['M', m],
  ['N', simple('N', 'N')],
  ['Ñ', (s, i) => (s.add('N'), i + 1)],
  ['P', p],
  ['Q', simple('K', 'Q')],
  ['R', r],
  ['S', sRule],
  ['T', tRule],
  ['V', simple('F', 'V')],
  ['W', wRule],
  ['X', xRule],
  ['Z', zRule],
]);
