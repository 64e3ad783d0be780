import type { OnnxGraphBuilder } from './onnx-builder'
import { layerWeights, type LayerLike } from './layer-graph'
import { addPads, samePads, windowOutSize, type Pads2D } from './padding'

/**
 * A value in the ONNX graph. `shape` leaves out the batch and is in NCHW order: [C, H, W] for feature maps,
 * [C] for vectors. The graph is NCHW from the single input Transpose on, so no converter ever transposes.
 */
export interface OnnxValue {
  name: string
  shape: number[]
  /** A Keras ZeroPadding2D not written yet: Conv folds it into its own pads, other consumers write a Pad. */
  pendingPad?: { source: OnnxValue; pads: Pads2D }
}

/** A layer whose configuration the exporter cannot express (channels_first, an unknown activation…). */
export class LayerConfigError extends Error {}

type Converter = (g: OnnxGraphBuilder, layer: LayerLike, inputs: OnnxValue[]) => OnnxValue
type Config = Record<string, unknown>

const zeroPads: Pads2D = [0, 0, 0, 0]

function pair(v: unknown, what: string): [number, number] {
  if (typeof v === 'number') return [v, v]
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]]
  throw new LayerConfigError(`${what} ${JSON.stringify(v)} is not one or two integers`)
}

function requireChannelsLast(c: Config): void {
  // TF.js spells it channelsLast in getConfig(), Keras JSON channels_last.
  if (c.dataFormat !== undefined && c.dataFormat !== 'channelsLast' && c.dataFormat !== 'channels_last')
    throw new LayerConfigError(`data_format ${String(c.dataFormat)} (only channels_last is exported)`)
}

function spatial(v: OnnxValue, what: string): [number, number, number] {
  if (v.shape.length !== 3) throw new LayerConfigError(`${what} needs a feature map, got shape [${v.shape}]`)
  return v.shape as [number, number, number]
}

/** Writes a pending ZeroPadding2D as an ONNX Pad (constant 0) the first time a consumer cannot fold it. */
export function materialize(g: OnnxGraphBuilder, v: OnnxValue): OnnxValue {
  if (!v.pendingPad || v.name) return v
  const { source, pads } = v.pendingPad
  const [top, left, bottom, right] = pads
  const padsInit = g.addInt64Initializer(`${source.name}_pads`, [0, 0, top, left, 0, 0, bottom, right])
  v.name = g.addNode('Pad', [materialize(g, source).name, padsInit], `${source.name}_zeropad`)[0]
  return v
}

/** Splits off a pending zero padding so a Conv can fold it into its own pads. */
function foldable(v: OnnxValue): { value: OnnxValue; pads: Pads2D } {
  return v.pendingPad ? { value: v.pendingPad.source, pads: v.pendingPad.pads } : { value: v, pads: zeroPads }
}

function windowPads(
  c: Config,
  shape: [number, number, number],
  k: [number, number],
  s: [number, number],
  d: [number, number]
): Pads2D {
  if (c.padding === 'valid') return zeroPads
  if (c.padding !== 'same')
    throw new LayerConfigError(`padding '${String(c.padding)}' (only valid and same are exported)`)
  const [top, bottom] = samePads(shape[1], k[0], s[0], d[0])
  const [left, right] = samePads(shape[2], k[1], s[1], d[1])
  return [top, left, bottom, right]
}

function windowOut(
  shape: [number, number, number],
  k: [number, number],
  s: [number, number],
  d: [number, number],
  p: Pads2D
): [number, number] {
  return [
    windowOutSize(shape[1], k[0], s[0], d[0], p[0], p[2]),
    windowOutSize(shape[2], k[1], s[1], d[1], p[1], p[3])
  ]
}

