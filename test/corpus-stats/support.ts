import { Random } from '../../src/cli/generator/random';
import { TestChange } from '../support/resolution-harness';

/**
 * Organisations as one free-text field, the case where TF-IDF matters: "department of computer
 * science, university of <name>, usa" shares six words with every other record and one with its
 * duplicate. With every word weighing 1 (no statistics) the shared boilerplate links every pair
 * (cosine 6/7 ≥ 0.8); with corpus IDF only the institution's name counts. The country has
 * term-frequency adjustment: agreeing on "usa" (most records) is worth less than on "iceland".
 */
export const ORG_MATCHER = `
description: organisations, one free-text field (test)
attributes:
  name: { normalizers: [{ tokens: {} }] }
  country: { normalizers: [lowercase, trim] }
blocking:
  max_block_size: 500
  rules:
    - { name: word, keys: ['token(name, min_length=3)'] }
comparisons:
  - name: name
    attribute: name
    levels:
      - { kind: null }
      - { kind: metric, metric: tfidf_cosine, threshold: 0.8, m: 0.8, u: 0.0005 }
      - { kind: metric, metric: tfidf_cosine, threshold: 0.5, m: 0.15, u: 0.01 }
      - { kind: else, m: 0.05, u: 0.9895 }
  - name: country
    attribute: country
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.05, term_frequency_adjustment: true }
      - { kind: else, m: 0.1, u: 0.95 }
thresholds: { match: 0.9, review: 0.5 }
prior: 0.01
`;

const PREFIXES = ['alder', 'birch', 'cedar', 'dun', 'elm', 'fern', 'glen', 'hazel'];
const SUFFIXES = ['brook', 'field', 'wick', 'stead', 'mere'];
/** 40 made-up institution names, each a rare word. */
export const NAMES = PREFIXES.flatMap((p) => SUFFIXES.map((s) => `${p}${s}`));

export const orgName = (i: number): string =>
  `Department of Computer Science, University of ${NAMES[i]}, USA`;
const country = (i: number): string => (i < 2 ? 'Iceland' : 'USA');

/**
 * 40 departments (`crm:org-<i>`), and a duplicate of the first `duplicates` of them from a grants
 * register (`grants:grant-<i>`), worded differently. True partition: the duplicate pairs, and
 * every other department alone.
 */
export function orgRecords(duplicates = 5): TestChange[] {
  return [
    ...NAMES.map((_, i) => ({
      domain: 'crm',
      sourceId: `org-${i}`,
      attributes: { name: orgName(i), country: country(i) },
    })),
    ...NAMES.slice(0, duplicates).map((name, i) => ({
      domain: 'grants',
      sourceId: `grant-${i}`,
      attributes: { name: `${name} University, Computer Science Department (USA)`, country: country(i) },
    })),
  ];
}

export function truePartition(duplicates = 5): string[][] {
  return NAMES.map((_, i) =>
    i < duplicates ? [`crm:org-${i}`, `grants:grant-${i}`] : [`crm:org-${i}`],
  ).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The records in a seeded order (the generator's PRNG), so a failing order can be replayed. */
export const shuffled = <T>(items: readonly T[], seed: number): T[] => new Random(seed).shuffle([...items]);
