import type { Database } from 'better-sqlite3'
import type { SplitBy, SplitSummary } from '../../../shared/types/datasets'
import { ImportError } from '../import/files'
import { getDataset, setSplitSettings } from '../db/queries/datasets'
import { currentAssignment, replaceSplit, splitItems, splitRows } from '../db/queries/splits'
import { assignSplits, DEFAULT_RATIOS, DEFAULT_SEED } from './assign'
import { summariseSplit } from './report'

export interface SplitRequest {
  seed?: number
  ratios?: [number, number, number]
  /** Default `subject`; falls back to `image` when the dataset knows no subjects. */
  by?: SplitBy
  /** Keep every image's current split and place only the new ones (what a re-import does). */
  keepExisting?: boolean
}

/** Splits (or re-splits) a dataset's labelled images and stores the result with its settings, atomically. */
export function splitDataset(db: Database, datasetId: number, req: SplitRequest = {}): SplitSummary {
  return db.transaction(() => {
    const ds = getDataset(db, datasetId)
    if (!ds) throw new Error(`no dataset with id ${datasetId}`)
    const items = splitItems(db, datasetId)
    if (!items.length) throw new ImportError(`dataset "${ds.name}" has no labelled images to split`)
    const hasSubjects = items.some((i) => i.subject !== null)
    const requested = req.by ?? 'subject'
    const settings = {
      seed: req.seed ?? DEFAULT_SEED,
      ratios: req.ratios ?? DEFAULT_RATIOS,
      by: requested === 'subject' && !hasSubjects ? ('image' as const) : requested
    }
    const existing = req.keepExisting ? currentAssignment(db, datasetId) : undefined
    replaceSplit(db, datasetId, assignSplits(items, { ...settings, existing }))
    setSplitSettings(db, datasetId, settings)
    return storedSplitSummary(db, datasetId)!
  })()
}

/** The stored split of a dataset with counts and warnings, or null when it has none. */
export function storedSplitSummary(db: Database, datasetId: number): SplitSummary | null {
  const ds = getDataset(db, datasetId)
  if (!ds?.split) return null
  const summary = summariseSplit(splitRows(db, datasetId), ds.split)
  const hasSubjects = splitItems(db, datasetId).some((i) => i.subject !== null)
  if (ds.split.by === 'image' && !hasSubjects) {
    summary.warnings.unshift(
      'no subjects (patients) are known for this dataset: split by image; if images share patients, validation and test scores will read too high'
    )
  }
  return summary
}