/** Keras activations that appear in image backbones; anything else is reported, not approximated. */
export function activation(g: OnnxGraphBuilder, base: string, x: OnnxValue, name: unknown): OnnxValue {
  const unary = (op: string, attrs = {}): OnnxValue => ({
    name: g.addNode(op, [x.name], `${base}_${op.toLowerCase()}`, attrs)[0],
    shape: x.shape
  })
  switch (name ?? 'linear') {
    case 'linear':
      return x
    case 'relu':
      return unary('Relu')
    case 'relu6':
      return clip(g, base, x, 6)
    case 'sigmoid':
      return unary('Sigmoid')
    case 'tanh':
      return unary('Tanh')
    case 'elu':
      return unary('Elu', { alpha: { float: 1 } })
    case 'softplus':
      return unary('Softplus')
    case 'softmax':
      return unary('Softmax', { axis: 1 }) // Keras: last axis = channels = axis 1 in NCHW and in [N, C]
    case 'swish': {
      const sig = g.addNode('Sigmoid', [x.name], `${base}_swish_sigmoid`)[0]
      return { name: g.addNode('Mul', [x.name, sig], `${base}_swish`)[0], shape: x.shape }
    }
    default:
      throw new LayerConfigError(`activation '${String(name)}'`)
  }
}

function clip(g: OnnxGraphBuilder, base: string, x: OnnxValue, max: number): OnnxValue {
  const inputs = [x.name, g.sharedFloatScalar(0), g.sharedFloatScalar(max)]
  return { name: g.addNode('Clip', inputs, `${base}_relu${max}`)[0], shape: x.shape }
}

function need(
  w: ReturnType<typeof layerWeights>,
  layer: LayerLike,
  key: string
): { shape: number[]; data: Float32Array } {
  const v = w.get(key)
  if (!v) throw new LayerConfigError(`weight '${key}' missing (has: ${[...w.keys()].join(', ') || 'none'})`)
  return v
}

/** Keras Conv2D kernel [kh, kw, in, out] → ONNX OIHW; DepthwiseConv2D [kh, kw, C, M] → [C·M, 1, kh, kw]. */
function kernelToOihw(
  k: { shape: number[]; data: Float32Array },
  depthwise: boolean
): { dims: number[]; data: Float32Array } {
  const [kh, kw, a, b] = k.shape
  const out = new Float32Array(k.data.length)
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < a; i++)
        for (let o = 0; o < b; o++) {
          const src = ((h * kw + w) * a + i) * b + o
          // depthwise: output channel c·M + m reads input channel c (ONNX group = C)
          const dst = depthwise ? ((i * b + o) * kh + h) * kw + w : ((o * a + i) * kh + h) * kw + w
          out[dst] = k.data[src]
        }
  return { dims: depthwise ? [a * b, 1, kh, kw] : [b, a, kh, kw], data: out }
}

function convolution(depthwise: boolean): Converter {
  return (g, layer, [input]) => {
    const c = layer.getConfig()
    requireChannelsLast(c)
    const k = pair(c.kernelSize, 'kernel_size')
    const s = pair(c.strides ?? 1, 'strides')
    const d = pair(c.dilationRate ?? 1, 'dilation_rate')
    const padded = spatial(input, layer.name)
    const { value: x, pads: folded } = foldable(input)
    const pads = addPads(folded, windowPads(c, padded, k, s, d))
    const w = layerWeights(layer)
    const kernel = kernelToOihw(need(w, layer, depthwise ? 'depthwise_kernel' : 'kernel'), depthwise)
    const channels = x.shape[0]
    if (kernel.dims[1] * (depthwise ? channels : 1) !== channels)
      throw new LayerConfigError(`kernel [${kernel.dims}] does not match ${channels} input channels`)
    const inputs = [
      materialize(g, x).name,
      g.addFloatInitializer(`${layer.name}/kernel`, kernel.dims, kernel.data)
    ]
    if (c.useBias !== false) {
      const b = need(w, layer, 'bias')
      inputs.push(g.addFloatInitializer(`${layer.name}/bias`, [b.data.length], b.data))
    }
    const attrs = { kernel_shape: k, strides: s, dilations: d, pads, group: depthwise ? channels : 1 }
    const [oh, ow] = windowOut(spatial(x, layer.name), k, s, d, pads)
    const y = { name: g.addNode('Conv', inputs, layer.name, attrs)[0], shape: [kernel.dims[0], oh, ow] }
    return activation(g, layer.name, y, c.activation)
  }
}

