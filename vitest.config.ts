import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node resolves `graphql` to its CommonJS entry (no "exports" map); vite would pick the
  // ESM copy for our code while yoga gets the CommonJS one, and two GraphQLError classes
  // break yoga's error handling. Pin the one Node uses, as in production.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Hang detectors, not speed checks (benchmarks measure speed): two suites at once on this
    // 2-core machine took a database-only test to 25 s; tests that start processes or a
    // browser set their own, longer budgets (test/helpers/process.ts).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database cloned from a migrated template: files run in parallel.
    pool: 'forks',
    // Most of a test's time is spent waiting on PostgreSQL, so one more file than cores keeps
    // both busy (measured here: 158 s with the default, 103 s with 3).
    maxWorkers: 3,
  },
});
