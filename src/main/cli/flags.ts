import { UsageError } from './index'

/**
 * A whole-number flag (`--workers 2`, `--epochs 40`, `--scan 3`): undefined when absent, a UsageError naming
 * the flag and the value when it is not a whole number ≥ `min`.
 */
export function intFlag(flag: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) throw new UsageError(`invalid ${flag} "${text}": expected a whole number ≥ ${min}`)
  return n
}
