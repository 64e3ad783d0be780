import { defineConfig } from 'vitest/config'

// Tests run under plain Node on the wasm backend; a DenseNet121 forward pass on wasm takes seconds,
// so the timeouts are generous and files run one at a time on these 2-core machines.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Builds out/cli when a source file is newer: CLI tests and extraction workers run built code. Starts one
    // PostgreSQL for the run (tests/support/postgres.ts gives a test a database of its own on it).
    globalSetup: ['tests/setup/build-cli.ts', 'tests/setup/postgres.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    // Type tests (`*.test-d.ts`, expectTypeOf) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: 'tsconfig.node.json' }
  }
})
