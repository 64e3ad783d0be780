/**
 * Building blocks for the schemas of what crosses from the window to the engine: bounded text without NUL
 * characters (paths and names reach the file system and SQLite), bounded integers, and a strict object that
 * refuses any key it does not name.
 */
import { z } from 'zod'

/** Text of at most `max` characters with no NUL character. */
export const text = (max = 4096) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\0'), 'contains a NUL character')

/** A whole number in [min, max]. */
export const int = (min = 0, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max)

/** The fields named and no other (an own key such as `constructor` or `__proto__` is refused too). */
export const exactObject = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape)

/** A call that takes no argument (`undefined`; `null` is accepted from transports that cannot send undefined). */
export const none = z
  .null()
  .optional()
  .transform((): void => undefined)
