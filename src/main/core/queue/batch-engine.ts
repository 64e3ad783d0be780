import type { Database } from 'better-sqlite3'
import { getBackboneSpec } from '../engine/backbones/registry'
import { chooseRunner, type EngineConfig } from '../engine/runners'
import { ExtractionPool } from '../engine/workers/pool'
import type { DataDir } from '../paths'
import { loadScanModel } from '../scan/model'
import type { ScanModel } from '../scan/options'
import { startMainThreadBackend } from '../scan/run'
import { getMaxPixels } from '../scan/settings'

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
}

/** Where a worker finds model versions and backbones: for now the workstation's own registry. */
export interface ModelSource {
  db: Database
  dirs: DataDir
}

async function openEngine(src: ModelSource, modelId: string, config: EngineConfig): Promise<BatchEngine> {
  await startMainThreadBackend(config.backend)
  const { model } = await loadScanModel(src.db, src.dirs, modelId)
  try {
    const base = getBackboneSpec(src.db, src.dirs, model.backbone)
    // The model version's own preprocessing decides how images are read (it is what the head was trained on).
    const spec = { ...base, preprocessing: model.preprocessing, maxPixels: getMaxPixels(src.db) }
    const choice = await chooseRunner(spec, config)
    const pool = await ExtractionPool.start(spec, choice, config.workers ?? choice.workers)
    return { modelId, model, featureDim: base.featureDim, pool, backend: pool.info.name }
  } catch (err) {
    model.head.dispose()
    throw err
  }
}

export class BatchEngines {
  private current?: Promise<BatchEngine>
  private leaked = 0

  constructor(
    private readonly src: ModelSource,
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
      await open.pool.close()
      open.model.head.dispose()
    }
    return this.leaked
  }
}
