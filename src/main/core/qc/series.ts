/**
 * A control set's runs as a series per measure (accuracy, blast percentage) judged by the Westgard rules
 * against the set's targets. The verdict a run got the day it ran is stored with it; this recomputes the same
 * rules for a new run from the runs before it.
 */
import { westgard } from '../stats/westgard'
import type { QcTarget } from '../../../shared/types/qc'

export interface MeasureSeries {
  name: 'accuracy' | 'blast'
  values: number[]
  target: QcTarget | null
}

export interface RunVerdict {
  rules: string[]
  reject: boolean
  z: Record<MeasureSeries['name'], number | null>
}

/** The verdict of the last value of each series (every series ends with the new run). */
export function verdictOfLast(series: readonly MeasureSeries[]): RunVerdict {
  const rules: string[] = []
  let reject = false
  const z: RunVerdict['z'] = { accuracy: null, blast: null }
  for (const s of series) {
    if (!s.target || !s.values.length || !Number.isFinite(s.values.at(-1)!)) continue
    const last = westgard(
      s.values.filter((v) => Number.isFinite(v)),
      s.target
    ).at(-1)!
    z[s.name] = last.z
    rules.push(...last.rules.map((r) => `${s.name} ${r}`))
    reject ||= last.reject
  }
  return { rules, reject, z }
}

/** A target from earlier runs: their mean and sample SD (at least 2 runs, and they must vary). */
export function targetFromValues(values: readonly number[], measure: string): QcTarget {
  const v = values.filter((x) => Number.isFinite(x))
  if (v.length < 2) throw new Error(`a ${measure} target needs at least 2 runs (there are ${v.length})`)
  const mean = v.reduce((s, x) => s + x, 0) / v.length
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1))
  if (!(sd > 0))
    throw new Error(
      `the ${v.length} runs all gave ${measure} ${mean.toFixed(1)}%: an SD of 0 cannot judge a run; give the target as MEAN,SD`
    )
  return { mean, sd }
}

/**
 * The default blast target: the set's own share of blasts, with the SD a count of n cells has from sampling
 * alone (binomial), in percent.
 */
export function binomialTarget(blasts: number, n: number): QcTarget {
  const p = blasts / n
  return { mean: 100 * p, sd: 100 * Math.sqrt((p * (1 - p)) / n) }
}
