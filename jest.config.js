// Two projects: fast unit tests next to the code, and integration tests under test/ that
// talk to a real PostgreSQL and a real Kafka broker (provisioned once by the global setup).
const transform = { '^.+\\.ts$': ['@swc/jest'] };

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // Integration tests start Nest apps and talk to Kafka; unit tests finish far below this. The
  // factor stretches it with every deadline of test/support/poll.ts, for a slower machine still.
  testTimeout: 60000 * Number(process.env.JOINERY_TEST_TIME_FACTOR ?? 1),
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/src', '<rootDir>/bench', '<rootDir>/scripts'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
