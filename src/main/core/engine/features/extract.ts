/**
 * Feature extraction into the store: skips what is stored, sends the rest in batches to the worker pool,
 * commits every finished batch at once (so a killed run resumes where it stopped) and reports progress with
 * an ETA. Unreadable images are reported by path and do not stop the run.
 */
import { write, type Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { ProgressTracker } from '../../progress'
import type { BackendName, ExtractionProgress, ExtractionResult } from '../../../../shared/types/engine'
import { getBackbone, getBackboneSpec } from '../backbones/registry'
import { preprocessingKey } from '../backbones/spec'
import { ExtractionPool } from '../workers/pool'
import type { BatchItem } from '../workers/protocol'
import type { OrtProviderChoice } from '../../onnx/runtime'
import { chooseRunner } from '../runners'
import { putFeatures, storedShas, type FeatureScope, type StoredFeature } from '../../db/queries/features'

export interface ExtractImage {
  sha256: string
  path: string
}

export interface ExtractOptions {
  backbone: string
  /** Also compute the horizontally flipped image's features. */
  flip?: boolean
  /** Images per worker batch (default 8). */
  batchSize?: number
  /** Worker count (default: the backend's choice, one per core on wasm). */
  workers?: number
  /** Force a backend (else the fastest that works): the configuration's, resolved by the caller. */
  backend?: BackendName
  /** ONNX Runtime's execution provider (default auto). */
  onnxProvider?: OrtProviderChoice
  onProgress?: (p: ExtractionProgress) => void
  /** Stops sending new batches; finished ones stay stored. */
  signal?: AbortSignal
}

/** The two store scopes (plain, flipped) of a backbone. */
export async function featureScopes(
  store: Store,
  backbone: string
): Promise<{ plain: FeatureScope; flip: FeatureScope }> {
  const b = await getBackbone(store, backbone)
  const preprocessing = preprocessingKey(b.preprocessing)
  return {
    plain: { backboneId: b.id, preprocessing, flip: false },
    flip: { backboneId: b.id, preprocessing, flip: true }
  }
}

export async function extractFeatures(
  store: Store,
  dirs: DataDir,
  images: readonly ExtractImage[],
  opts: ExtractOptions
): Promise<ExtractionResult> {
  const started = performance.now()
  const spec = await getBackboneSpec(store, dirs, opts.backbone)
  const scopes = await featureScopes(store, opts.backbone)
  // One entry per distinct content: the same picture under two paths is computed once.
  const unique = [...new Map(images.map((i) => [i.sha256, i])).values()]
  const havePlain = await storedShas(store.k, scopes.plain)
  const haveFlip = opts.flip ? await storedShas(store.k, scopes.flip) : new Set<string>()
  const todo: (BatchItem & { sha256: string })[] = []
  for (const img of unique) {
    const plain = !havePlain.has(img.sha256)
    const flip = Boolean(opts.flip) && !haveFlip.has(img.sha256)
    if (plain || flip) todo.push({ sha256: img.sha256, path: img.path, plain, flip })
  }
  const skipped = unique.length - todo.length
  const failed: ExtractionResult['failed'] = []
  let backend: BackendName | undefined
  let computed = 0
  let workers = 0
  let tensorsLeaked = 0
  let startupSeconds = 0
  if (todo.length) {
    const choice = await chooseRunner(spec, { backend: opts.backend, onnxProvider: opts.onnxProvider })
    backend = choice.backend
    const pool = await ExtractionPool.start(spec, choice, opts.workers ?? choice.workers)
    workers = pool.size
    startupSeconds = (performance.now() - started) / 1000
    const tracker = new ProgressTracker('extracting features', todo.length, (p) =>
      opts.onProgress?.({ ...p, backbone: spec.name, workers, skipped, failed: failed.length })
    )
    const size = opts.batchSize ?? 8
    const batches: (typeof todo)[] = []
    for (let i = 0; i < todo.length; i += size) batches.push(todo.slice(i, i + size))
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < batches.length && !opts.signal?.aborted) {
        const batch = batches[next++]
        const results = await pool.run(batch.map(({ path, plain, flip }) => ({ path, plain, flip })))
        const plain: StoredFeature[] = []
        const flipped: StoredFeature[] = []
        results.forEach((r, i) => {
          if ('error' in r) failed.push({ path: batch[i].path, error: r.error })
          else {
            if (r.plain) plain.push({ imageSha256: batch[i].sha256, vector: r.plain })
            if (r.flip) flipped.push({ imageSha256: batch[i].sha256, vector: r.flip })
          }
        })
        await write(store, async (trx) => {
          await putFeatures(trx, scopes.plain, plain)
          await putFeatures(trx, scopes.flip, flipped)
        })
        computed += plain.length + flipped.length
        tracker.tick(batch.length, batch[batch.length - 1].path)
      }
    }
    try {
      await Promise.all(Array.from({ length: pool.size }, lane))
    } finally {
      tensorsLeaked = pool.tensorsLeaked()
      await pool.close()
    }
  }
  const seconds = (performance.now() - started) / 1000
  return {
    backbone: spec.name,
    backend,
    workers,
    computed,
    skipped,
    failed,
    seconds,
    startupSeconds,
    imagesPerSecond: seconds > 0 ? computed / seconds : 0,
    tensorsLeaked
  }
}
