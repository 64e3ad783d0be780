import { createRequire } from 'node:module'
import type PgModule from 'pg'

/**
 * The PostgreSQL client library, loaded on first use: a workstation on its own SQLite file (and every command
 * line start) never pays for it. `pg` is CommonJS, so a synchronous require keeps the store's constructor
 * synchronous.
 */
export function pgClient(): typeof PgModule {
  return createRequire(import.meta.url)('pg') as typeof PgModule
}

const INT8 = 20
const NUMERIC = 1700

/**
 * Type parsing for every connection: counts and sums come back as int8/numeric, which `pg` gives as strings; as
 * numbers they read as SQLite's do (our counts stay far below 2^53).
 */
export function numbersAsNumbers(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v)
  return pgClient().types.getTypeParser(oid, format as 'text')
}
