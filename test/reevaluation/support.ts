import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TestChange } from '../support/resolution-harness';

const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Ken'];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Backus',
  'Perlman',
  'Thompson',
];

/**
 * People in two domains with graded evidence, for the `person` test matcher (match 0.95, review 0.5):
 * i % 4 = 0 same name, email and ssn (certain); 1 same name and birth date (~0.998); 2 a similar
 * name and the same birth date (~0.93: review band at 0.95, a match at 0.6); 3 the same name alone
 * (~0.43: nothing).
 */
export function gradedPeople(n: number): TestChange[] {
  const out: TestChange[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length];
    const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length]}${'abcdefghij'[Math.floor(i / 100) % 10]}son`;
    const dob = `19${String(40 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`;
    const name = `${first} ${last}`;
    out.push({
      domain: 'crm',
      sourceId: `crm-${i}`,
      attributes: { name, email: `p${i}@crm.example`, ssn: String(100000 + i), dob },
    });
    const other: Record<string, unknown> =
      i % 4 === 0
        ? { name, email: `p${i}@crm.example`, ssn: String(100000 + i) }
        : i % 4 === 1
          ? { name, dob }
          : i % 4 === 2
            ? { name: `${first} ${last.slice(0, -1)}`, dob }
            : { name };
    out.push({ domain: 'billing', sourceId: `billing-${i}`, attributes: other });
  }
  return out;
}

export async function goldenVersionGaps(app: INestApplication): Promise<string[]> {
  const rows: Array<{ golden_id: string; n: number; max: number }> = await app
    .get(DataSource)
    .query(`SELECT golden_id, count(*)::int AS n, max(version) AS max FROM golden_outbox GROUP BY golden_id`);
  return rows.filter((r) => r.n !== r.max).map((r) => r.golden_id);
}
