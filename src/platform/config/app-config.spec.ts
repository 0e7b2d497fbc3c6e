import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.kafkaBrokers).toBeNull();
    expect(config.KAFKA_TOPIC_ENTITY_CHANGES).toBe('joinery.entity-changes.v1');
  });

  it('parses set values', () => {
    const config = loadConfig({
      PORT: '8080',
      KAFKA_BROKERS: '127.0.0.1:19092,10.0.0.2:9092',
      DATABASE_URL: 'postgres://x/y',
    });
    expect(config.PORT).toBe(8080);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:19092', '10.0.0.2:9092']);
  });

  it('lists every problem in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', KAFKA_BROKERS: 'nope', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/KAFKA_BROKERS/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it('takes a corpus-statistics refresh factor of 0 (off) or above 1, and nothing in between', () => {
    expect(loadConfig({}).CORPUS_STATS_GROWTH_FACTOR).toBe(2);
    expect(loadConfig({ CORPUS_STATS_GROWTH_FACTOR: '0' }).CORPUS_STATS_GROWTH_FACTOR).toBe(0);
    expect(loadConfig({ CORPUS_STATS_GROWTH_FACTOR: '1.5' }).CORPUS_STATS_GROWTH_FACTOR).toBe(1.5);
    for (const bad of ['1', '0.5', 'twice', '-2'])
      expect(() => loadConfig({ CORPUS_STATS_GROWTH_FACTOR: bad })).toThrow(/CORPUS_STATS_GROWTH_FACTOR/);
  });
});
