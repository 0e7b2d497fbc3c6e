import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { PERSON_MATCHER, writeMatchersDir } from '../support/matchers';
import { applyChanges, currentPartition } from '../support/resolution-harness';

/**
 * Resolution-side guards through the service: linkage across domains (a source's own near-duplicates
 * never compete with the cross-source candidate), and a vetoing comparison level that keeps a
 * household (same surname and address, different given name) apart.
 */
const ada = { name: 'Ada Lovelace', dob: '1815-12-10' };
const email = 'ada@example.com';

const HOUSEHOLD_MATCHER = `
attributes:
  given_name: { normalizers: [person_name] }
  surname: { normalizers: [person_name] }
  street: { normalizers: [{ tokens: {} }] }
blocking:
  rules: [{ name: surname_street, keys: [exact(surname), exact(street)] }]
comparisons:
  - name: given_name
    attribute: given_name
    levels:
      - { kind: null }
      - { kind: exact, m: 0.8, u: 0.01 }
      - { kind: metric, metric: jaro_winkler, threshold: 0.85, m: 0.15, u: 0.02 }
      - { kind: else, m: 0.05, u: 0.97, veto: VETO }
  - name: surname
    attribute: surname
    levels: [{ kind: null }, { kind: exact, m: 0.95, u: 0.0001 }, { kind: else, m: 0.05, u: 0.9999 }]
  - name: street
    attribute: street
    levels: [{ kind: null }, { kind: exact, m: 0.9, u: 0.00001 }, { kind: else, m: 0.1, u: 0.99999 }]
thresholds: { match: 0.95, review: 0.5 }
prior: 0.001
`;

/** Open review items as "reason guard". */
async function openReviews(t: TestApp): Promise<string[]> {
  const rows: Array<{ reason: string; guard: string | null }> = await t.app
    .get(DataSource)
    .query(
      `SELECT reason, explanation->>'guard' AS guard FROM review_items WHERE status = 'open' ORDER BY id`,
    );
  return rows.map((r) => `${r.reason} ${r.guard}`);
}

describe('linkage mode and guards', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  const start = async (matchers: Record<string, string>) => {
    t = await startTestApp({ MATCHERS_DIR: writeMatchersDir(matchers), KAFKA_BROKERS: undefined });
    return t;
  };
  // Two near-duplicates in billing (the shared email makes them each other's best match), then
  // crm's record, whose true partner is B-1 (name and birth date; B-2 has no birth date).
  const load = async (app: TestApp) => {
    await applyChanges(app.app, 'person', [
      { domain: 'billing', sourceId: 'B-1', attributes: { ...ada, email } },
    ]);
    await applyChanges(app.app, 'person', [
      { domain: 'billing', sourceId: 'B-2', attributes: { name: ada.name, email } },
    ]);
    await applyChanges(app.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
  };

  it('across_domains: the cross-source candidate links, the sibling neither competes nor goes to review', async () => {
    const app = await start({
      person: `${PERSON_MATCHER}linkage: across_domains\nclustering: { best_match_only: true, one_per_domain: true }\n`,
    });
    await load(app);
    expect(await currentPartition(app.app, 'person')).toEqual([['billing:B-1', 'crm:C-1'], ['billing:B-2']]);
    expect(await openReviews(app)).toEqual([]);
    const edges: Array<{ n: string }> = await app.app
      .get(DataSource)
      .query(`SELECT count(*)::text AS n FROM match_edges`);
    expect(edges[0].n).toBe('1'); // the billing pair was never scored
  });

  it('a refused link reaches review naming the guard that refused it', async () => {
    const app = await start({
      person: `${PERSON_MATCHER}linkage: across_domains\nclustering: { one_per_domain: true }\n`,
    });
    for (const sourceId of ['B-1', 'B-2']) {
      await applyChanges(app.app, 'person', [{ domain: 'billing', sourceId, attributes: ada }]);
    }
    await applyChanges(app.app, 'person', [{ domain: 'crm', sourceId: 'C-1', attributes: ada }]);
    // C-1 matches both billing records equally; one per domain takes the older one.
    expect(await currentPartition(app.app, 'person')).toEqual([['billing:B-1', 'crm:C-1'], ['billing:B-2']]);
    expect(await openReviews(app)).toEqual(['constraint_conflict one_per_domain']);
  });

  it('dedupe (the default) links a source with itself: there the sibling is the best match', async () => {
    const app = await start({ person: `${PERSON_MATCHER}clustering: { best_match_only: true }\n` });
    await load(app);
    expect(await currentPartition(app.app, 'person')).toEqual([['billing:B-1', 'billing:B-2'], ['crm:C-1']]);
  });

  it.each([
    ['without a veto, one household is one person', 'false', [['crm:1', 'crm:2', 'crm:3']]],
    ['a vetoing given-name level keeps the household apart', 'true', [['crm:1', 'crm:2'], ['crm:3']]],
  ])('%s', async (_, veto, expected) => {
    const app = await start({ person: HOUSEHOLD_MATCHER.replace('VETO', veto) });
    const at = { surname: 'Smith', street: '12 Oak Street' };
    for (const [sourceId, given_name] of [
      ['1', 'John'],
      ['2', 'Jon'],
      ['3', 'Mary'],
    ]) {
      await applyChanges(app.app, 'person', [{ domain: 'crm', sourceId, attributes: { ...at, given_name } }]);
    }
    expect(await currentPartition(app.app, 'person')).toEqual(expected);
  });
});
