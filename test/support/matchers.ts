import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A small person matcher for resolution tests: an exact national id or email is strong evidence,
 * names and birth dates add to it. Written to a temporary MATCHERS_DIR so tests do not depend on the
 * tuning of the shipped configs.
 */
export const PERSON_MATCHER = `
description: test persons
attributes:
  name: { normalizers: [person_name] }
  email: { normalizers: [email] }
  dob: { normalizers: [{ date: { order: ymd } }] }
  ssn: { normalizers: [digits_only] }
blocking:
  max_block_size: 50
  rules:
    - { name: ssn, keys: [exact(ssn)] }
    - { name: email, keys: [exact(email)] }
    - { name: name, keys: [double_metaphone(name)] }
comparisons:
  - name: name
    attribute: name
    levels:
      - { kind: null }
      - { kind: exact, m: 0.8, u: 0.001 }
      - { kind: metric, metric: jaro_winkler, threshold: 0.9, m: 0.15, u: 0.01 }
      - { kind: else, m: 0.05, u: 0.989 }
  - name: email
    attribute: email
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.0001 }
      - { kind: else, m: 0.1, u: 0.9999 }
  - name: dob
    attribute: dob
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.001 }
      - { kind: else, m: 0.1, u: 0.999 }
  - name: ssn
    attribute: ssn
    levels:
      - { kind: null }
      - { kind: exact, m: 0.9, u: 0.00001 }
      - { kind: else, m: 0.1, u: 0.99999 }
thresholds: { match: 0.95, review: 0.5 }
prior: 0.001
`;

/**
 * The test person matcher with its name, email and national id marked as personal data, stored
 * flat under dotted names (`address.line1`), and PII attributes derived from other fields
 * (`source:`); `city` (from `address.city`) is not personal.
 */
export const PII_PERSON_MATCHER = PERSON_MATCHER.replace(
  'name: { normalizers: [person_name] }',
  'name: { normalizers: [person_name], pii: true }',
)
  .replace('email: { normalizers: [email] }', 'email: { normalizers: [email], pii: true }')
  .replace(
    'ssn: { normalizers: [digits_only] }',
    `ssn: { normalizers: [digits_only], pii: true }
  street: { source: [address.line1, address.line2], normalizers: [{ tokens: {} }], pii: true }
  city: { source: address.city, normalizers: [{ tokens: {} }] }
  initials: { source: nick, normalizers: [lowercase], pii: true }`,
  );

export function writeMatchersDir(files: Record<string, string> = { person: PERSON_MATCHER }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinery-matchers-'));
  for (const [type, yaml] of Object.entries(files)) writeFileSync(path.join(dir, `${type}.yaml`), yaml);
  return dir;
}
