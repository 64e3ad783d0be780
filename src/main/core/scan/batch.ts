import type { ScanItemEvent } from '../../../shared/types/scan'
import { putFeatures, type FeatureScope, type StoredFeature } from '../db/queries/features'
import { cellCopiesFor, recordThumbnailsOfFiles } from '../blobs/thumbnail'
import { predictProbabilities } from '../engine/head/head'
import type { ProgressTracker } from '../progress'
import { applyTemperature } from '../trust/temperature'
import type { ImageHeader } from '../trust/image-checks'
import { unfamiliarity } from '../trust/unfamiliar'
import { decide } from './decide'
import type { ScanModel } from './options'
import type { ComputeJob } from './plan'
import { write } from '../db/store'
import { recordScanItems, type NewPrediction, type ScanDbs, type ScanItemResult } from './store'
import { averageProbabilities } from './tta'

/**
 * The commit stage of a scan: head → decision → one transaction for a batch of finished jobs, then the item events
 * and the progress tick. A job's vector holds one feature row per view (1, or 8 with TTA), or the reason it could
 * not be read; the probabilities are averaged over its views.
 */

export interface BatchSettings {
  flagThreshold: number
  tta: boolean
  /** A whole-field scan: its crops are the tool's own files (their format and size are not checked). */
  fields?: boolean
  featureDim: number
  /** Where the plain feature vectors are stored; undefined with TTA (eight views are not one vector). */
  scope?: FeatureScope
  onItem?: (e: ScanItemEvent) => void
}

/** The feature rows of a batch stacked for one head call, and the first row of each job (views are consecutive). */
function stackFeatures(
  vectors: readonly (Float32Array | string)[],
  featureDim: number
): { feats: Float32Array; rows: number; firstRow: number[] } {
  const rows = vectors.reduce((n, v) => n + (typeof v === 'string' ? 0 : v.length / featureDim), 0)
  const feats = new Float32Array(rows * featureDim)
  const firstRow: number[] = []
  let r = 0
  for (const v of vectors) {
    firstRow.push(r)
    if (typeof v === 'string') continue
    feats.set(v, r * featureDim)
    r += v.length / featureDim
  }
  return { feats, rows, firstRow }
}

/** The failed job's item, and its duplicates': the reason without the path the reader put in front of it. */
function unreadableItems(job: ComputeJob, error: string): ScanItemResult[] {
  const reason = error.startsWith(`${job.path}: `) ? error.slice(job.path.length + 2) : error
  return [job.path, ...job.duplicates].map((path) => ({ path, sha256: job.sha256, error: reason }))
}

export class BatchCommitter {
  /** Distinct contents computed this run, and the files they stand for (duplicates included). */
  computed = 0
  computedFiles = 0

  /** The commit in progress: commits run one after another, in the order they were asked for. */
  private last: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly dbs: ScanDbs,
    private readonly scanId: number,
    private readonly model: ScanModel,
    private readonly settings: BatchSettings,
    private readonly tracker: ProgressTracker,
    /** What computed the features, as recorded on each prediction; the extraction stage sets it once it knows. */
    public backend: string
  ) {}

  /** One event per file (a duplicate gets its own, with its own path). */
  emit(items: readonly ScanItemResult[], reused: boolean): void {
    const onItem = this.settings.onItem
    if (!onItem) return
    const scanId = this.scanId
    for (const it of items) {
      if ('error' in it) onItem({ scanId, path: it.path, sha256: it.sha256, error: it.error })
      else if ('prediction' in it) {
        const p = it.prediction
        for (const path of [it.path, ...(it.duplicates ?? [])])
          onItem({
            scanId,
            path,
            sha256: it.sha256,
            predicted: p.predicted,
            confidence: p.confidence,
            flagged: p.flagged,
            ood: p.ood ?? undefined,
            flagReason: p.flagReason ?? null,
            reused
          })
      } else onItem({ scanId, path: it.path, sha256: it.sha256, reused: true })
    }
  }

  /**
   * `store`: keep the (single-view) vectors in the feature store, for training and later scans to reuse. Commits
   * asked for while one is being written wait for it (the extraction lanes run side by side).
   */
  commit(
    jobs: readonly ComputeJob[],
    vectors: readonly (Float32Array | string)[],
    store: boolean,
    headers: readonly (ImageHeader | undefined)[]
  ): Promise<void> {
    const next = this.last.then(() => this.commitNow(jobs, vectors, store, headers))
    this.last = next.catch(() => undefined)
    return next
  }

  private async commitNow(
    jobs: readonly ComputeJob[],
    vectors: readonly (Float32Array | string)[],
    store: boolean,
    headers: readonly (ImageHeader | undefined)[]
  ): Promise<void> {
    const { scope } = this.settings
    const {
      items,
      vectors: toStore,
      computed,
      computedFiles
    } = predictBatch(this.model, { ...this.settings, backend: this.backend }, jobs, vectors, headers)
    this.computed += computed
    this.computedFiles += computedFiles
    const { store: scanStore } = this.dbs
    // The items and the feature vectors (a cache a later scan or training recomputes if missing) in one write.
    await write(scanStore, async (trx) => {
      await recordScanItems(trx, this.scanId, items)
      if (store && scope && toStore.length) await putFeatures(trx, scope, toStore)
    })
    // A small picture of each cell, so that a workstation without this folder still shows it, and the copy of
    // its model input that Grad-CAM there is computed from.
    await recordThumbnailsOfFiles(
      scanStore,
      this.scanId,
      predictedFiles(items),
      cellCopiesFor(scanStore, this.model.preprocessing)
    )
    this.emit(items, false)
    this.tracker.tick(items.length, jobs[jobs.length - 1]?.path)
  }
}

