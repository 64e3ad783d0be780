/**
 * The counted differential: a sample's cells counted by the class a person gave each (a confirmation of the
 * model's class, a key pressed, or `unidentified` for a cell nobody can name) toward a target of 100 or 200 cells.
 * Only a person's class counts: a cell the model classified and nobody looked at is not yet part of the count, and
 * an unfamiliar cell (unlike the model's training data) never enters it by the model's guess. Each class's share
 * rests on the cells counted and carries its 95% Wilson interval.
 */
import type { Store } from '../db/store'
import { wilsonInterval } from '../../../shared/stats'
import type { ClassShare, SignedResult } from '../../../shared/types/differential'
import { differentialClasses } from '../../../shared/differential'
import type { HistoryRow, ScanRecord } from '../../../shared/types/scan'
import { sampleOf } from '../cells/sample-counts'
import { fieldCellPlaces } from '../db/queries/field-cells'
import { queryHistory } from '../scan/history'

/** One cell of a sample as the differential sees it. */
export interface DifferentialCell {
  sample: string
  sha256: string
  path: string
  predictionId: number
  predicted: string
  flagged: boolean
  unfamiliar: boolean
  /** The class a person gave the cell (its newest review); null while nobody has. */
  label: string | null
  /** For a cell found in a whole field: that field and the cell's number in it. */
  field?: { path: string; cell: number }
}

export class DifferentialError extends Error {
  override name = 'DifferentialError'
}

function cellOf(r: HistoryRow, sample: string): DifferentialCell {
  return {
    sample,
    sha256: r.sha256,
    path: r.path,
    predictionId: r.prediction.id,
    predicted: r.prediction.predicted,
    flagged: r.prediction.flagged,
    unfamiliar: r.prediction.ood === true,
    label: r.review?.label ?? null,
    ...(r.field ? { field: r.field } : {})
  }
}

/**
 * Every classified cell of a scan with its sample: a whole-field scan's cells by the sample of their field, a
 * folder scan's images by their own (subject in the name, else folder), as the per-sample counts group them.
 */
export async function differentialCells(
  store: Store,
  scan: ScanRecord
): Promise<{ classes: string[]; cells: DifferentialCell[] }> {
  // A field scan's rows are its cells' crops: each is counted in the sample of the field it was found in.
  const places = await fieldCellPlaces(store.k, scan.id)
  const isFieldScan = places.size > 0
  const rows = await queryHistory(store, { scanId: scan.id })
  const cells = rows.flatMap((r) => {
    const field = r.field ?? places.get(r.path)
    if (isFieldScan && !field) return []
    return [cellOf({ ...r, ...(field ? { field } : {}) }, sampleOf(field?.path ?? r.path, scan.folder))]
  })
  // Every prediction of a scan comes from its one model version, so the first row's classes are the scan's.
  return { classes: rows[0]?.prediction.classes ?? [], cells }
}

/** The samples of a scan in name order, each with its cells. */
export function cellsBySample(cells: readonly DifferentialCell[]): Map<string, DifferentialCell[]> {
  const out = new Map<string, DifferentialCell[]>()
  for (const c of [...cells].sort((a, b) => (a.sample < b.sample ? -1 : a.sample > b.sample ? 1 : 0)))
    out.set(c.sample, [...(out.get(c.sample) ?? []), c])
  return out
}

/**
 * The shares of the cells a person has classed, per class in key order (the model's classes, then
 * `unidentified`). A label outside that list (a model with other classes reviewed the content) is counted
 * under its own name after them, so no person's class is silently dropped.
 */
export function countDifferential(
  cells: readonly Pick<DifferentialCell, 'label'>[],
  modelClasses: readonly string[]
): { counted: number; classes: ClassShare[] } {
  const labels = cells.flatMap((c) => (c.label === null ? [] : [c.label]))
  const counted = labels.length
  const names = differentialClasses(modelClasses)
  for (const l of labels) if (!names.includes(l)) names.push(l)
  const classes = names.map((name) => {
    const count = labels.filter((l) => l === name).length
    const ci = wilsonInterval(count, counted)
    return {
      name,
      count,
      percent: counted ? (100 * count) / counted : 0,
      low: 100 * ci.low,
      high: 100 * ci.high
    }
  })
  return { counted, classes }
}

/** Whether the counts now differ from a signed result's (then signing again makes a correction). */
export function differsFromSigned(
  now: { counted: number; classes: readonly ClassShare[] },
  signed: Pick<SignedResult, 'counted' | 'classes'>
): boolean {
  if (now.counted !== signed.counted) return true
  const before = new Map(signed.classes.map((c) => [c.name, c.count]))
  const after = new Map(now.classes.map((c) => [c.name, c.count]))
  for (const name of new Set([...before.keys(), ...after.keys()]))
    if ((before.get(name) ?? 0) !== (after.get(name) ?? 0)) return true
  return false
}

/** "ALL 12 of 100 (12.0%, 95% CI 7.0–19.8%)". */
export function classShareText(c: ClassShare, counted: number): string {
  return `${c.name} ${c.count} of ${counted} (${c.percent.toFixed(1)}%, 95% CI ${c.low.toFixed(1)}–${c.high.toFixed(1)}%)`
}
