/**
 * The whole quantizer: fold BatchNorms, calibrate activation ranges on the dataset's own images with each
 * estimator, write the integer graph for each, and keep the one whose features agree best with the float
 * graph's on images that took no part in calibration (so the choice is not tuned on what it is judged on).
 */
import { collectActivationStats, forEachBatchOutput, type CalibrationImages } from './calibrate'
import { featureAgreement, type FeatureAgreement } from './feature-error'
import { foldBatchNorms, type FoldResult } from './fold-batchnorm'
import { graphOutputs, readFloatGraph, writeFloatGraph, type FloatGraph } from './float-graph'
import { writeQOperatorGraph, type QOperatorGraph, type QOperatorOptions } from './qoperator-graph'
import { needsReducedRange } from './cpu-int8'
import { CALIBRATION_METHODS, estimateRange, type CalibrationMethod } from './range-estimators'

export interface QuantizeOptions {
  methods?: CalibrationMethod[]
  /** Share of the images held out of calibration to choose the method on (default 0.25). */
  heldOutShare?: number
  /** 7-bit weights; default: unless this CPU has VNNI (cpu-int8.ts). */
  reduceRange?: boolean
  integerConcat?: boolean
  batchNormInFloat?: boolean
  keepFloat?: ReadonlySet<string>
  threads?: number
  /** Progress lines ("calibrating 1/2…"), for the CLI. */
  log?: (line: string) => void
}

export interface MethodResult extends FeatureAgreement {
  method: CalibrationMethod
}

export interface QuantizeResult {
  bytes: Uint8Array
  method: CalibrationMethod
  /** Every method tried, on the held-out images. */
  methods: MethodResult[]
  fold: FoldResult
  graph: Omit<QOperatorGraph, 'bytes'>
  calibrationImages: number
  heldOutImages: number
  reduceRange: boolean
}

/** Images [from, to) of a set, sharing its buffer. */
export function sliceImages(images: CalibrationImages, from: number, to: number): CalibrationImages {
  const per = images.shape[0] * images.shape[1] * images.shape[2]
  return { data: images.data.subarray(from * per, to * per), count: to - from, shape: images.shape }
}

/** The graph's first output (the feature vector) for every image, [count, dim] row-major. */
export async function runFeatures(
  model: Uint8Array,
  images: CalibrationImages,
  threads?: number
): Promise<Float32Array> {
  const g = readFloatGraph(model)
  const name = graphOutputs(g)[0].name!
  const parts: Float32Array[] = []
  await forEachBatchOutput(model, images, [name], (_n, data) => parts.push(data.slice()), {
    batchSize: 8,
    threads
  })
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Folds BatchNorms in place and returns the folded float graph's bytes (what calibration runs). */
export function foldedFloatGraph(bytes: Uint8Array): {
  graph: FloatGraph
  fold: FoldResult
  bytes: Uint8Array
} {
  const graph = readFloatGraph(bytes)
  const fold = foldBatchNorms(graph)
  return { graph, fold, bytes: writeFloatGraph(graph) }
}

export async function quantizeModel(
  floatBytes: Uint8Array,
  images: CalibrationImages,
  options: QuantizeOptions = {}
): Promise<QuantizeResult> {
  const log = options.log ?? (() => {})
  const heldOut = Math.max(1, Math.round(images.count * (options.heldOutShare ?? 0.25)))
  if (images.count - heldOut < 1) throw new Error(`quantizing needs at least 2 images (got ${images.count})`)
  const calib = sliceImages(images, 0, images.count - heldOut)
  const check = sliceImages(images, images.count - heldOut, images.count)
  const { graph, fold } = foldedFloatGraph(floatBytes)
  const base: Omit<QOperatorOptions, 'range'> = {
    keepFloat: options.keepFloat,
    reduceRange: options.reduceRange ?? needsReducedRange(),
    integerConcat: options.integerConcat ?? true,
    batchNormInFloat: options.batchNormInFloat
  }
  // A dry run lists the tensors whose ranges the integer graph needs.
  const needed = new Set<string>()
  writeQOperatorGraph(graph, {
    ...base,
    range: (t) => {
      needed.add(t)
      return [0, 1]
    }
  })
  log(`calibrating ${needed.size} activations on ${calib.count} images`)
  const stats = await collectActivationStats(graph, [...needed], calib, { threads: options.threads })
  log(`float features of ${check.count} held-out images`)
  const reference = await runFeatures(floatBytes, check, options.threads)
  let best: { result: MethodResult; q: QOperatorGraph } | undefined
  const methods: MethodResult[] = []
  for (const method of options.methods ?? CALIBRATION_METHODS) {
    const q = writeQOperatorGraph(graph, { ...base, range: (t) => estimateRange(stats.get(t)!, method) })
    const agreement = featureAgreement(
      reference,
      await runFeatures(q.bytes, check, options.threads),
      check.count
    )
    const result = { method, ...agreement }
    log(
      `${method}: mean cosine ${agreement.meanCosine.toFixed(5)}, worst ${agreement.worstCosine.toFixed(5)}`
    )
    methods.push(result)
    if (!best || result.meanCosine > best.result.meanCosine) best = { result, q }
  }
  const { bytes, ...graphInfo } = best!.q
  return {
    bytes,
    method: best!.result.method,
    methods,
    fold,
    graph: graphInfo,
    calibrationImages: calib.count,
    heldOutImages: check.count,
    reduceRange: base.reduceRange!
  }
}
