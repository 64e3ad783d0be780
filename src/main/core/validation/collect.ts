/**
 * The items of a validation study from a stored scan: the model's class of each image (or of each white cell of
 * a whole-field scan) paired with a reference class — from a CSV naming the scanned files, or from the classes
 * people gave in review. Each item's sample is what the per-sample counts use (subject in the name, else folder).
 */
import { UNIDENTIFIED } from '../../../shared/differential'
import type { Store } from '../db/store'
import { sampleOf } from '../cells/sample-counts'
import { fieldCellPlaces } from '../db/queries/field-cells'
import { referenceOf } from '../lab/reference'
import { queryHistory } from '../scan/history'
import { getScan } from '../scan/store'
import type { StudyItem } from './study'

export class ValidationStudyError extends Error {
  override name = 'ValidationStudyError'
}

export interface CollectedItems {
  items: StudyItem[]
  /** Classified images or cells of the scan that had no reference, and the scan's own size. */
  withoutReference: number
  classified: number
  fieldScan: boolean
  folder: string
}

export async function collectStudyItems(
  store: Store,
  scanId: number,
  source: { reference: ReadonlyMap<string, string> } | { reviewed: true }
): Promise<CollectedItems> {
  const scan = await getScan(store.k, scanId)
  if (!scan) throw new ValidationStudyError(`no scan ${scanId} (see \`leukolens history --scans\`)`)
  const fieldOf = await fieldCellPlaces(store.k, scanId)
  const fieldScan = fieldOf.size > 0
  if (fieldScan && 'reference' in source)
    throw new ValidationStudyError(
      `scan ${scanId} is a whole-field scan: its cells have no file names a reference CSV could name; review the cells and use --reviewed`
    )
  const rows = await queryHistory(store, { scanId })
  const items: StudyItem[] = []
  for (const r of rows) {
    const reference =
      'reference' in source ? referenceOf(source.reference, scan.folder, r.path) : r.review?.label
    // A cell a person classed unidentified has no reference class to compare the model with.
    if (reference === undefined || reference === UNIDENTIFIED) continue
    const samplePath = fieldOf.get(r.path)?.path ?? r.path
    items.push({
      path: r.path,
      sample: sampleOf(samplePath, scan.folder),
      test: r.prediction.predicted,
      reference
    })
  }
  return {
    items,
    withoutReference: rows.length - items.length,
    classified: rows.length,
    fieldScan,
    folder: scan.folder
  }
}
