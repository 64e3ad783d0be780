/**
 * What the tests' PostgreSQL global setup (tests/setup/postgres.ts) hands to the test files: the URL of the one
 * server that runs for the whole test run, as its superuser, without a database
 * (`postgres://postgres:PASSWORD@127.0.0.1:PORT`: append `/NAME`). In a module of its own
 * so that the global setup (outside any test) and tests/support/postgres.ts (inside them) share the names.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

/** The same URL in the environment, for the processes a test starts (the command line, workers). */
export const TEST_POSTGRES_URL_ENV = 'LEUKOLENS_TEST_POSTGRES_URL'

/** The prefix of the test server's temporary folder; a later run finds folders of crashed runs by it. */
export const TEST_POSTGRES_DIR_PREFIX = 'leukolens-test-pg-'

/** The database at this build's schema (migrated, no rows) that the global setup makes for copies. */
export const TEMPLATE_DATABASE = 'leukolens_template'
