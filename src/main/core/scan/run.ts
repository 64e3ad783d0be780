import type { ScanSummary } from '../../../shared/types/scan'
import type { BackendName } from '../../../shared/types/engine'
import { initBackend, tfjsBackendOf } from '../engine/backend'
import { getBackboneSpec } from '../engine/backbones/registry'
import { preprocessingKey } from '../engine/backbones/spec'
import { featureScopes } from '../engine/features/extract'
import { chooseRunner } from '../engine/runners'
import type { FeatureScope } from '../db/queries/features'
import { tf } from '../engine/tf'
import { ExtractionPool } from '../engine/workers/pool'
import type { DataDir } from '../paths'
import { ProgressTracker } from '../progress'
import { planScan, type ComputeJob, type ScanPlan } from './plan'
import { DEFAULT_FLAG_THRESHOLD, getMaxPixels } from './settings'
import { scanFailure } from './failure'
import { explainStoreFailure } from '../db/postgres/errors'
import {
  classCounts,
  finishScanWith,
  markFailed,
  recordKnownItems,
  markRunningHere,
  unfamiliarCount,
  type ScanDbs
} from './store'
import { scanCounts } from '../db/queries/scans'
import { isCorruption } from '../db/damage'
import { BatchCommitter } from './batch'
import { commitStoredFeatures, extractWithPool, extractWithTta, imageHeaders } from './extract'
import type { ScanModel, ScanOptions } from './options'
import { localLiveness, ScanHeartbeat } from './liveness'

export type { ScanModel, ScanOptions, ScanTrust } from './options'

/**
 * A folder scan as a pipeline: the extraction workers decode, preprocess and run the backbone on batch k+1 while
 * this thread runs the head on batch k and commits it — one small transaction per batch holding its predictions,
 * its scan items and its feature vectors, so a kill loses at most the batches in flight and a rerun resumes.
 */

/** Starts TF.js in this thread: the forced TF.js backend, else the engine's choice, else wasm. */
export async function startMainThreadBackend(forced?: BackendName): Promise<void> {
  await initBackend(tfjsBackendOf(forced)).catch(() => initBackend('wasm'))
}

/** Every file the scan accounts for: the known ones, the unreadable ones, and each computed content's paths. */
function itemCount(plan: ScanPlan): number {
  return (
    plan.reuse.length + plan.unreadable.length + plan.compute.reduce((n, j) => n + 1 + j.duplicates.length, 0)
  )
}

/** What is already known is recorded first: it costs nothing to compute. */
async function recordKnown(
  store: ScanDbs['store'],
  plan: ScanPlan,
  committer: BatchCommitter,
  tracker: ProgressTracker
): Promise<void> {
  await recordKnownItems(store, plan.scan.id, [...plan.reuse, ...plan.unreadable])
  committer.emit(plan.reuse, true)
  committer.emit(plan.unreadable, false)
  tracker.tick(plan.reuse.length + plan.unreadable.length)
}

function inBatches(jobs: readonly ComputeJob[], size: number): ComputeJob[][] {
  const batches: ComputeJob[][] = []
  for (let i = 0; i < jobs.length; i += size) batches.push(jobs.slice(i, i + size))
  return batches
}

/** The finished scan's figures, counted from what is stored (a resumed scan's earlier items included). */
async function scanSummary(
  store: ScanDbs['store'],
  model: ScanModel,
  plan: ScanPlan,
  committer: BatchCommitter,
  run: { seconds: number; cancelled: boolean; tensorsLeaked: number }
): Promise<ScanSummary> {
  const scanId = plan.scan.id
  const { computed, computedFiles } = committer
  const counts = await scanCounts(store.k, scanId)
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
    unfamiliar: await unfamiliarCount(store.k, scanId),
    countsByClass: await classCounts(store.k, scanId),
    seconds: run.seconds,
    rate: run.seconds > 0 ? computed / run.seconds : 0,
    backend: committer.backend,
    cancelled: run.cancelled,
    tensorsLeaked: run.tensorsLeaked,
    skippedFolders: plan.skippedFolders,
    continued: plan.continued
  }
}

/**
 * The scan's stages in order: plan (what is new, known, unreadable), record the known, commit the contents whose
 * features are stored, extract and commit the rest (batch.ts, extract.ts), finish the scan record, summarise.
 */
