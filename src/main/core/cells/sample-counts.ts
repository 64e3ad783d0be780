/**
 * Per-sample differential counts of a field scan: cells found, per-class counts and percentages with a 95%
 * Wilson score interval (sound at small counts and near 0% or 100%, unlike the normal approximation), and how
 * many were flagged and reviewed.
 */
import { basename, dirname, relative } from 'node:path'
import { wilsonInterval } from '../../../shared/stats'

export interface Proportion {
  count: number
  percent: number
  /** 95% Wilson interval, in percent. */
  low: number
  high: number
}

export { wilsonInterval } from '../../../shared/stats'

export interface CellOutcome {
  fieldPath: string
  predicted: string
  flagged: boolean
  reviewed: boolean
  /** The reviewed label when there is one: counts follow the technologist's decision over the model's. */
  label?: string
}

export interface SampleCount {
  sample: string
  fields: number
  cells: number
  byClass: Record<string, Proportion>
  flagged: number
  reviewed: number
}

/**
 * A subject id carried by the file name (C-NMC style `UID_<subject>_…`, or `<subject>_…` after a `sample-`
 * prefix), else undefined.
 */
export function subjectFromName(path: string): string | undefined {
  const name = basename(path)
  return /^UID_([^_]+)_/i.exec(name)?.[1] ?? /^sample[-_]([^_.]+)/i.exec(name)?.[1]
}

/** The sample a field belongs to: the subject in its name, else its folder relative to the scanned folder. */
export function sampleOf(fieldPath: string, scannedFolder: string): string {
  const subject = subjectFromName(fieldPath)
  if (subject) return subject
  const rel = relative(scannedFolder, dirname(fieldPath))
  return rel === '' ? basename(scannedFolder) : rel
}

export function sampleCounts(
  cells: readonly CellOutcome[],
  classes: readonly string[],
  scannedFolder: string,
  fieldsBySample: ReadonlyMap<string, number> = new Map()
): SampleCount[] {
  const groups = new Map<string, CellOutcome[]>()
  for (const c of cells) {
    const s = sampleOf(c.fieldPath, scannedFolder)
    groups.set(s, [...(groups.get(s) ?? []), c])
  }
  for (const s of fieldsBySample.keys()) if (!groups.has(s)) groups.set(s, [])
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sample, list]) => {
      const n = list.length
      const byClass: Record<string, Proportion> = {}
      for (const cls of classes) {
        const k = list.filter((c) => (c.label ?? c.predicted) === cls).length
        const ci = wilsonInterval(k, n)
        byClass[cls] = { count: k, percent: n ? (100 * k) / n : 0, low: 100 * ci.low, high: 100 * ci.high }
      }
      return {
        sample,
        fields: fieldsBySample.get(sample) ?? new Set(list.map((c) => c.fieldPath)).size,
        cells: n,
        byClass,
        flagged: list.filter((c) => c.flagged).length,
        reviewed: list.filter((c) => c.reviewed).length
      }
    })
}

export function formatSampleCounts(samples: readonly SampleCount[]): string {
  return samples
    .map((s) => {
      const classes = Object.entries(s.byClass)
        .map(
          ([c, p]) =>
            `${c} ${p.count} (${p.percent.toFixed(1)}%, 95% CI ${p.low.toFixed(1)}–${p.high.toFixed(1)}%)`
        )
        .join(', ')
      return `  sample ${s.sample}: ${s.fields} field(s), ${s.cells} cell(s)${classes ? `: ${classes}` : ''}; flagged ${s.flagged}, reviewed ${s.reviewed}`
    })
    .join('\n')
}
