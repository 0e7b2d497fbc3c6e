import { DataSource } from 'typeorm';
import { StatsRefreshService } from '../../src/features/reevaluation/corpus-stats/stats-refresh.service';
import { MatcherRegistry } from '../../src/core/matching/matcher-registry';
import { pollUntil } from '../support/poll';
import { startTestApp, TestApp } from '../support/app';
import { writeMatchersDir } from '../support/matchers';
import { applyChanges, currentPartition, TestChange } from '../support/resolution-harness';
import { orgName, orgRecords, ORG_MATCHER, shuffled, truePartition } from './support';

/**
 * Corpus statistics in the service (docs/resolution.md): before a type's first snapshot every
 * token weighs 1; a refresh counts the stored records into snapshot v1 and rolls it out, after which
 * rare words outweigh common ones and TF adjusts exact levels. Scores then depend on the records,
 * the config and the snapshot only, so the same records in another order give the same snapshot
 * and the same partition.
 */
describe('corpus statistics: refresh and roll-out', () => {
  let t: TestApp;
  const registry = (): MatcherRegistry => t.app.get(MatcherRegistry);
  const prepared = (type: string, name: string, country = 'USA') =>
    registry().get(type).prepare({ name, country });

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ org_a: ORG_MATCHER, org_b: ORG_MATCHER }),
      KAFKA_BROKERS: undefined,
    });
  });
  afterAll(() => t.close());

  it('weighs every word 1 before the first snapshot, and rare words above common ones after a refresh', async () => {
    await applyChanges(t.app, 'org_a', orgRecords());
    // No statistics yet: the shared boilerplate links the departments of one country together.
    expect(registry().statsVersion('org_a')).toBeNull();
    const before = await currentPartition(t.app, 'org_a');
    expect(before.find((c) => c.includes('crm:org-10'))).toHaveLength(38);
    const common = [prepared('org_a', orgName(10)), prepared('org_a', orgName(11))] as const;
    const rare = [
      prepared('org_a', orgName(3)),
      prepared(
        'org_a',
        `${orgName(3).split(', ')[1].split(' ').pop()} University, Computer Science Department`,
      ),
    ] as const;
    const commonBefore = registry()
      .get('org_a')
      .compare(...common);
    expect(commonBefore.decision).toBe('match');

    const { snapshot, job, completion } = await t.app.get(StatsRefreshService).refresh('org_a');
    expect(snapshot).toMatchObject({
      version: 1,
      jobId: job.id,
      trigger: 'manual',
      recordCount: 45,
      vocabularies: ['country', 'name'],
    });
    expect(job.kind).toBe('stats');
    const done = await completion;
    expect(done).toMatchObject({ status: 'done', processed: 45, total: 45 });
    expect(done.goldenEvents).toBeGreaterThan(0);

    // The matcher now reads snapshot v1: the boilerplate pair falls apart, the same-name pair holds.
    expect(registry().statsVersion('org_a')).toBe(1);
    const commonAfter = registry()
      .get('org_a')
      .compare(...common);
    expect(commonAfter.decision).toBe('no-match');
    expect(commonAfter.score).toBeLessThan(commonBefore.score - 10);
    expect(
      registry()
        .get('org_a')
        .compare(...rare).decision,
    ).toBe('match');
    // The roll-out re-evaluated every stored record: the partition is the true one.
    expect(await currentPartition(t.app, 'org_a')).toEqual(truePartition());

    // The stored explanations show the term frequency that adjusted the country level: agreeing on
    // "iceland" (4 of 45 records) is worth more than agreeing on "usa" (41 of 45).
    const edges: Array<{
      source_id: string;
      explanation: { cmp: Array<{ name: string; tf?: number; w: number }> };
    }> = await t.app.get(DataSource).query(
      `SELECT r.source_id, e.explanation FROM match_edges e JOIN resolution_records r ON r.record_id = e.record_a
          WHERE e.entity_type = 'org_a' ORDER BY r.source_id`,
    );
    const country = new Map(
      edges.map((e) => [e.source_id, e.explanation.cmp.find((c) => c.name === 'country')!]),
    );
    expect(country.get('org-0')!.tf).toBeCloseTo(4 / 45, 3);
    expect(country.get('org-4')!.tf).toBeCloseTo(41 / 45, 3);
    expect(country.get('org-0')!.w).toBeGreaterThan(country.get('org-4')!.w + 3);
  });

  it('gives the same snapshot and the same partition for the same records in another order', async () => {
    const records = shuffled(orgRecords(), 42);
    for (let i = 0; i < records.length; i += 7) await applyChanges(t.app, 'org_b', records.slice(i, i + 7));
    const { snapshot, completion } = await t.app.get(StatsRefreshService).refresh('org_b');
    expect((await completion).status).toBe('done');
    const service = t.app.get(StatsRefreshService);
    const a = await service.status('org_a');
    expect(snapshot.countsSha256).toBe(a.active!.countsSha256);
    expect(await currentPartition(t.app, 'org_b')).toEqual(await currentPartition(t.app, 'org_a'));
  });

  it('loads the active snapshot at start-up, and scores records that arrive later with it', async () => {
    const restarted = await startTestApp(
      {
        MATCHERS_DIR: writeMatchersDir({ org_a: ORG_MATCHER, org_b: ORG_MATCHER }),
        KAFKA_BROKERS: undefined,
      },
      { databaseUrl: t.db.url },
    );
    try {
      expect(restarted.app.get(MatcherRegistry).statsVersion('org_a')).toBe(1);
      // A department arriving after the snapshot: its name is unseen (highest IDF), the boilerplate
      // still weighs little, so it stays alone.
      const late: TestChange = {
        domain: 'crm',
        sourceId: 'org-late',
        attributes: { name: 'Department of Computer Science, University of Zedmoor, USA', country: 'USA' },
      };
      await applyChanges(restarted.app, 'org_a', [late]);
      const partition = await currentPartition(restarted.app, 'org_a');
      expect(partition).toContainEqual(['crm:org-late']);
    } finally {
      await restarted.close();
    }
  });
});

