import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileMatcher } from '../matcher/matcher';
import { loadMatcherConfigs } from './matcher-config.loader';

/**
 * The complete configs in docs/matchers.md (a YAML block opening with `# matchers/<type>.yaml`) are
 * the ones a newcomer copies: each must load and compile as written.
 */
describe('the worked examples of docs/matchers.md', () => {
  const doc = readFileSync(resolve(__dirname, '../../../docs/matchers.md'), 'utf8');
  const examples = [...doc.matchAll(/```yaml\n# matchers\/(\w+)\.yaml\n([\s\S]*?)```/g)].map(
    ([, type, body]) => [type, body] as const,
  );

  it('has the company and publication configs', () => {
    expect(examples.map(([type]) => type)).toEqual(expect.arrayContaining(['company', 'publication']));
  });

  it.each(examples)('%s.yaml loads and compiles', (type, body) => {
    const dir = mkdtempSync(join(tmpdir(), 'joinery-docs-'));
    try {
      writeFileSync(join(dir, `${type}.yaml`), body);
      const config = loadMatcherConfigs(dir).configs.get(type)!;
      const matcher = compileMatcher(config);
      const record = matcher.prepare({});
      expect(matcher.compare(record, record, { blockingKey: '' }).decision).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
