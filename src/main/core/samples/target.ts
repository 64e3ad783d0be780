/** The counted differential's target: the `samples.differentialTarget` setting, 100 or 200 cells (default 100). */
import type { Database } from 'better-sqlite3'
import { getSetting, setSetting } from '../db/queries/settings'
import {
  DEFAULT_DIFFERENTIAL_TARGET,
  DIFFERENTIAL_TARGETS,
  type DifferentialTarget
} from '../../../shared/differential'

export const DIFFERENTIAL_TARGET_KEY = 'samples.differentialTarget'

export function parseDifferentialTarget(text: string, where: string): DifferentialTarget {
  const v = Number(text.trim())
  if (!(DIFFERENTIAL_TARGETS as readonly number[]).includes(v))
    throw new RangeError(
      `${where}: a differential counts ${DIFFERENTIAL_TARGETS.join(' or ')} cells, got "${text}"`
    )
  return v as DifferentialTarget
}

export function getDifferentialTarget(db: Database): DifferentialTarget {
  const v = getSetting(db, DIFFERENTIAL_TARGET_KEY)
  return v === undefined
    ? DEFAULT_DIFFERENTIAL_TARGET
    : parseDifferentialTarget(v, `setting ${DIFFERENTIAL_TARGET_KEY}`)
}

export function setDifferentialTarget(db: Database, value: number): void {
  setSetting(
    db,
    DIFFERENTIAL_TARGET_KEY,
    String(parseDifferentialTarget(String(value), 'differentialTarget'))
  )
}
