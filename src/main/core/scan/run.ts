import type { Database } from 'better-sqlite3'
import type { Preprocessing } from '../../../shared/types/preprocessing'
import type { ProgressListener } from '../../../shared/types/progress'
import type { ScanItemEvent, ScanSummary } from '../../../shared/types/scan'
import type { BackendName } from '../../../shared/types/engine'
import { initBackend, tfjsBackendOf } from '../engine/backend'
import type { OrtProviderChoice } from '../onnx/runtime'
import { getBackboneSpec } from '../engine/backbones/registry'
import { preprocessingKey } from '../engine/backbones/spec'
import { featureScopes } from '../engine/features/extract'
import { chooseRunner } from '../engine/runners'
import { getFeatures, putFeatures, type FeatureScope, type StoredFeature } from '../db/queries/features'
import { predictProbabilities } from '../engine/head/head'
import { tf, type LayersModel } from '../engine/tf'
import { ExtractionPool } from '../engine/workers/pool'
import type { DataDir } from '../paths'
import { ProgressTracker } from '../progress'
import { decide, type DecisionThreshold } from './decide'
import { planScan, type ComputeJob } from './plan'
import type { WalkOptions } from '../import/walk-folder'
import { DEFAULT_FLAG_THRESHOLD, getMaxPixels } from './settings'
import { scanFailure } from './failure'
import {
  classCounts,
  finishScanWith,
  markFailed,
  recordKnownItems,
  recordScanItems,
  scansRunningHere,
  unfamiliarCount,
  type NewPrediction,
  type ScanItemResult
} from './store'
import { scanCounts } from '../db/queries/scans'
import { averageProbabilities } from './tta'
import { applyTemperature } from '../trust/temperature'
import { readImageHeader, type ImageHeader } from '../trust/image-checks'
import { unfamiliarity } from '../trust/unfamiliar'
import { isCorruption } from '../db/damage'
import type { OodDetector } from '../trust/profile'
import type { ImageProfile } from '../../../shared/types/trust'
import { TtaRunner } from './tta-runner'

/**
 * A folder scan as a pipeline: the extraction workers decode, preprocess and run the backbone on batch k+1 while
 * this thread runs the head on batch k and commits it — one small transaction per batch holding its predictions,
 * its scan items and its feature vectors, so a kill loses at most the batches in flight and a rerun resumes.
 */

/** A model version as a scan uses it (loaded from the model registry). */
export interface ScanModel {
  id: string
  classes: string[]
  backbone: string
  preprocessing: Preprocessing
  threshold?: DecisionThreshold
  head: LayersModel
  /** The version's calibration and unfamiliar-image detector; absent for older or imported versions. */
  trust?: ScanTrust
}

export interface ScanTrust {
  temperature: number
  /** Review flag threshold chosen on validation (the setting or --flag-threshold override it). */
  flagThreshold: number
  detector: OodDetector
  oodThreshold: number
  images: ImageProfile
}

export interface ScanOptions {
  folder: string
  /** Scan exactly these files, `folder` being only the label (see PlanOptions.files). */
  files?: readonly string[]
  /**
   * A scan of given files is a quick check unless said otherwise: a whole-field scan gives the crops of its
   * folder's fields and is a folder scan (listed as one; its fields are viewable in the window).
   */
  kind?: 'scan' | 'quick'
  /** A whole-field scan (scan/fields.ts): recorded as one, so that a plain scan of the folder never resumes it. */
  fields?: boolean
  recursive?: boolean
  tta?: boolean
  rescan?: boolean
  /**
   * Confidence below which a result is flagged. The services pass the configuration's value (services/config.ts:
   * flag, variable, setting, the model's own, default); a caller that passes none gets the model version's own.
   */
  flagThreshold?: number
  /** Images over this many pixels are refused from their header; default: the `images.maxMegapixels` setting. */
  maxPixels?: number
  /** Images per worker batch (default 8). */
  batchSize?: number
  workers?: number
  /** A forced backend (the configuration's, resolved by the caller); undefined: the fastest that works. */
  backend?: BackendName
  /** ONNX Runtime's execution provider (default auto). */
  onnxProvider?: OrtProviderChoice
  onProgress?: ProgressListener
  onItem?: (e: ScanItemEvent) => void
  signal?: AbortSignal
  /** The directory reader (tests inject a failing one: root reads a chmod 000 folder regardless). */
  readDir?: WalkOptions['readDir']
  /** What else belongs to the scan (a field scan's cells), written in the transaction that marks it finished. */
  beforeFinish?: (scanId: number) => void
}

