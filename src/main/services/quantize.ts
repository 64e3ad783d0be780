/**
 * Making an int8 copy of a backbone, for the CLI's `backbone quantize` and the app's Settings. The
 * calibration images are the dataset's training split when it has one, so that its validation and test images
 * stay unseen by the copy and `evaluate` can compare it with its source fairly; drawn with a seeded shuffle.
 */
import type { Queries, Store } from '../core/db/store'
import { getDatasetByName } from '../core/db/queries/datasets'
import { listDatasetImages } from '../core/db/queries/images'
import type { DataDir } from '../core/paths'
import { readInt8Record } from '../core/engine/backbones/int8-record'
import { quantizeBackbone } from '../core/engine/backbones/quantize-backbone'
import { getBackboneSpec, listBackbones } from '../core/engine/backbones/registry'
import { cpuInt8Support, type CpuInt8Support } from '../core/onnx/quantize/cpu-int8'
import { Prng } from '../core/engine/training/prng'
import type { CallRequest } from '../../shared/contract'
import type { QuantizeBackboneResult } from '../../shared/types/engine'
import type { ServiceContext } from './context'
import { noDatasetMessage } from '../core/import/dataset-info'

export const DEFAULT_CALIBRATION_IMAGES = 256

export interface QuantizeRequest {
  backbone: string
  dataset: string
  /** Calibration images (default 256); a quarter of them choose the range estimator instead. */
  images?: number
  name?: string
  seed?: number
}

export class QuantizeRequestError extends Error {
  override name = 'QuantizeRequestError'
}

/** Up to `count` images of the dataset's training split (all images when it has no split), seeded order. */
export async function pickCalibrationImages(
  q: Queries,
  dataset: string,
  count: number,
  seed = 14
): Promise<{ images: { sha256: string; path: string }[]; split: 'train' | 'all' }> {
  if (!Number.isInteger(count) || count < 8)
    throw new QuantizeRequestError(`--images ${count}: give a whole number of at least 8`)
  const ds = await getDatasetByName(q, dataset)
  if (!ds) throw new QuantizeRequestError(await noDatasetMessage(q, dataset))
  const train = await listDatasetImages(q, ds.id, { split: 'train' })
  const pool = train.length ? train : await listDatasetImages(q, ds.id)
  const order = new Prng(seed).permutation(pool.length)
  const images = Array.from(order.slice(0, count), (i) => ({ sha256: pool[i].sha256, path: pool[i].path }))
  return { images, split: train.length ? 'train' : 'all' }
}

export async function quantizeForDataset(
  ctx: { store: Store; dirs: DataDir },
  req: QuantizeRequest,
  log?: (line: string) => void
): Promise<QuantizeBackboneResult> {
  const { images, split } = await pickCalibrationImages(
    ctx.store.k,
    req.dataset,
    req.images ?? DEFAULT_CALIBRATION_IMAGES,
    req.seed
  )
  const { backbone, record } = await quantizeBackbone(ctx.store, ctx.dirs, {
    source: req.backbone,
    name: req.name,
    dataset: req.dataset,
    split,
    images,
    log
  })
  const kept = record.methods.find((m) => m.method === record.method)!
  return {
    backbone,
    source: req.backbone,
    dataset: req.dataset,
    calibrationImages: images.length - record.calibration.heldOut,
    method: record.method,
    meanCosine: kept.meanCosine,
    worstCosine: kept.worstCosine,
    heldOutImages: record.calibration.heldOut,
    fp32ImagesPerSecond: record.speed.fp32,
    int8ImagesPerSecond: record.speed.int8,
    floatConvs: record.floatConvs,
    keptBatchNorms: record.keptBatchNorms
  }
}

/** The app's "make a faster int8 copy": one job, each step as a progress event. */
export function startQuantize(
  ctx: ServiceContext,
  req: CallRequest<'backbones:quantize'>
): Promise<QuantizeBackboneResult> {
  return ctx.jobs.run(req.jobId, async () => {
    let step = 0
    return quantizeForDataset(ctx, req, (phase) =>
      ctx.emit('job:progress', { jobId: req.jobId, progress: { phase, done: ++step, total: 0 } })
    )
  })
}

export interface Int8Status {
  cpu: CpuInt8Support
  /** Each int8 backbone with what was measured on the machine that made it. */
  backbones: {
    name: string
    source: string
    fp32: number
    int8: number
    meanCosine: number
    measuredOn: string
  }[]
}

/** For `doctor`: the CPU's int8 instructions and what int8 gave here. */
export async function int8Status(ctx: { store: Store; dirs: DataDir }): Promise<Int8Status> {
  const backbones: Int8Status['backbones'] = []
  for (const b of await listBackbones(ctx.store)) {
    if (b.precision !== 'int8') continue
    // What this data folder holds: the doctor reports, it does not fetch backbones from a shared store.
    const r = readInt8Record((await getBackboneSpec(ctx.store, ctx.dirs, b.name, { fetch: false })).dir)
    if (!r) continue
    const kept = r.methods.find((m) => m.method === r.method)
    backbones.push({
      name: b.name,
      source: r.source.name,
      fp32: r.speed.fp32,
      int8: r.speed.int8,
      meanCosine: kept?.meanCosine ?? NaN,
      measuredOn: r.speed.cpu
    })
  }
  return { cpu: cpuInt8Support(), backbones }
}

export function formatInt8Status(s: Int8Status): string[] {
  const lines = [`int8         ${s.cpu.summary}`]
  if (!s.backbones.length)
    lines.push(
      '  no int8 backbone yet: `leukolens backbone quantize NAME --dataset DATASET` makes one and times it here'
    )
  for (const b of s.backbones)
    lines.push(
      `  ${b.name} (int8 of ${b.source}): ${b.int8.toFixed(1)} vs ${b.fp32.toFixed(1)} images/s fp32 (×${(b.int8 / b.fp32).toFixed(2)}) when made, feature cosine ${b.meanCosine.toFixed(4)}`
    )
  return lines
}