/** The predicted items of a batch, as the stored pictures of its cells need them. */
export function predictedFiles(
  items: readonly ScanItemResult[]
): { sha256: string; path: string; flagged: boolean }[] {
  return items.flatMap((i) =>
    'prediction' in i ? [{ sha256: i.sha256, path: i.path, flagged: i.prediction.flagged }] : []
  )
}

/** A batch's results before they are written: one item per job, and the single-view vectors worth storing. */
export interface PredictedBatch {
  items: ScanItemResult[]
  vectors: StoredFeature[]
  /** Distinct contents classified, and the files they stand for (duplicates included). */
  computed: number
  computedFiles: number
}

/**
 * Head → calibrated decision for a batch of finished jobs, without writing anything: the scan pipeline commits the
 * result in its transaction, a queue worker (core/queue) records it on the shared store.
 */
export function predictBatch(
  model: ScanModel,
  settings: BatchSettings & { backend: string },
  jobs: readonly ComputeJob[],
  vectors: readonly (Float32Array | string)[],
  headers: readonly (ImageHeader | undefined)[]
): PredictedBatch {
  const { featureDim } = settings
  const { feats, rows, firstRow } = stackFeatures(vectors, featureDim)
  const probs = rows ? predictProbabilities(model.head, feats, featureDim) : new Float32Array(0)
  const k = model.classes.length
  const out: PredictedBatch = { items: [], vectors: [], computed: 0, computedFiles: 0 }
  jobs.forEach((job, i) => {
    const v = vectors[i]
    if (typeof v === 'string') {
      out.items.push(...unreadableItems(job, v))
      return
    }
    const views = v.length / featureDim
    const perView = Array.from({ length: views }, (_, j) =>
      probs.subarray((firstRow[i] + j) * k, (firstRow[i] + j + 1) * k)
    )
    const prediction = predictionOf(model, settings, job, averageProbabilities(perView), v, headers[i])
    out.items.push({ path: job.path, sha256: job.sha256, prediction, duplicates: job.duplicates })
    if (views === 1) out.vectors.push({ imageSha256: job.sha256, vector: v })
    out.computed++
    out.computedFiles += 1 + job.duplicates.length
  })
  return out
}

/** The calibrated decision for one content, with its unfamiliarity and the reasons it is flagged. */
function predictionOf(
  model: ScanModel,
  settings: BatchSettings & { backend: string },
  job: ComputeJob,
  raw: number[],
  vector: Float32Array,
  header: ImageHeader | undefined
): NewPrediction {
  const { flagThreshold, featureDim, fields, tta, backend } = settings
  const t = model.trust
  // Calibrated probabilities: the version's temperature, fitted on its validation split.
  const p = t ? applyTemperature(raw, t.temperature) : raw
  const d = decide(p, model.classes, flagThreshold, model.threshold)
  // Unfamiliar: the plain view's features far from the training features, or the file unlike the training files.
  // A field scan's crops are the tool's own files: their format and size are not checked (image-checks.ts).
  const u = t
    ? unfamiliarity(t, vector.subarray(0, featureDim), featureDim, header, { crop: fields })
    : undefined
  const oodScore = u ? u.score : null
  const reasons = u ? [...u.reasons] : []
  const ood = t ? reasons.length > 0 : null
  if (d.flagged) reasons.push(`confidence ${d.confidence.toFixed(2)} below ${flagThreshold.toFixed(2)}`)
  return {
    sha256: job.sha256,
    modelId: model.id,
    classes: model.classes,
    probabilities: p,
    predicted: d.predicted,
    confidence: d.confidence,
    flagged: d.flagged || Boolean(ood),
    oodScore,
    ood,
    flagReason: reasons.length ? reasons.join('; ') : null,
    tta,
    backend
  }
}
