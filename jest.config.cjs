/**
 * Unit tests run anywhere with no network; template tests package the AWS stage (no credentials, no
 * network) and check what it would deploy; integration tests need the real broker and emulator; failover
 * tests kill brokers of the real 3-broker cluster.
 */
const transform = { '^.+\\.(t|j|mj)s$': ['@swc/jest'] };
// middy 6 is ESM-only: let swc transform it.
const transformIgnorePatterns = ['/node_modules/(?!@middy/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'template',
      testMatch: ['<rootDir>/test/template/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/template/global-setup.ts',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/local-env.ts'],
    },
    {
      // Real brokers killed under traffic: the 3-broker cluster, started by its own global setup.
      displayName: 'failover',
      testMatch: ['<rootDir>/test/failover/**/*.int.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/failover/global-setup.ts',
      globalTeardown: '<rootDir>/test/failover/global-teardown.ts',
      setupFiles: ['<rootDir>/test/failover/cluster-env.ts'],
    },
  ],
  testTimeout: 60000,
};
