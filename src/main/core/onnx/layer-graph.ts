import type { Tensor } from '@tensorflow/tfjs'

/**
 * The slice of TF.js's (public but loosely typed) layer topology the exporter walks. Declared structurally so the
 * exporter works with any LayersModel, however it was built or loaded, without deep imports into tfjs-layers.
 */
export interface SymTensor {
  id: number
  sourceLayer: LayerLike
  nodeIndex: number
  tensorIndex: number
  shape: (number | null)[]
}

export interface LayerVariableLike {
  originalName: string
  shape: number[]
  read(): Tensor
}

export interface LayerLike {
  name: string
  getClassName(): string
  getConfig(): Record<string, unknown>
  inboundNodes: { inputTensors: SymTensor[] }[]
  outboundNodes: unknown[]
  weights: LayerVariableLike[]
  /** Present on nested models (Functional `Model`, `Sequential`). */
  layers?: LayerLike[]
  inputs?: SymTensor[]
  outputs?: SymTensor[]
}

export function isContainer(
  layer: LayerLike
): layer is LayerLike & Required<Pick<LayerLike, 'layers' | 'inputs' | 'outputs'>> {
  return Array.isArray(layer.layers) && Array.isArray(layer.inputs) && Array.isArray(layer.outputs)
}

/** Every non-container layer of a model, nested models flattened, each once. */
export function leafLayers(model: LayerLike): LayerLike[] {
  const out: LayerLike[] = []
  const seen = new Set<LayerLike>()
  const visit = (l: LayerLike): void => {
    if (seen.has(l)) return
    seen.add(l)
    if (isContainer(l)) l.layers.forEach(visit)
    else out.push(l)
  }
  model.layers?.forEach(visit)
  return out
}

/**
 * A layer's weights by their Keras short name ("kernel", "gamma", "moving_mean"…), copied out as float32.
 * The variables are read, not cloned, so nothing needs disposing.
 */
export function layerWeights(layer: LayerLike): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>()
  for (const w of layer.weights) {
    const short = w.originalName.replace(/:\d+$/, '').split('/').pop()!
    const t = w.read()
    if (t.dtype !== 'float32')
      throw new Error(`layer ${layer.name}: weight ${w.originalName} is ${t.dtype}, not float32`)
    out.set(short, { shape: [...w.shape], data: Float32Array.from(t.dataSync() as Float32Array) })
  }
  return out
}