function batchNorm(): Converter {
  return (g, layer, [input]) => {
    const c = layer.getConfig()
    const rank = input.shape.length + 1
    const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : c.axis
    if (axis !== -1 && axis !== rank - 1)
      throw new LayerConfigError(`axis ${JSON.stringify(c.axis)} (only the channel axis is exported)`)
    const w = layerWeights(layer)
    const n = input.shape[0]
    const vec = (key: string, enabled: unknown, fill: number): string => {
      const data = enabled === false ? new Float32Array(n).fill(fill) : need(w, layer, key).data
      return g.addFloatInitializer(`${layer.name}/${key}`, [n], data)
    }
    const inputs = [
      materialize(g, input).name,
      vec('gamma', c.scale, 1),
      vec('beta', c.center, 0),
      vec('moving_mean', true, 0),
      vec('moving_variance', true, 1)
    ]
    // Its own operator, in inference form: ORT folds it into the Conv before it when it optimises the graph.
    const name = g.addNode('BatchNormalization', inputs, layer.name, {
      epsilon: { float: Number(c.epsilon) }
    })[0]
    return { name, shape: input.shape }
  }
}

function pooling(op: 'MaxPool' | 'AveragePool'): Converter {
  return (g, layer, [input]) => {
    const c = layer.getConfig()
    requireChannelsLast(c)
    const k = pair(c.poolSize, 'pool_size')
    const s = pair(c.strides ?? c.poolSize, 'strides')
    const one: [number, number] = [1, 1]
    // Keras ZeroPadding2D + 'valid' average pooling averages the padded zeros too: that is count_include_pad=1.
    // Max pooling and 'same' average pooling (which excludes its own padding) take an explicit Pad instead.
    const fold = op === 'AveragePool' && c.padding === 'valid' && input.pendingPad !== undefined
    const { value: x, pads: folded } = fold
      ? foldable(input)
      : { value: materialize(g, input), pads: zeroPads }
    const pads = addPads(folded, windowPads(c, spatial(input, layer.name), k, s, one))
    const attrs: Record<string, number | number[]> = { kernel_shape: k, strides: s, pads }
    if (op === 'AveragePool') attrs.count_include_pad = fold ? 1 : 0
    const [oh, ow] = windowOut(spatial(x, layer.name), k, s, one, pads)
    return { name: g.addNode(op, [x.name], layer.name, attrs)[0], shape: [x.shape[0], oh, ow] }
  }
}

function globalPooling(op: 'GlobalAveragePool' | 'GlobalMaxPool'): Converter {
  return (g, layer, [input]) => {
    const c = layer.getConfig()
    requireChannelsLast(c)
    const [ch] = spatial(input, layer.name)
    const pooled = g.addNode(op, [materialize(g, input).name], layer.name)[0]
    if (c.keepDims === true) return { name: pooled, shape: [ch, 1, 1] }
    return { name: g.addNode('Flatten', [pooled], `${layer.name}_flatten`, { axis: 1 })[0], shape: [ch] }
  }
}

/** Keras axis (NHWC, batch = 0) → ONNX axis in this graph's NCHW layout. */
function onnxAxis(kerasAxis: number, valueRank: number): number {
  const rank = valueRank + 1
  const a = kerasAxis < 0 ? kerasAxis + rank : kerasAxis
  if (a <= 0 || a >= rank) throw new LayerConfigError(`axis ${kerasAxis} for rank ${rank}`)
  return rank === 4 ? [0, 2, 3, 1][a] : a
}

