/** The counted differential's target: the `samples.differentialTarget` setting, 100 or 200 cells (default 100). */
import type { Queries } from '../db/store'
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

export async function getDifferentialTarget(q: Queries): Promise<DifferentialTarget> {
  const v = await getSetting(q, DIFFERENTIAL_TARGET_KEY)
  return v === undefined
    ? DEFAULT_DIFFERENTIAL_TARGET
    : parseDifferentialTarget(v, `setting ${DIFFERENTIAL_TARGET_KEY}`)
}

export async function setDifferentialTarget(q: Queries, value: number): Promise<void> {
  await setSetting(
    q,
    DIFFERENTIAL_TARGET_KEY,
    String(parseDifferentialTarget(String(value), 'differentialTarget'))
  )
}
