/**
 * Per-sample differential counts: cells found, per-class counts and percentages with a 95% Wilson score interval
 * (sound at small counts and near 0% or 100%, unlike the normal approximation), and how many were flagged and
 * reviewed. A cell unlike the model's training data is counted apart: its class is a guess from features the
 * model never learned, so it would only dilute or bend the differential. When too many cells are unfamiliar the
 * sample gets no percentages at all: what remains is a differential of the few cells the model knows, not of the
 * sample.
 */
import { basename, dirname, relative } from 'node:path'
import type { HistoryRow, Proportion, SampleCount } from '../../../shared/types/scan'
import { DEFAULT_UNFAMILIAR_LIMIT } from '../scan/settings'
import { wilsonInterval } from '../../../shared/stats'
import { UNIDENTIFIED } from '../../../shared/differential'

export type { Proportion, SampleCount }

export { wilsonInterval } from '../../../shared/stats'

export interface CellOutcome {
  fieldPath: string
  predicted: string
  flagged: boolean
  reviewed: boolean
  /** The reviewed label when there is one: counts follow the technologist's decision over the model's. */
  label?: string
  /** Unlike the model's training data (the OOD score or the image checks). */
  unfamiliar?: boolean
}

/** A history row as a counted outcome; `fieldPath` is the row's own path unless the caller knows its field. */
export function outcomeOf(r: HistoryRow, fieldPath = r.path): CellOutcome {
  return {
    fieldPath,
    predicted: r.prediction.predicted,
    flagged: r.prediction.flagged,
    reviewed: r.review !== null,
    label: r.review?.label,
    unfamiliar: r.prediction.ood === true
  }
}

/** The sentence a withheld sample carries wherever its counts would have been. */
export function withheldReason(unfamiliar: number, cells: number): string {
  return `No result: ${unfamiliar} of ${cells} cells are unlike this model's training data`
}

/**
 * The classes a sample's counts list: the model's, then each other class a person gave a cell — `unidentified`
 * (a cell nobody can name) above all. Every counted cell is in exactly one of them, so the shares add up to the
 * cells they rest on; a class only a person uses is listed once somebody has used it.
 */
export function countedClasses(known: readonly CellOutcome[], classes: readonly string[]): string[] {
  const names = [...classes]
  for (const c of known) if (c.label !== undefined && !names.includes(c.label)) names.push(c.label)
  const u = names.indexOf(UNIDENTIFIED)
  // `unidentified` last, as on the differential's keys, whatever order the reviews came in.
  return u < 0 ? names : [...names.slice(0, u), ...names.slice(u + 1), UNIDENTIFIED]
}

/**
 * One sample's counts. Unfamiliar cells stay out of every class count, reviewed or not: a review of such a cell
 * is a person's answer to a question the model could not answer, and the sign-off gate asks for it anyway.
 * `limit`: the unfamiliar share above which the sample is withheld.
 */
export function countSample(
  sample: string,
  list: readonly CellOutcome[],
  classes: readonly string[],
  fields: number,
  limit = DEFAULT_UNFAMILIAR_LIMIT
): SampleCount {
  const cells = list.length
  const unfamiliar = list.filter((c) => c.unfamiliar).length
  const known = list.filter((c) => !c.unfamiliar)
  const withheld = cells > 0 && unfamiliar / cells > limit
  const byClass: Record<string, Proportion> = {}
  if (!withheld)
    for (const cls of countedClasses(known, classes)) {
      const k = known.filter((c) => (c.label ?? c.predicted) === cls).length
      const n = known.length
      const ci = wilsonInterval(k, n)
      byClass[cls] = { count: k, percent: n ? (100 * k) / n : 0, low: 100 * ci.low, high: 100 * ci.high }
    }
  return {
    sample,
    fields,
    cells,
    unfamiliar,
    counted: known.length,
    byClass,
    flagged: list.filter((c) => c.flagged).length,
    reviewed: list.filter((c) => c.reviewed).length,
    flaggedUnreviewed: list.filter((c) => c.flagged && !c.reviewed).length,
    withheld,
    ...(withheld ? { reason: withheldReason(unfamiliar, cells) } : {})
  }
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
  fieldsBySample: ReadonlyMap<string, number> = new Map(),
  limit = DEFAULT_UNFAMILIAR_LIMIT
): SampleCount[] {
  const groups = new Map<string, CellOutcome[]>()
  for (const c of cells) {
    const s = sampleOf(c.fieldPath, scannedFolder)
    groups.set(s, [...(groups.get(s) ?? []), c])
  }
  for (const s of fieldsBySample.keys()) if (!groups.has(s)) groups.set(s, [])
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sample, list]) =>
      countSample(
        sample,
        list,
        classes,
        fieldsBySample.get(sample) ?? new Set(list.map((c) => c.fieldPath)).size,
        limit
      )
    )
}

/** "ALL 12 (40.0%, 95% CI …)" per class, or the reason there is no result, and the unfamiliar cells apart. */
export function formatSampleResult(s: SampleCount, unit = 'cell'): string {
  if (s.withheld) return s.reason!
  if (!s.cells) return `no ${unit} classified`
  const classes = Object.entries(s.byClass)
    .map(
      ([c, p]) =>
        `${c} ${p.count} (${p.percent.toFixed(1)}%, 95% CI ${p.low.toFixed(1)}–${p.high.toFixed(1)}%)`
    )
    .join(', ')
  const apart = s.unfamiliar
    ? `; ${s.unfamiliar} unfamiliar ${unit}${s.unfamiliar === 1 ? '' : 's'} counted apart`
    : ''
  return `${classes || 'no class'} of ${s.counted} ${unit}${s.counted === 1 ? '' : 's'}${apart}`
}

export function formatSampleCounts(samples: readonly SampleCount[]): string {
  return samples
    .map(
      (s) =>
        `  sample ${s.sample}: ${s.fields} field(s), ${s.cells} cell(s)${s.cells ? `: ${formatSampleResult(s)}` : ''}; ` +
        `flagged ${s.flagged}, reviewed ${s.reviewed}`
    )
    .join('\n')
}
