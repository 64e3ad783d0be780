import type { SkippedFolder, WalkOptions } from '../import/walk-folder'
import { requireImageFiles, scanFolderPath, sha256File } from '../scan/files'
import type { ComputeJob } from '../scan/plan'
import type { ScanItemResult } from '../db/queries/scan-items'
import { latestPredictionIds } from '../db/queries/scan-items-once'
import type { Queries } from '../db/store'

/**
 * What a queued scan hands out: the folder's images walked and hashed here, as a plain scan plans them (same
 * walk, same hash), contents this model version has classified already recorded at once, and the rest — one job
 * per distinct content, its other paths riding along — cut into batches for the workers. A field scan's jobs are
 * its fields: their cells are found, cropped and classified by the worker that takes the batch (what a cell's crop
 * holds, and so whether it is known, is not known before).
 */

export interface QueuePlan {
  folder: string
  files: number
  /** Files recorded without computing: known contents (reused) and files that cannot be read. */
  known: ScanItemResult[]
  batches: ComputeJob[][]
  skippedFolders: SkippedFolder[]
}

export interface QueuePlanOptions {
  folder: string
  recursive: boolean
  modelId: string
  /** Eight views per image: only predictions made the same way are reused. */
  tta: boolean
  /** The images are whole fields (see above). */
  fields: boolean
  /** Compute every content again, even those this model version has classified before. */
  rescan: boolean
  batchSize: number
  readDir?: WalkOptions['readDir']
}

/** Files hashed at once: reading is I/O-bound (a network share most of all). */
const HASH_CONCURRENCY = 16

async function hashAll(paths: readonly string[]): Promise<(string | Error)[]> {
  const out: (string | Error)[] = []
  for (let i = 0; i < paths.length; i += HASH_CONCURRENCY)
    out.push(
      ...(await Promise.all(
        paths.slice(i, i + HASH_CONCURRENCY).map((p) => sha256File(p).catch((e: Error) => e))
      ))
    )
  return out
}

export async function planQueuedScan(q: Queries, opts: QueuePlanOptions): Promise<QueuePlan> {
  const skippedFolders: SkippedFolder[] = []
  const folder = scanFolderPath(opts.folder)
  const paths = requireImageFiles(folder, opts.recursive, {
    readDir: opts.readDir,
    onSkip: (s) => skippedFolders.push(s)
  })
  const hashes = await hashAll(paths)
  const known: ScanItemResult[] = []
  const bySha = new Map<string, ComputeJob>()
  for (const [i, path] of paths.entries()) {
    const sha256 = hashes[i]
    if (sha256 instanceof Error) {
      const e = sha256 as NodeJS.ErrnoException
      known.push({ path, sha256: null, error: `cannot read file (${e.code ?? e.message})` })
      continue
    }
    const job = bySha.get(sha256)
    if (job) job.duplicates.push(path)
    else bySha.set(sha256, { sha256, path, duplicates: [] })
  }
  const previous =
    opts.rescan || opts.fields
      ? new Map<string, number>()
      : await latestPredictionIds(q, [...bySha.keys()], opts.modelId, opts.tta)
  const compute: ComputeJob[] = []
  for (const job of bySha.values()) {
    const id = previous.get(job.sha256)
    if (id === undefined) compute.push(job)
    else
      for (const path of [job.path, ...job.duplicates])
        known.push({ path, sha256: job.sha256, predictionId: id })
  }
  const batches: ComputeJob[][] = []
  for (let i = 0; i < compute.length; i += opts.batchSize) batches.push(compute.slice(i, i + opts.batchSize))
  return { folder, files: paths.length, known, batches, skippedFolders }
}