describe('corpus statistics: automatic refresh', () => {
  let t: TestApp;
  const status = () => t.app.get(StatsRefreshService).status('org_a');

  beforeAll(async () => {
    t = await startTestApp({
      MATCHERS_DIR: writeMatchersDir({ org_a: ORG_MATCHER }),
      KAFKA_BROKERS: undefined,
      CORPUS_STATS_GROWTH_FACTOR: '2',
      CORPUS_STATS_MIN_RECORDS: '20',
      CORPUS_STATS_CHECK_SECONDS: '1',
    });
  });
  afterAll(() => t.close());

  it('counts a first snapshot at the minimum, and a new one when the records have doubled', async () => {
    const records = orgRecords(0);
    await applyChanges(t.app, 'org_a', records.slice(0, 10));
    expect((await status()).due).toBeNull();
    await applyChanges(t.app, 'org_a', records.slice(10, 20));
    const first = await pollUntil(
      'automatic snapshot v1 rolled out',
      status,
      (s) => s.latestJob?.status === 'done' && s.active?.version === 1,
      30_000,
    );
    expect(first.active).toMatchObject({ trigger: 'auto', recordCount: 20 });
    expect(first.due).toBeNull();

    await applyChanges(t.app, 'org_a', records.slice(20, 39));
    expect((await status()).due).toBeNull(); // 39 < 2 × 20
    await applyChanges(t.app, 'org_a', records.slice(39, 40));
    const second = await pollUntil(
      'automatic snapshot v2 rolled out',
      status,
      (s) => s.latestJob?.status === 'done' && s.active?.version === 2,
      30_000,
    );
    expect(second.active).toMatchObject({ trigger: 'auto', recordCount: 40 });
    expect(t.app.get(MatcherRegistry).statsVersion('org_a')).toBe(2);
  });
});
