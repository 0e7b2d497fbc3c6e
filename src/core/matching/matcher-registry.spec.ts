import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../platform/config/app-config';
import type { MatcherConfigVersion } from './matcher-config.repository';
import type { MatcherConfigService } from './matcher-config.service';
import { MatcherRegistry } from './matcher-registry';

const MATCHERS = path.resolve(__dirname, '../../../matchers');

function version(id: string, n: number): MatcherConfigVersion {
  return {
    id,
    entityType: 'customer',
    version: n,
    hash: `h${n}`,
    author: 'spec',
    active: true,
    createdAt: new Date(0),
    activatedAt: new Date(0),
    text: readFileSync(path.join(MATCHERS, 'customer.yaml'), 'utf8'),
    weightsText: null,
  };
}

/**
 * Instances converge on the active config version by comparing ids (sync). A sync whose read of
 * the active ids was taken before a roll-out on this instance activated a newer version must not
 * install the older one over it. The store is a stand-in whose read can be held open.
 */
describe('MatcherRegistry.sync', () => {
  it('does not undo a version installed while its read was in flight', async () => {
    const v1 = version('1', 1);
    const v2 = version('2', 2);
    let releaseRead!: () => void;
    const readHeld = new Promise<void>((resolve) => (releaseRead = resolve));
    const configs = {
      importFiles: () => Promise.resolve(),
      active: () => Promise.resolve(v1),
      activeIds: async () => {
        await readHeld;
        return new Map([['customer', '1']]);
      },
      find: (id: string) => Promise.resolve(id === '1' ? v1 : v2),
    } as unknown as MatcherConfigService;
    const registry = new MatcherRegistry({ MATCHERS_DIR: MATCHERS } as AppConfig, configs, {
      importEdits: false,
    });
    await registry.ready();
    // The held read answers version 1, as it would have just before version 2 committed.
    const sync = registry.sync();
    registry.install(v2); // a roll-out on this instance, after its version committed
    releaseRead();
    await sync;
    expect(registry.version('customer').id).toBe('2');
  });
});
