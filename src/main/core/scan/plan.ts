import { write, type Store } from '../db/store'
import type { ScanRecord } from '../../../shared/types/scan'
import { requireImageFiles, scanFolderPath, sha256File } from './files'
import type { SkippedFolder, WalkOptions } from '../import/walk-folder'
import {
  createScan,
  findResumableScan,
  latestPrediction,
  lockScanStart,
  scannedPaths,
  type NewScan,
  type ScanItemResult
} from './store'
import { finishedScanOf, reopenScan } from '../db/queries/scans'
import { leaseNow, localLiveness, type Liveness } from './liveness'

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
  /**
   * Which earlier scan record this run continues: an unfinished one (resumed), or a finished one of the same folder,
   * model version and options (a plain rerun adds the folder's new files to it; --rescan makes a new record).
   */
  continued?: 'unfinished' | 'finished'
  /** Every image file in the folder now. */
  files: number
  /** Files this scan had already recorded before this run (a resumed scan). */
  alreadyRecorded: number
  /** Files whose content has a prediction by this model version: recorded without computing. */
  reuse: ScanItemResult[]
  /** Files that could not even be read to hash them. */
  unreadable: ScanItemResult[]
  compute: ComputeJob[]
  /** Subfolders left out (unreadable, a symlink loop, a broken link), each with why. */
  skippedFolders: SkippedFolder[]
}

export interface PlanOptions extends Omit<NewScan, 'folder'> {
  folder: string
  rescan: boolean
  /**
   * Exactly these files instead of the folder's images (a quick check of picked files): `folder` is then only the
   * scan's label, and the scan is always a new one — a pick is a one-off set of files, not a folder to resume.
   * Picked files are taken as given (no extension filter): one that is not an image is recorded with its reason.
   */
  files?: readonly string[]
  /** The directory reader (tests inject a failing one). */
  readDir?: WalkOptions['readDir']
  /** This machine, process and clock, as other scans' rows are judged by (tests inject a clock). */
  liveness?: Liveness
}

/** Files hashed at once: reading is I/O-bound, and a scan of 10,000 files should not wait on them one by one. */
const HASH_CONCURRENCY = 16

/**
 * `beforeHashing` is told the scan's id and how many files are new to it, before they are read — the caller can
 * start the extraction workers then, so that loading the backbone overlaps hashing, and the scan's heartbeat, so
 * that a long hashing reads as running to other machines.
 */
export async function planScan(
  store: Store,
  opts: PlanOptions,
  beforeHashing?: (newFiles: number, scanId: number) => void
): Promise<ScanPlan> {
  const live = opts.liveness ?? localLiveness()
  const skippedFolders: SkippedFolder[] = []
  // A folder scan is of the folder's real path; a field scan's label is its fields folder, resolved by its caller.
  const folder = opts.files && !opts.fields ? opts.folder : scanFolderPath(opts.folder)
  const paths = opts.files
    ? [...new Set(opts.files)]
    : requireImageFiles(folder, opts.recursive, {
        readDir: opts.readDir,
        onSkip: (s) => skippedFolders.push(s)
      })
  const key = { folder, recursive: opts.recursive, modelId: opts.modelId, tta: opts.tta, fields: opts.fields }
  const quick = Boolean(opts.files) && !opts.fields
  // One transaction holding the write lock from the start: of two processes starting the same scan at once, the
  // second sees the first's row (running) and is refused, instead of both creating one.
  const { scan, resumable, unfinished, finished } = await write(store, async (trx) => {
    await lockScanStart(store, trx, folder)
    const unfinished = quick ? undefined : await findResumableScan(store, trx, key, live)
    // A plain rerun of a finished scan continues its record (new files are added) unless --rescan asks anew.
    const finished = unfinished || opts.files || opts.rescan ? undefined : await finishedScanOf(trx, key)
    if (finished) await reopenScan(trx, finished.id, live.pid, leaseNow(live))
    const resumable = unfinished ?? finished
    const scan =
      resumable ??
      (await createScan(trx, { ...opts, folder, kind: opts.kind ?? (opts.files ? 'quick' : 'scan') }, live))
    return { scan, resumable, unfinished, finished }
  })
  const recorded = resumable ? await scannedPaths(store.k, scan.id) : new Set<string>()
  const fresh = paths.filter((p) => !recorded.has(p))
  beforeHashing?.(fresh.length, scan.id)
  const hashes: (string | Error)[] = []
  for (let i = 0; i < fresh.length; i += HASH_CONCURRENCY)
    hashes.push(
      ...(await Promise.all(
        fresh.slice(i, i + HASH_CONCURRENCY).map((p) => sha256File(p).catch((e: Error) => e))
      ))
    )
  const reuse: ScanItemResult[] = []
  const unreadable: ScanItemResult[] = []
  const bySha = new Map<string, ComputeJob>()
  for (const [i, path] of fresh.entries()) {
    const sha256 = hashes[i]
    if (sha256 instanceof Error) {
      const e = sha256 as NodeJS.ErrnoException
      unreadable.push({ path, sha256: null, error: `cannot read file (${e.code ?? e.message})` })
      continue
    }
    const job = bySha.get(sha256)
    if (job) {
      job.duplicates.push(path)
      continue
    }
    const previous = opts.rescan ? undefined : await latestPrediction(store.k, sha256, opts.modelId, opts.tta)
    if (previous) reuse.push({ path, sha256, predictionId: previous.id })
    else bySha.set(sha256, { sha256, path, duplicates: [] })
  }
  return {
    scan,
    resumed: Boolean(resumable),
    continued: unfinished ? 'unfinished' : finished ? 'finished' : undefined,
    files: paths.length,
    alreadyRecorded: recorded.size,
    reuse,
    unreadable,
    compute: [...bySha.values()],
    skippedFolders
  }
}
