/**
 * Double Metaphone rules for S, T, W, X and Z, transcribed from Philips' C++ (see
 * double-metaphone.ts). Split from double-metaphone-rules.ts only to keep files short.
 */
import type { MetaphoneState, Rule } from './double-metaphone-state';

export const sRule: Rule = (s, i) => {
  if (s.at(i - 1, 'ISL', 'YSL')) return i + 1; // "island", "isle", "carlisle", "carlysle"
  if (i === 0 && s.at(i, 'SUGAR')) {
    s.add('X', 'S');
    return i + 1;
  }
  if (s.at(i, 'SH')) {
    if (s.at(i + 1, 'HEIM', 'HOEK', 'HOLM', 'HOLZ'))
      s.add('S'); // Germanic
    else s.add('X');
    return i + 2;
  }
  // Italian and Armenian: "sio", "sia", "-sian"
  if (s.at(i, 'SIO', 'SIA', 'SIAN')) {
    if (s.slavoGermanic) s.add('S');
    else s.add('S', 'X');
    return i + 3;
  }
  // German and anglicisations: "Smith" matches "Schmidt", "snider" matches "Schneider";
  // also Slavic -sz- (Hungarian pronounces it S)
  if ((i === 0 && s.at(i + 1, 'M', 'N', 'L', 'W')) || s.at(i + 1, 'Z')) {
    s.add('S', 'X');
    return s.at(i + 1, 'Z') ? i + 2 : i + 1;
  }
  if (s.at(i, 'SC')) return sc(s, i);
  // French: "resnais", "artois"
  if (i === s.last && s.at(i - 2, 'AI', 'OI')) s.add('', 'S');
  else s.add('S');
  return s.at(i + 1, 'S', 'Z') ? i + 2 : i + 1;
};

/** Schlesinger's rule and the Dutch SCH. */
function sc(s: MetaphoneState, i: number): number {
  if (s.char(i + 2) === 'H') {
    // Dutch origin: "school", "schooner"; "schermerhorn", "schenker"
    if (s.at(i + 3, 'OO', 'ER', 'EN', 'UY', 'ED', 'EM')) {
      if (s.at(i + 3, 'ER', 'EN')) s.add('X', 'SK');
      else s.add('SK');
    } else if (i === 0 && !s.vowel(3) && s.char(3) !== 'W') {
      s.add('X', 'S');
    } else {
      s.add('X');
    }
    return i + 3;
  }
  if (s.at(i + 2, 'I', 'E', 'Y')) s.add('S');
  else s.add('SK');
  return i + 3;
}

export const tRule: Rule = (s, i) => {
  if (s.at(i, 'TION', 'TIA', 'TCH')) {
    s.add('X');
    return i + 3;
  }
  if (s.at(i, 'TH', 'TTH')) {
    // "thomas", "thames", or Germanic
    if (s.at(i + 2, 'OM', 'AM') || s.germanic) s.add('T');
    else s.add('0', 'T');
    return i + 2;
  }
  s.add('T');
  return s.at(i + 1, 'T', 'D') ? i + 2 : i + 1;
};

export const wRule: Rule = (s, i) => {
  if (s.at(i, 'WR')) {
    s.add('R'); // can also be in the middle of a word
    return i + 2;
  }
  if (i === 0 && (s.vowel(i + 1) || s.at(i, 'WH'))) {
    // "Wasserman" should match "Vasserman"; "Uomo" should match "Womo"
    if (s.vowel(i + 1)) s.add('A', 'F');
    else s.add('A');
  }
  // "Arnow" should match "Arnoff"
  if ((i === s.last && s.vowel(i - 1)) || s.at(i - 1, 'EWSKI', 'EWSKY', 'OWSKI', 'OWSKY') || s.at(0, 'SCH')) {
    s.add('', 'F');
    return i + 1;
  }
  if (s.at(i, 'WICZ', 'WITZ')) {
    s.add('TS', 'FX'); // Polish: "filipowicz"
    return i + 4;
  }
  return i + 1;
};

export const xRule: Rule = (s, i) => {
  // French: "breaux"
  if (!(i === s.last && (s.at(i - 3, 'IAU', 'EAU') || s.at(i - 2, 'AU', 'OU')))) s.add('KS');
  return s.at(i + 1, 'C', 'X') ? i + 2 : i + 1;
};

export const zRule: Rule = (s, i) => {
  if (s.char(i + 1) === 'H') {
    s.add('J'); // Chinese pinyin: "zhao"
    return i + 2;
  }
  if (s.at(i + 1, 'ZO', 'ZI', 'ZA') || (s.slavoGermanic && i > 0 && s.char(i - 1) !== 'T')) s.add('S', 'TS');
  else s.add('S');
  return s.char(i + 1) === 'Z' ? i + 2 : i + 1;
};
