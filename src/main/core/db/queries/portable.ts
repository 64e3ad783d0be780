/**
 * What the dataset query modules need to give one result on both engines.
 *
 * Rows per statement for the batched writes and IN lists: well under both engines' limits on bound parameters
 * (SQLite 32,766, PostgreSQL 65,535) at the widest row here (7 columns), and large enough that an import of
 * thousands of images is a handful of round trips.
 */
export const CHUNK = 500

/** `items` in consecutive slices of at most `size`. */
export function inChunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Text order by character code, as SQLite's default (BINARY) collation orders it. A PostgreSQL server orders text
 * by its own locale (`B` after `a` in en_US, before it in C), so a list whose order a user or a seeded draw sees is
 * sorted here rather than by ORDER BY.
 */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