/** Starts TF.js in this thread: the forced TF.js backend, else the engine's choice, else wasm. */
export async function startMainThreadBackend(forced?: BackendName): Promise<void> {
  await initBackend(tfjsBackendOf(forced)).catch(() => initBackend('wasm'))
}

export async function runScan(
  db: Database,
  dirs: DataDir,
  model: ScanModel,
  opts: ScanOptions
): Promise<ScanSummary> {
  const started = performance.now()
  const forced = opts.backend
  // The head runs in this thread on TF.js: start a real backend here first (never the pure-JS cpu fallback), also
  // when extraction runs on ONNX Runtime.
  await startMainThreadBackend(forced)
  const tensorsAtStart = tf.memory().numTensors
  let workerTensorsLeaked = 0
  const tta = Boolean(opts.tta)
  const flagThreshold = opts.flagThreshold ?? model.trust?.flagThreshold ?? DEFAULT_FLAG_THRESHOLD
  const baseSpec = getBackboneSpec(db, dirs, model.backbone)
  // The model version's own preprocessing decides how images are read (it is what the head was trained on).
  const spec = {
    ...baseSpec,
    preprocessing: model.preprocessing,
    maxPixels: opts.maxPixels ?? getMaxPixels(db)
  }
  const choice = await chooseRunner(spec, { backend: forced, onnxProvider: opts.onnxProvider })
  let poolStart: Promise<ExtractionPool> | undefined
  let plan: Awaited<ReturnType<typeof planScan>> | undefined
  let scanId: number | undefined
  let cancelled = false
  let computed = 0
  let computedFiles = 0
  let backend: string = choice.backend
  // One error path for every phase (planning, the stored-features step, extraction, saving): the scan is marked
  // failed (a rerun resumes it), the workers are closed (a live worker thread would keep the process running
  // forever) and the error says what happened, to which scan and file, in one sentence.
  try {
    // Extraction workers load the backbone while the files are hashed (only when there are new files to look at).
    plan = await planScan(
      db,
      {
        folder: opts.folder,
        files: opts.files,
        kind: opts.kind,
        fields: opts.fields,
        recursive: Boolean(opts.recursive),
        modelId: model.id,
        tta,
        flagThreshold,
        backend: choice.backend,
        rescan: Boolean(opts.rescan),
        readDir: opts.readDir
      },
      (newFiles) => {
        if (newFiles > 0 && !tta) {
          poolStart = ExtractionPool.start(spec, choice, opts.workers ?? choice.workers)
          poolStart.catch(() => undefined) // its error surfaces where it is awaited, not as an unhandled rejection
        }
      }
    )
    const id = plan.scan.id
    scanId = id
    scansRunningHere.add(id)
    const emit = (items: ScanItemResult[], reused: boolean): void => {
      if (!opts.onItem) return
      for (const it of items) {
        if ('error' in it) opts.onItem({ scanId: id, path: it.path, sha256: it.sha256, error: it.error })
        else if ('prediction' in it) {
          const p = it.prediction
          for (const path of [it.path, ...(it.duplicates ?? [])])
            opts.onItem({
              scanId: id,
              path,
              sha256: it.sha256,
              predicted: p.predicted,
              confidence: p.confidence,
              flagged: p.flagged,
              ood: p.ood ?? undefined,
              flagReason: p.flagReason ?? null,
              reused
            })
        } else opts.onItem({ scanId: id, path: it.path, sha256: it.sha256, reused: true })
      }
    }
    const total =
      plan.reuse.length +
      plan.unreadable.length +
      plan.compute.reduce((n, j) => n + 1 + j.duplicates.length, 0)
    const tracker = new ProgressTracker('scanning', total, opts.onProgress)
    // What is already known is recorded first: it costs nothing to compute.
    recordKnownItems(db, id, [...plan.reuse, ...plan.unreadable])
    emit(plan.reuse, true)
    emit(plan.unreadable, false)
    tracker.tick(plan.reuse.length + plan.unreadable.length)

    // Feature vectors are shared with training through the engine's store, keyed by the preprocessing used.
    const scope: FeatureScope | undefined = tta
      ? undefined
      : { ...featureScopes(db, model.backbone).plain, preprocessing: preprocessingKey(model.preprocessing) }
    const featureDim = baseSpec.featureDim

    /**
     * Head → decision → one transaction for a batch of finished jobs. A job's vector holds one feature row per view
     * (1, or 8 with TTA); the probabilities are averaged over its views.
     */
    const commit = (
      jobs: ComputeJob[],
      vectors: (Float32Array | string)[],
      store: boolean,
      headers: (ImageHeader | undefined)[]
    ): void => {
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
      const probs = rows ? predictProbabilities(model.head, feats, featureDim) : new Float32Array(0)
      const k = model.classes.length
      const items: ScanItemResult[] = []
      const toStore: StoredFeature[] = []
      jobs.forEach((job, i) => {
        const v = vectors[i]
        if (typeof v === 'string') {
          // Readers name the file in their messages; the item already has its path, keep just the reason.
          const reason = v.startsWith(`${job.path}: `) ? v.slice(job.path.length + 2) : v
          items.push({ path: job.path, sha256: job.sha256, error: reason })
          for (const d of job.duplicates) items.push({ path: d, sha256: job.sha256, error: reason })
          return
        }
        const views = v.length / featureDim
        const perView = Array.from({ length: views }, (_, j) =>
          probs.subarray((firstRow[i] + j) * k, (firstRow[i] + j + 1) * k)
        )
        const raw = averageProbabilities(perView)
        const t = model.trust
        // Calibrated probabilities: the version's temperature, fitted on its validation split.
        const p = t ? applyTemperature(raw, t.temperature) : raw
        const d = decide(p, model.classes, flagThreshold, model.threshold)
        // Unfamiliar: the plain view's features far from the training features, or the file unlike the training files.
        // A field scan's crops are the tool's own files: their format and size are not checked (image-checks.ts).
        const u = t
          ? unfamiliarity(t, v.subarray(0, featureDim), featureDim, headers[i], { crop: opts.fields })
          : undefined
        const oodScore = u ? u.score : null
        const reasons = u ? [...u.reasons] : []
        const ood = t ? reasons.length > 0 : null
        if (d.flagged) reasons.push(`confidence ${d.confidence.toFixed(2)} below ${flagThreshold.toFixed(2)}`)
        const prediction: NewPrediction = {
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
        items.push({ path: job.path, sha256: job.sha256, prediction, duplicates: job.duplicates })
        if (store && views === 1) toStore.push({ imageSha256: job.sha256, vector: v })
        computed++
        computedFiles += 1 + job.duplicates.length
      })
      db.transaction(() => {
        recordScanItems(db, id, items)
        if (scope && toStore.length) putFeatures(db, scope, toStore)
      })()
      emit(items, false)
      tracker.tick(items.length, jobs[jobs.length - 1]?.path)
    }

    // The cheap image checks read each file's header (format, size); only when the version has a reference.
    const headersOf = (jobs: ComputeJob[]): Promise<(ImageHeader | undefined)[]> =>
      model.trust
        ? Promise.all(jobs.map((j) => readImageHeader(j.path, Boolean(model.trust?.images.colour))))
        : Promise.resolve(jobs.map(() => undefined))

    // Contents whose backbone features are already stored (e.g. images of an imported dataset) need only the head.
    let todo = plan.compute
    if (scope && todo.length) {
      const known = getFeatures(
        db,
        scope,
        todo.map((j) => j.sha256)
      )
      const ready = todo.filter((j) => known.has(j.sha256))
      for (let i = 0; i < ready.length; i += 256) {
        const chunk = ready.slice(i, i + 256)
        commit(
          chunk,
          chunk.map((j) => known.get(j.sha256)!),
          false,
          await headersOf(chunk)
        )
      }
      todo = todo.filter((j) => !known.has(j.sha256))
    }

    if (todo.length && !opts.signal?.aborted) {
      const size = opts.batchSize ?? 8
      const batches: ComputeJob[][] = []
      for (let i = 0; i < todo.length; i += size) batches.push(todo.slice(i, i + size))
      if (tta) {
        // Eight views per image: the runner computes them in this thread (see tta-runner.ts for why).
        const runner = await TtaRunner.start(spec, choice)
        backend = runner.backend
        try {
          for (const batch of batches) {
            if (opts.signal?.aborted) break
            commit(batch, await runner.features(batch.map((j) => j.path)), false, await headersOf(batch))
          }
        } finally {
          runner.dispose()
        }
      } else {
        const pool = await (poolStart ?? ExtractionPool.start(spec, choice, opts.workers ?? choice.workers))
        poolStart = undefined
        backend = pool.info.name
        let next = 0
        const lane = async (): Promise<void> => {
          while (next < batches.length && !opts.signal?.aborted) {
            const batch = batches[next++]
            const [results, headers] = await Promise.all([
              pool.run(batch.map((j) => ({ path: j.path, plain: true, flip: false }))),
              headersOf(batch)
            ])
            commit(
              batch,
              results.map((r) => ('error' in r ? r.error : r.plain!)),
              true,
              headers
            )
          }
        }
        try {
          // One lane more than workers: a worker gets its next batch while this thread commits the previous one.
          await Promise.all(Array.from({ length: pool.size + 1 }, lane))
          workerTensorsLeaked = pool.tensorsLeaked()
        } finally {
          await pool.close()
        }
      }
    }
    cancelled = Boolean(opts.signal?.aborted)
    finishScanWith(db, id, cancelled ? 'cancelled' : 'done', opts.beforeFinish)
  } catch (err) {
    // Not even the "failed" status goes into a file SQLite just called damaged (db/damage.ts): the row stays
    // `running` with this process gone, which the next run of the same scan resumes all the same.
    if (scanId !== undefined && !isCorruption(err)) markFailed(db, scanId)
    throw scanFailure(err, db.name, scanId, opts.folder)
  } finally {
    if (scanId !== undefined) scansRunningHere.delete(scanId)
    // Started for files that turned out to be known already (or never used after an error).
    if (poolStart) await (await poolStart.catch(() => undefined))?.close()
  }
  const seconds = (performance.now() - started) / 1000
  const counts = scanCounts(db, scanId)
  return {
    scanId,
    modelId: model.id,
    folder: plan.scan.folder,
    files: plan.files,
    computed,
    reused: counts.classified - computedFiles,
    duplicates: computedFiles - computed,
    unreadable: counts.unreadable,
    flagged: counts.flagged,
    unfamiliar: unfamiliarCount(db, scanId),
    countsByClass: classCounts(db, scanId),
    seconds,
    rate: seconds > 0 ? computed / seconds : 0,
    backend,
    cancelled,
    tensorsLeaked: tf.memory().numTensors - tensorsAtStart + workerTensorsLeaked,
    skippedFolders: plan.skippedFolders,
    continued: plan.continued
  }
}
