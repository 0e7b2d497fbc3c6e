import { idf, InMemoryCorpusStats, termFrequency, type StatTerms } from './corpus-stats';

const record = (surname: string, words: string[]): StatTerms => ({
  attributes: ['surname', 'title'],
  values: [['surname', surname]],
  tokens: words.map((w) => ['title', w] as const),
});

const RECORDS = [
  record('smith', ['university', 'oxford']),
  record('smith', ['university', 'leeds']),
  record('xiang', ['university', 'department']),
  record('lee', ['department', 'oxford']),
];

describe('InMemoryCorpusStats counts as data', () => {
  it('gives the same document whatever the order the records were counted in', () => {
    const forward = new InMemoryCorpusStats();
    RECORDS.forEach((r) => forward.add(r));
    const backward = new InMemoryCorpusStats();
    [...RECORDS].reverse().forEach((r) => backward.add(r));
    expect(JSON.stringify(backward.toCounts())).toBe(JSON.stringify(forward.toCounts()));
  });

  it('round-trips every count TF and IDF read, leaving out values seen once', () => {
    const counted = new InMemoryCorpusStats();
    RECORDS.forEach((r) => counted.add(r));
    const counts = counted.toCounts();
    expect(counts.values).toEqual([['surname', [['smith', 2]]]]);
    const loaded = InMemoryCorpusStats.fromCounts(JSON.parse(JSON.stringify(counts)));
    for (const token of ['university', 'oxford', 'leeds', 'department', 'unseen'])
      expect(idf(loaded, 'title', token)).toBe(idf(counted, 'title', token));
    for (const value of ['smith', 'xiang', 'lee', 'unseen'])
      expect(termFrequency(loaded, 'surname', value)).toBe(termFrequency(counted, 'surname', value));
    expect(loaded.attributeCount('title')).toBe(4);
  });

  it('weighs a rare token above a common one', () => {
    const stats = new InMemoryCorpusStats();
    RECORDS.forEach((r) => stats.add(r));
    expect(idf(stats, 'title', 'leeds')).toBeGreaterThan(idf(stats, 'title', 'university'));
  });
});
