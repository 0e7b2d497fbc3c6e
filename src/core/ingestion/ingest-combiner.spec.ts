import { DomainException } from '../../platform/common/errors/domain.exception';
import { ChangeEvent, EventResult } from './change-event.dto';
import { IngestCombiner } from './ingest-combiner';

/** A fake IngestionService.ingest: records each call's eventIds; an eventId starting "bad" fails its call. */
function fakeIngest(fail: (ids: string[]) => unknown = (ids) => ids.some((id) => id.startsWith('bad'))) {
  const calls: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ingest = async (events: ChangeEvent[]): Promise<EventResult[]> => {
    const ids = events.map((e) => e.eventId);
    calls.push(ids);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    const failure = fail(ids);
    if (failure instanceof Error) throw failure;
    if (failure === true) throw new Error(`cannot process ${ids.join(',')}`);
    return ids.map((eventId) => ({ eventId, status: 'applied' }));
  };
  return { ingest, calls, maxInFlight: () => maxInFlight };
}

const events = (...ids: string[]): ChangeEvent[] => ids.map((eventId) => ({ eventId }) as ChangeEvent);
const ids = (results: EventResult[]): string[] => results.map((r) => r.eventId ?? '');

describe('IngestCombiner', () => {
  it('ingests the submissions of one turn in one call and gives each its own results, in order', async () => {
    const f = fakeIngest();
    const combiner = new IngestCombiner(f.ingest, 2);
    const [a, b, c] = await Promise.all([
      combiner.submit(events('a1', 'a2')),
      combiner.submit(events('b1')),
      combiner.submit(events('c1', 'c2', 'c3')),
    ]);
    expect(f.calls).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
    expect([ids(a), ids(b), ids(c)]).toEqual([['a1', 'a2'], ['b1'], ['c1', 'c2', 'c3']]);
  });

  it('combines no more than `maxBytes` of messages, and lets a larger submission through alone', async () => {
    const f = fakeIngest();
    const combiner = new IngestCombiner(f.ingest, 1, true, 1000, 100);
    await Promise.all([
      combiner.submit(events('a1'), 60),
      combiner.submit(events('b1'), 40),
      combiner.submit(events('c1'), 150),
      combiner.submit(events('d1'), 10),
    ]);
    expect(f.calls).toEqual([['a1', 'b1'], ['c1'], ['d1']]);
  });

  it('never splits a submission, keeps arrival order and runs at most `concurrency` calls at once', async () => {
    const f = fakeIngest();
    const combiner = new IngestCombiner(f.ingest, 2, true, 4);
    await Promise.all([
      combiner.submit(events('a1', 'a2', 'a3')),
      combiner.submit(events('b1', 'b2')),
      combiner.submit(events('c1', 'c2')),
      combiner.submit(events('d1', 'd2', 'd3', 'd4')),
      combiner.submit(events('e1')),
    ]);
    expect(f.calls).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2', 'c1', 'c2'], ['d1', 'd2', 'd3', 'd4'], ['e1']]);
    expect(f.maxInFlight()).toBe(2);
  });

  it('with combine off, one submission per call', async () => {
    const f = fakeIngest();
    const combiner = new IngestCombiner(f.ingest, 2, false);
    await Promise.all([combiner.submit(events('a1')), combiner.submit(events('b1'))]);
    expect(f.calls).toEqual([['a1'], ['b1']]);
  });

  it('attributes a permanent failure of a combined call by ingesting each submission alone', async () => {
    const f = fakeIngest();
    const combiner = new IngestCombiner(f.ingest, 2);
    const [good, bad, other] = await Promise.allSettled([
      combiner.submit(events('a1')),
      combiner.submit(events('b1', 'bad')),
      combiner.submit(events('c1')),
    ]);
    expect(f.calls).toEqual([['a1', 'b1', 'bad', 'c1'], ['a1'], ['b1', 'bad'], ['c1']]);
    expect(good).toEqual({ status: 'fulfilled', value: [{ eventId: 'a1', status: 'applied' }] });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('cannot process b1,bad') });
    expect(other).toEqual({ status: 'fulfilled', value: [{ eventId: 'c1', status: 'applied' }] });
  });

  it('fails every submission of the call on a transient failure, for each to retry', async () => {
    const unavailable = new DomainException('COMMON.UNAVAILABLE', 'database down');
    const f = fakeIngest(() => unavailable);
    const combiner = new IngestCombiner(f.ingest, 2);
    const settled = await Promise.allSettled([combiner.submit(events('a1')), combiner.submit(events('b1'))]);
    expect(f.calls).toEqual([['a1', 'b1']]);
    expect(settled).toEqual([
      { status: 'rejected', reason: unavailable },
      { status: 'rejected', reason: unavailable },
    ]);
  });

  it('refuses a submission larger than one transaction takes', async () => {
    const combiner = new IngestCombiner(fakeIngest().ingest, 2, true, 2);
    await expect(combiner.submit(events('a', 'b', 'c'))).rejects.toThrow('over 2');
  });
});
