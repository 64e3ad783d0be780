import { defineConfig } from 'vitest/config'

// End-to-end: the built renderer in headless Debian Chromium against the test transport (tests/e2e/server.ts)
// over the real service layer. One file, one worker: it trains and scans on the 2 CPU cores.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // The lab flow runs against a real PostgreSQL (started once per run, as for the other tests) and spawns the
    // command line (queue, worker): rebuilt first when a source is newer.
    globalSetup: ['tests/setup/build-cli.ts', 'tests/setup/postgres.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks'
  }
})
