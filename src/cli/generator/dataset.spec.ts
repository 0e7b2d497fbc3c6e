import path from 'node:path';
import { compileMatcher, linkRecords, loadMatcherConfig } from '../../engine';
import { validateChangeEvent } from '../../core/ingestion/change-event.validator';
import { ENTITY_TYPES, SyntheticDataset, type EntityType } from './dataset';
import { pairwiseAccuracy } from './evaluate';

const MATCHERS = path.resolve(__dirname, '../../../matchers');
const validation = { maxEventBytes: 262_144, isKnownEntityType: (t: string) => t !== 'unknown' };

describe('SyntheticDataset', () => {
  it.each(ENTITY_TYPES)(
    '%s: the same options give the same events, another seed other ones',
    (entityType) => {
      const events = (seed: number) =>
        JSON.stringify([...new SyntheticDataset({ entityType, records: 300, domains: 4, seed }).events()]);
      expect(events(1)).toBe(events(1));
      expect(events(1)).not.toBe(events(2));
    },
  );

  it.each([3, 4, 5])('spreads records over exactly the first %i domains', (domains) => {
    const d = new SyntheticDataset({ entityType: 'customer', records: 2000, domains, seed: 3 });
    const used = new Set(Array.from({ length: d.records }, (_, p) => d.domainOfRecord(p)));
    expect([...used].sort()).toEqual(d.domains.map((x) => x.name).sort());
    expect(d.domains).toHaveLength(domains);
  });

  it.each([0, 2, 6, 1.5])('refuses %d domains', (domains) => {
    expect(() => new SyntheticDataset({ entityType: 'customer', records: 10, domains, seed: 1 })).toThrow(
      /domains/,
    );
  });

  it.each(ENTITY_TYPES)('%s: every event is a valid change event with a unique key', (entityType) => {
    const d = new SyntheticDataset({ entityType, records: 1000, domains: 5, seed: 8 });
    const events = [...d.events({ updates: 200, deletes: 50 })];
    expect(events).toHaveLength(1250);
    for (const e of events) {
      const json = JSON.stringify(e);
      const v = validateChangeEvent(JSON.parse(json), Buffer.byteLength(json), validation);
      if (!v.ok) throw new Error(`${json}: ${JSON.stringify(v.error.problems)}`);
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    const keys = Array.from({ length: d.records }, (_, p) => d.sourceKey(p));
    expect(new Set(keys).size).toBe(d.records);
  });

  it('updates raise a record`s version one by one; deletes come last, once per record', () => {
    const d = new SyntheticDataset({ entityType: 'account', records: 200, domains: 3, seed: 2 });
    const last = new Map<string, number>();
    const deleted = new Set<string>();
    for (const e of d.events({ updates: 400, deletes: 30 })) {
      const key = `${e.domain}:${e.sourceId}`;
      expect(deleted.has(key)).toBe(false);
      expect(e.version).toBe((last.get(key) ?? 0) + 1);
      last.set(key, e.version);
      if (e.op === 'delete') deleted.add(key);
    }
    expect(deleted.size).toBe(30);
    const truth = [...d.truth(30)];
    expect(truth).toHaveLength(170);
    for (const { sourceKey } of truth) expect(deleted.has(sourceKey.replace(':account:', ':'))).toBe(false);
  });

  it.each(ENTITY_TYPES)('%s: attribute names are the sources of matchers/%s.yaml', (entityType) => {
    const config = loadMatcherConfig(MATCHERS, entityType);
    const sources = new Set([...config.attributes.values()].flatMap((a) => a.source));
    const d = new SyntheticDataset({ entityType, records: 500, domains: 5, seed: 4 });
    for (let p = 0; p < d.records; p++) {
      for (const name of Object.keys(d.attributes(p))) expect(sources).toContain(name);
    }
  });

  it.each<[EntityType, Record<string, number>]>([
    // The least share of records in which the matcher's normalizer accepts the attribute: formats
    // the normalizers cannot read would show up here as nulls.
    [
      'customer',
      { family_name: 0.99, given_name: 0.85, email: 0.85, phone: 0.6, postal_code: 0.6, date_of_birth: 0.35 },
    ],
    ['account', { holder_name: 0.99, account_tail: 0.8, iban: 0.5, opened_on: 0.6, currency: 0.99 }],
    ['product', { title: 0.99, gtin: 0.5, model_number: 0.4, price: 0.9, brand: 0.7 }],
  ])('%s: the matcher reads the generated formats', (entityType, least) => {
    const matcher = compileMatcher(loadMatcherConfig(MATCHERS, entityType));
    const d = new SyntheticDataset({ entityType, records: 2000, domains: 5, seed: 5 });
    const filled: Record<string, number> = {};
    for (let p = 0; p < d.records; p++) {
      const prepared = matcher.prepare(d.attributes(p));
      for (const name of Object.keys(least))
        if (prepared[name] != null) filled[name] = (filled[name] ?? 0) + 1;
    }
    for (const [name, share] of Object.entries(least)) {
      expect([name, (filled[name] ?? 0) / d.records >= share]).toEqual([name, true]);
    }
  });

  it('customers have a Zipf skew: a few very common surnames, a long tail', () => {
    const d = new SyntheticDataset({ entityType: 'customer', records: 20_000, domains: 3, seed: 6 });
    const counts = new Map<string, number>();
    for (let p = 0; p < d.records; p++) {
      const name = String(d.attributes(p).family_name ?? '').toLowerCase();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0] / d.records).toBeGreaterThan(0.01);
    expect(sorted[0] / d.records).toBeLessThan(0.05);
    expect(counts.get('smith') ?? 0).toBe(sorted[0]);
    expect(counts.size).toBeGreaterThan(2000);
  });

  it('customers: noisy but linkable, most entities known to more than one domain', () => {
    const matcher = compileMatcher(loadMatcherConfig(MATCHERS, 'customer'));
    const d = new SyntheticDataset({ entityType: 'customer', records: 3000, domains: 5, seed: 7 });
    const keys = Array.from({ length: d.records }, (_, p) => d.sourceKey(p));
    const result = linkRecords(
      matcher,
      keys.map((_, p) => matcher.prepare(d.attributes(p))),
    );
    const truth = new Map(keys.map((k, p) => [k, d.entityId(p)]));
    const accuracy = pairwiseAccuracy(
      truth,
      keys.map((k, p) => [k, String(result.clusterOf[p])] as const),
    );
    expect(d.entities).toBeLessThan(d.records * 0.5);
    expect(accuracy.f1).toBeGreaterThan(0.9);
    expect(accuracy.recall).toBeLessThan(1); // the noise costs something
  });
});