export async function runScan(
  dbs: ScanDbs,
  dirs: DataDir,
  model: ScanModel,
  opts: ScanOptions
): Promise<ScanSummary> {
  const { store } = dbs
  const started = performance.now()
  const forced = opts.backend
  // The head runs in this thread on TF.js: start a real backend here first (never the pure-JS cpu fallback), also
  // when extraction runs on ONNX Runtime.
  await startMainThreadBackend(forced)
  const tensorsAtStart = tf.memory().numTensors
  let workerTensorsLeaked = 0
  const tta = Boolean(opts.tta)
  const flagThreshold = opts.flagThreshold ?? model.trust?.flagThreshold ?? DEFAULT_FLAG_THRESHOLD
  const baseSpec = await getBackboneSpec(store, dirs, model.backbone)
  // The model version's own preprocessing decides how images are read (it is what the head was trained on).
  const spec = {
    ...baseSpec,
    preprocessing: model.preprocessing,
    maxPixels: opts.maxPixels ?? (await getMaxPixels(store.k))
  }
  const choice = await chooseRunner(spec, { backend: forced, onnxProvider: opts.onnxProvider })
  let poolStart: Promise<ExtractionPool> | undefined
  let plan: ScanPlan | undefined
  let committer: BatchCommitter | undefined
  let scanId: number | undefined
  let heartbeat: ScanHeartbeat | undefined
  const live = opts.liveness ?? localLiveness()
  let cancelled = false
  // One error path for every phase (planning, the stored-features step, extraction, saving): the scan is marked
  // failed (a rerun resumes it), the workers are closed (a live worker thread would keep the process running
  // forever) and the error says what happened, to which scan and file, in one sentence.
  try {
    // Extraction workers load the backbone while the files are hashed (only when there are new files to look at).
    plan = await planScan(
      store,
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
        readDir: opts.readDir,
        liveness: live
      },
      (newFiles, id) => {
        // Running from here on: in this process (markRunningHere), and to other machines (the heartbeat).
        scanId = id
        markRunningHere(store, id, true)
        heartbeat = new ScanHeartbeat(store.k, id, live).start()
        if (newFiles > 0 && !tta) {
          poolStart = ExtractionPool.start(spec, choice, opts.workers ?? choice.workers)
          poolStart.catch(() => undefined) // its error surfaces where it is awaited, not as an unhandled rejection
        }
      }
    )
    const id = plan.scan.id
    // Feature vectors are shared with training through the engine's store, keyed by the preprocessing used.
    const scope: FeatureScope | undefined = tta
      ? undefined
      : {
          ...(await featureScopes(store, model.backbone)).plain,
          preprocessing: preprocessingKey(model.preprocessing)
        }
    const tracker = new ProgressTracker('scanning', itemCount(plan), opts.onProgress)
    const settings = {
      flagThreshold,
      tta,
      fields: opts.fields,
      featureDim: baseSpec.featureDim,
      scope
    }
    committer = new BatchCommitter(
      dbs,
      id,
      model,
      { ...settings, onItem: opts.onItem },
      tracker,
      choice.backend
    )
    await recordKnown(store, plan, committer, tracker)

    const headersOf = imageHeaders(model)
    let todo = plan.compute
    if (scope && todo.length) todo = await commitStoredFeatures(store.k, scope, todo, committer, headersOf)
    if (todo.length && !opts.signal?.aborted) {
      const batches = inBatches(todo, opts.batchSize ?? 8)
      if (tta) await extractWithTta(spec, choice, batches, committer, headersOf, opts.signal)
      else {
        const pool = await (poolStart ?? ExtractionPool.start(spec, choice, opts.workers ?? choice.workers))
        poolStart = undefined
        workerTensorsLeaked = await extractWithPool(pool, batches, committer, headersOf, opts.signal)
      }
    }
    cancelled = Boolean(opts.signal?.aborted)
    await finishScanWith(store, id, cancelled ? 'cancelled' : 'done', opts.beforeFinish)
  } catch (err) {
    // Not even the "failed" status goes into a file SQLite just called damaged (db/damage.ts): the row stays
    // `running` with this process gone, which the next run of the same scan resumes all the same.
    if (scanId !== undefined && !isCorruption(err)) await markFailed(store, scanId)
    throw scanFailure(explainStoreFailure(store, err), store.place, scanId, opts.folder)
  } finally {
    heartbeat?.stop()
    if (scanId !== undefined) markRunningHere(store, scanId, false)
    // Started for files that turned out to be known already (or never used after an error).
    if (poolStart) await (await poolStart.catch(() => undefined))?.close()
  }
  return scanSummary(store, model, plan, committer, {
    seconds: (performance.now() - started) / 1000,
    cancelled,
    tensorsLeaked: tf.memory().numTensors - tensorsAtStart + workerTensorsLeaked
  })
}