const converters: Record<string, Converter> = {
  Conv2D: convolution(false),
  DepthwiseConv2D: convolution(true),
  BatchNormalization: batchNorm(),
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AveragePool'),
  GlobalAveragePooling2D: globalPooling('GlobalAveragePool'),
  GlobalMaxPooling2D: globalPooling('GlobalMaxPool'),
  Activation: (g, layer, [x]) => activation(g, layer.name, materialize(g, x), layer.getConfig().activation),
  ReLU: (g, layer, [x]) => {
    const max = layer.getConfig().maxValue
    const v = materialize(g, x)
    if (max === null || max === undefined) return activation(g, layer.name, v, 'relu')
    return clip(g, layer.name, v, Number(max))
  },
  LeakyReLU: (g, layer, [x]) => {
    const alpha = Number(layer.getConfig().alpha ?? 0.3)
    return {
      name: g.addNode('LeakyRelu', [materialize(g, x).name], layer.name, { alpha: { float: alpha } })[0],
      shape: x.shape
    }
  },
  ZeroPadding2D: (_g, layer, [x]) => {
    const c = layer.getConfig()
    requireChannelsLast(c)
    const p = c.padding
    const [[top, bottom], [left, right]] =
      typeof p === 'number'
        ? [
            [p, p],
            [p, p]
          ]
        : Array.isArray(p) && p.every((e) => typeof e === 'number')
          ? [
              [p[0], p[0]],
              [p[1], p[1]]
            ]
          : (p as number[][])
    const [ch, h, w] = spatial(x, layer.name)
    return {
      name: '',
      shape: [ch, h + top + bottom, w + left + right],
      pendingPad: { source: x, pads: [top, left, bottom, right] }
    }
  },
  Add: (g, layer, inputs) => {
    if (inputs.length < 2) throw new LayerConfigError(`Add of ${inputs.length} input`)
    const shape = inputs[0].shape
    if (inputs.some((v) => v.shape.join() !== shape.join()))
      throw new LayerConfigError(`Add of shapes ${inputs.map((v) => `[${v.shape}]`).join(' ')}`)
    let acc = materialize(g, inputs[0]).name
    for (let i = 1; i < inputs.length; i++)
      acc = g.addNode('Add', [acc, materialize(g, inputs[i]).name], layer.name)[0]
    return { name: acc, shape }
  },
  Concatenate: (g, layer, inputs) => {
    const axis = onnxAxis(Number(layer.getConfig().axis ?? -1), inputs[0].shape.length) // 1-based with batch
    const shape = [...inputs[0].shape]
    shape[axis - 1] = inputs.reduce((sum, v) => sum + v.shape[axis - 1], 0)
    const names = inputs.map((v) => materialize(g, v).name)
    return { name: g.addNode('Concat', names, layer.name, { axis })[0], shape }
  },
  Dense: (g, layer, [x]) => {
    if (x.shape.length !== 1) throw new LayerConfigError(`Dense on shape [${x.shape}] (only on vectors)`)
    const c = layer.getConfig()
    const w = layerWeights(layer)
    const kernel = need(w, layer, 'kernel')
    const inputs = [x.name, g.addFloatInitializer(`${layer.name}/kernel`, kernel.shape, kernel.data)]
    if (c.useBias !== false)
      inputs.push(g.addFloatInitializer(`${layer.name}/bias`, [kernel.shape[1]], need(w, layer, 'bias').data))
    const y = { name: g.addNode('Gemm', inputs, layer.name)[0], shape: [kernel.shape[1]] }
    return activation(g, layer.name, y, c.activation)
  },
  Flatten: (g, layer, [x]) => {
    if (x.shape.length === 1) return x
    // Keras flattens in HWC order: the one place a layout change is needed, and only when a model flattens a map.
    const [ch, h, w] = spatial(materialize(g, x), layer.name)
    const nhwc = g.addNode('Transpose', [x.name], `${layer.name}_nhwc`, { perm: [0, 2, 3, 1] })[0]
    return { name: g.addNode('Flatten', [nhwc], layer.name, { axis: 1 })[0], shape: [ch * h * w] }
  },
  // Inference-time identities.
  Dropout: (_g, _layer, [x]) => x,
  SpatialDropout2D: (_g, _layer, [x]) => x
}

export function converterFor(className: string): Converter | undefined {
  return Object.hasOwn(converters, className) ? converters[className] : undefined
}
