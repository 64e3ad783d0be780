/**
 * Calibration: runs the (BatchNorm-folded) float graph on the dataset's own images with the activations to
 * be quantized added as extra outputs, and keeps their extremes and histograms. Two passes over the images:
 * the first finds each tensor's extremes, the second fills a histogram over exactly that range (so no bin is
 * wasted and no value falls outside).
 */
import { loadOrt, openOnnxSession } from '../runtime'
import { graphOutputs, onnx, writeFloatGraph, type FloatGraph } from './float-graph'
import { emptyStats, updateExtremes, updateHistogram, type ActivationStats } from './range-estimators'

export interface CalibrationImages {
  /** `count` NHWC images end to end, preprocessed as the backbone expects. */
  data: Float32Array
  count: number
  /** [H, W, C] of one image. */
  shape: [number, number, number]
}

/** The graph with `tensors` as extra float outputs (shape left open). */
export function withExtraOutputs(g: FloatGraph, tensors: string[]): Uint8Array {
  const graph = g.model.graph!
  const existing = new Set(graphOutputs(g).map((o) => o.name))
  const extra = tensors
    .filter((t) => !existing.has(t))
    .map((name) => ({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }))
  const copy: FloatGraph = {
    ...g,
    model: onnx.ModelProto.create({ ...g.model, graph: { ...graph, output: [...graphOutputs(g), ...extra] } })
  }
  return writeFloatGraph(copy)
}

/** Runs every image through `model` in batches and hands each requested output to `visit`. */
export async function forEachBatchOutput(
  model: Uint8Array,
  images: CalibrationImages,
  outputs: string[],
  visit: (name: string, data: Float32Array) => void,
  options: { batchSize?: number; threads?: number } = {}
): Promise<void> {
  const ort = loadOrt()
  const { session } = await openOnnxSession(model, { provider: 'cpu', threads: options.threads })
  try {
    const batch = options.batchSize ?? 4
    const per = images.shape[0] * images.shape[1] * images.shape[2]
    const input = session.inputNames[0]
    for (let start = 0; start < images.count; start += batch) {
      const n = Math.min(batch, images.count - start)
      const x = new ort.Tensor('float32', images.data.subarray(start * per, (start + n) * per), [
        n,
        ...images.shape
      ])
      const result = await session.run({ [input]: x }, outputs)
      for (const name of outputs) {
        visit(name, result[name].data as Float32Array)
        result[name].dispose()
      }
    }
  } finally {
    await session.release()
  }
}

/** Extremes and histograms of `tensors` over the calibration images. */
export async function collectActivationStats(
  g: FloatGraph,
  tensors: string[],
  images: CalibrationImages,
  options: { batchSize?: number; threads?: number } = {}
): Promise<Map<string, ActivationStats>> {
  const stats = new Map(tensors.map((t) => [t, emptyStats()]))
  const model = withExtraOutputs(g, tensors)
  // Pass 1: extremes; pass 2: histograms over exactly those extremes.
  for (const update of [updateExtremes, updateHistogram])
    await forEachBatchOutput(model, images, tensors, (name, data) => update(stats.get(name)!, data), options)
  return stats
}
