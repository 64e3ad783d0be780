import type { Database } from 'better-sqlite3'
import type { ScanRecord } from '../../../shared/types/scan'
import { listImageFiles, sha256File } from './files'
import { createScan, findResumableScan, latestPrediction, scannedPaths, type NewScan, type ScanItemResult } from './store'

/**
 * The first stage of a scan: which files are new to it, which contents this model version has already classified
 * (reused, not recomputed), and which need computing — one entry per distinct content, the other paths of the
 * same content riding along as duplicates.
 */

export interface ComputeJob {
  sha256: string
  path: string
  duplicates: string[]
}

export interface ScanPlan {
  scan: ScanRecord
  resumed: boolean
  /** Every image file in the folder now. */
  files: number
  /** Files this scan had already recorded before this run (a resumed scan). */
  alreadyRecorded: number
  /** Files whose content has a prediction by this model version: recorded without computing. */
  reuse: ScanItemResult[]
  /** Files that could not even be read to hash them. */
  unreadable: ScanItemResult[]
  compute: ComputeJob[]
}

export interface PlanOptions extends Omit<NewScan, 'folder'> {
  folder: string
  rescan: boolean
}

export async function planScan(db: Database, opts: PlanOptions): Promise<ScanPlan> {
  const paths = listImageFiles(opts.folder, opts.recursive)
  const key = { folder: opts.folder, recursive: opts.recursive, modelId: opts.modelId, tta: opts.tta }
  const resumable = findResumableScan(db, key)
  const scan = resumable ?? createScan(db, opts)
  const recorded = resumable ? scannedPaths(db, scan.id) : new Set<string>()
  const reuse: ScanItemResult[] = []
  const unreadable: ScanItemResult[] = []
  const bySha = new Map<string, ComputeJob>()
  for (const path of paths) {
    if (recorded.has(path)) continue
    let sha256: string
    try {
      sha256 = await sha256File(path)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      unreadable.push({ path, sha256: null, error: `cannot read file (${e.code ?? e.message})` })
      continue
    }
    const job = bySha.get(sha256)
    if (job) {
      job.duplicates.push(path)
      continue
    }
    const previous = opts.rescan ? undefined : latestPrediction(db, sha256, opts.modelId, opts.tta)
    if (previous) reuse.push({ path, sha256, predictionId: previous.id })
    else bySha.set(sha256, { sha256, path, duplicates: [] })
  }
  return {
    scan,
    resumed: Boolean(resumable),
    files: paths.length,
    alreadyRecorded: recorded.size,
    reuse,
    unreadable,
    compute: [...bySha.values()]
  }
}
