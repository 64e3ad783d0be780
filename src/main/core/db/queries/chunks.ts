/**
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
