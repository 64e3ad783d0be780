import { BACKEND_NAMES, type BackendName } from '../../shared/names'
import { ENV } from '../services/config'
import { UsageError } from './errors'
import { wholeNumber } from '../../shared/decimal'
import { maxWorkers } from '../core/engine/workers/limits'

/**
 * A whole-number flag (`--workers 2`, `--epochs 40`, `--scan 3`): undefined when absent, a UsageError naming
 * the flag and the value when it is not a whole number ≥ `min`.
 */
export function intFlag(flag: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined
  const n = wholeNumber(text)
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`invalid ${flag} "${text}": expected a whole number ≥ ${min}`)
  return n
}

/** `--workers N`: a whole number from 1 to this machine's core count (more would only take memory). */
export function workersFlag(text: string | undefined): number | undefined {
  const n = intFlag('--workers', text)
  const max = maxWorkers()
  if (n !== undefined && n > max)
    throw new UsageError(
      `invalid --workers "${text}": this machine has ${max} logical core(s); use at most ${max}`
    )
  return n
}

/** Help text of every `--backend` flag: the names listed once, from the engine's own list. */
export const BACKEND_FLAG_HELP = `force a backend (${BACKEND_NAMES.join('|')}) for this command; default $${ENV.backend}, else the backend setting, else the fastest that works`

/** `--backend NAME`: exactly the names the variable and the setting accept, else a UsageError that lists them. */
export function backendFlag(text: string | undefined): BackendName | undefined {
  if (text === undefined) return undefined
  const name = text.trim()
  if (!(BACKEND_NAMES as readonly string[]).includes(name))
    throw new UsageError(`invalid --backend "${text}": expected one of ${BACKEND_NAMES.join(', ')}`)
  return name as BackendName
}
