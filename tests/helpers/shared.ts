import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** The read-only data, models and Keras fixtures beside the repo (override with LEUKOLENS_SHARED). */
export const SHARED = resolve(process.env.LEUKOLENS_SHARED ?? resolve(__dirname, '../../../shared'))

export function sharedPath(...parts: string[]): string {
  const p = resolve(SHARED, ...parts)
  if (!existsSync(p)) throw new Error(`Test input missing: ${p} (set LEUKOLENS_SHARED to the shared/ folder)`)
  return p
}
