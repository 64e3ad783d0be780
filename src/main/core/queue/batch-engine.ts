import type { Queries, Store } from '../db/store'
import { getBackboneSpec } from '../engine/backbones/registry'
import { chooseRunner, type EngineConfig } from '../engine/runners'
import { ExtractionPool } from '../engine/workers/pool'
import type { DataDir } from '../paths'
import { loadScanModel } from '../scan/model'
import type { ScanModel } from '../scan/options'
import { startMainThreadBackend } from '../scan/run'
import { getMaxPixels } from '../scan/settings'
import { TtaRunner } from '../scan/tta-runner'
import type { BackboneSpec } from '../engine/backbones/spec'
import type { RunnerChoice } from '../engine/runners'

/**
 * What a worker classifies a queued scan's batches with: the scan's model version and the extraction workers for
 * its backbone, set up as a plain scan sets them up (core/scan/run.ts) and kept across batches — the next batch of
 * the same model starts at once. One model at a time: a batch of another model closes this one first.
 */

export interface BatchEngine {
  modelId: string
  model: ScanModel
  featureDim: number
  pool: ExtractionPool
  /** What computes the features, as each prediction records it. */
  backend: string
  /** The eight-view runner of a TTA scan's batches, started on the first one (a plain scan's own, tta-runner.ts). */
  tta(): Promise<TtaRunner>
  close(): Promise<void>
}

/** Where a worker finds model versions and backbones: for now the workstation's own registry. */
export interface ModelSource {
  /** The store the model versions are in (the lab's, so a worker fetches the files it lacks by checksum). */
  store: Store
  /** This workstation's settings (its image size limit). */
  settings: Queries
  dirs: DataDir
}

async function openEngine(src: ModelSource, modelId: string, config: EngineConfig): Promise<BatchEngine> {
  await startMainThreadBackend(config.backend)
  const { model } = await loadScanModel(src.store, src.dirs, modelId)
  try {
    const base = await getBackboneSpec(src.store, src.dirs, model.backbone)
    // The model version's own preprocessing decides how images are read (it is what the head was trained on).
    const spec = { ...base, preprocessing: model.preprocessing, maxPixels: await getMaxPixels(src.settings) }
    const choice = await chooseRunner(spec, config)
    const pool = await ExtractionPool.start(spec, choice, config.workers ?? choice.workers)
    const tta = lazyTta(spec, choice)
    return {
      modelId,
      model,
      featureDim: base.featureDim,
      pool,
      backend: pool.info.name,
      tta: tta.get,
      close: async () => {
        await pool.close()
        await tta.dispose()
      }
    }
  } catch (err) {
    model.head.dispose()
    throw err
  }
}

function lazyTta(
  spec: BackboneSpec,
  choice: RunnerChoice
): { get: () => Promise<TtaRunner>; dispose: () => Promise<void> } {
  let runner: Promise<TtaRunner> | undefined
  return {
    get: () => (runner ??= TtaRunner.start(spec, choice)),
    dispose: async () => (await runner?.catch(() => undefined))?.dispose()
  }
}

export class BatchEngines {
  private current?: Promise<BatchEngine>
  private leaked = 0

  constructor(
    /** Where the models are, and this machine's data folder (a field batch's crops are written there). */
    readonly src: ModelSource,
    private readonly config: EngineConfig
  ) {}

  async for(modelId: string): Promise<BatchEngine> {
    const open = await this.current?.catch(() => undefined)
    if (open?.modelId === modelId) return open
    await this.close()
    this.current = openEngine(this.src, modelId, this.config)
    return this.current
  }

  /** Closes the extraction workers and frees the head; returns the tensors every pool so far leaked. */
  async close(): Promise<number> {
    const open = await this.current?.catch(() => undefined)
    this.current = undefined
    if (open) {
      this.leaked += open.pool.tensorsLeaked()
      await open.close()
      open.model.head.dispose()
    }
    return this.leaked
  }
}
