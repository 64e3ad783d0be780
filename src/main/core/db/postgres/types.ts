import pg from 'pg'

const INT8 = 20
const NUMERIC = 1700

/**
 * Type parsing for every connection: counts and sums come back as int8/numeric, which `pg` gives as strings; as
 * numbers they read as SQLite's do (our counts stay far below 2^53).
 */
export function numbersAsNumbers(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v)
  return pg.types.getTypeParser(oid, format as 'text')
}
