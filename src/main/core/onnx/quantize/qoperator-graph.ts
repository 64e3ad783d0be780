/**
 * Writes the integer graph in ONNX Runtime's operator form ("QOperator"): QLinearConv with int8 per-channel
 * weights and uint8 activations, ReLU / ReLU6 fused into the convolution's output encoding (zero point 0: the
 * uint8 floor is the ReLU), max pooling and zero padding on the uint8 values themselves, average pooling,
 * concatenation and residual adds as com.microsoft QLinear operators. Values move between float and uint8
 * only where an operator has no integer form (DenseNet's BatchNorm on a concatenation, the final pooling that
 * yields the features): a DequantizeLinear before, a QuantizeLinear after, each written once per value.
 *
 * The same walk plans calibration: with a `range` callback that records its argument it lists exactly the
 * tensors whose ranges the graph needs.
 */
import {
  attr,
  consumers,
  floatInitializer,
  graphInputs,
  graphOutputs,
  onnx,
  type AttributeProto,
  type FloatGraph,
  type FloatTensor,
  type NodeProto,
  type TensorProto
} from './float-graph'
import {
  activationParams,
  quantizeBias,
  quantizeWeightsPerChannel,
  type ActivationParams
} from './quant-params'

export interface QOperatorOptions {
  /** Calibrated [lo, hi] of a float tensor of the (folded) graph. */
  range: (tensor: string) => [number, number]
  /** Convolutions (by their output name in the folded graph) left in float. */
  keepFloat?: ReadonlySet<string>
  /** 7-bit weights (AVX2 without VNNI: ORT's u8s8 kernels would saturate int16 pair sums otherwise). */
  reduceRange?: boolean
  /** Concatenate uint8 inputs with QLinearConcat (default; false: in float, after dequantizing them). */
  integerConcat?: boolean
  /** Unfoldable BatchNorms as float islands (else as depthwise 1×1 QLinearConv, the default). */
  batchNormInFloat?: boolean
}

export interface QOperatorGraph {
  bytes: Uint8Array
  opCounts: Record<string, number>
  /** Convolutions written as QLinearConv and kept in float, by output name in the folded graph. */
  quantizedConvs: string[]
  floatConvs: string[]
}

const MS = 'com.microsoft'
const A = onnx.AttributeProto.AttributeType
const intsAttr = (name: string, ints: number[]): AttributeProto => ({ name, type: A.INTS, ints })
const intAttr = (name: string, i: number): AttributeProto => ({ name, type: A.INT, i })
const T = onnx.TensorProto.DataType

interface QValue {
  name: string
  params: ActivationParams
}

export function writeQOperatorGraph(g: FloatGraph, options: QOperatorOptions): QOperatorGraph {
  const readers = consumers(g)
  const nodes: NodeProto[] = []
  const inits: TensorProto[] = []
  const written = new Set<string>()
  const usedFloat = new Set<string>()
  const floatAvail = new Set<string>(graphInputs(g).map((i) => i.name!))
  const q = new Map<string, QValue>()
  /** Relu outputs not written yet: name → its input (written in float or straight to uint8 as needed). */
  const lazyRelu = new Map<string, string>()
  const skip = new Set<number>()
  const quantizedConvs: string[] = []
  const floatConvs: string[] = []
  const otherInit = new Map(g.otherInitializers.map((t) => [t.name!, t]))

  const node = (
    opType: string,
    input: string[],
    output: string[],
    attribute: NodeProto['attribute'] = [],
    domain = ''
  ): void => {
    nodes.push({ opType, input, output, name: output[0], attribute, domain })
  }
  const scalar = (name: string, dataType: number, data: ArrayBufferView, dims: number[] = []): string => {
    inits.push({
      name,
      dims,
      dataType,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    })
    return name
  }
  const paramInits = (v: QValue): [string, string] => {
    const s = `${v.name}_scale`
    if (!written.has(s)) {
      written.add(s)
      scalar(s, T.FLOAT, Float32Array.of(v.params.scale))
      scalar(`${v.name}_zp`, T.UINT8, Uint8Array.of(v.params.zeroPoint))
    }
    return [s, `${v.name}_zp`]
  }
  const paramsOf = (tensor: string, floorAtZero = false): ActivationParams => {
    const [lo, hi] = options.range(tensor)
    return activationParams(floorAtZero ? 0 : lo, hi)
  }

  const ensureF = (name: string): string => {
    if (floatAvail.has(name)) return name
    const src = lazyRelu.get(name)
    if (src !== undefined) node('Relu', [ensureF(src)], [name])
    else {
      const v = q.get(name)
      if (!v) throw new Error(`quantizer: ${name} has no value yet (graph not in topological order?)`)
      node('DequantizeLinear', [v.name, ...paramInits(v)], [name])
    }
    floatAvail.add(name)
    return name
  }
  const ensureQ = (name: string): QValue => {
    const have = q.get(name)
    if (have) return have
    const src = lazyRelu.get(name)
    // A ReLU's output quantized with zero point 0 straight from its input: the uint8 floor does the ReLU.
    const from = src !== undefined && !floatAvail.has(name) ? ensureF(src) : ensureF(name)
    const v: QValue = { name: `${name}_q`, params: paramsOf(name, src !== undefined) }
    node('QuantizeLinear', [from, ...paramInits(v)], [v.name])
    q.set(name, v)
    return v
  }
  const floatNode = (n: NodeProto): void => {
    const input = (n.input ?? []).map((x) => {
      if (!x) return x
      if (g.weights.has(x)) {
        usedFloat.add(x)
        return x
      }
      if (otherInit.has(x)) return x
      return ensureF(x)
    })
    nodes.push({ ...n, input })
    n.output?.forEach((o) => floatAvail.add(o))
  }
  /** The Relu or Clip(0, max) that alone reads a Conv's output, fused into it. */
  const fusedActivation = (convOut: string): { index: number; out: string; max?: number } | undefined => {
    const r = readers.get(convOut) ?? []
    if (r.length !== 1 || r[0] < 0) return undefined
    const a = g.nodes[r[0]]
    if (a.opType === 'Relu') return { index: r[0], out: a.output![0] }
    if (a.opType === 'Clip') {
      const lo = g.weights.get(a.input![1] ?? '')?.data[0]
      const hi = g.weights.get(a.input![2] ?? '')?.data[0]
      if (lo === 0 && hi !== undefined) return { index: r[0], out: a.output![0], max: hi }
    }
    return undefined
  }

  /** A convolution (or a BatchNorm as one) as QLinearConv, with the lone Relu/Clip after it fused. */
  const integerConv = (
    out: string,
    x: string,
    W: FloatTensor,
    bias: Float32Array,
    attribute: NonNullable<NodeProto['attribute']>
  ): void => {
    const act = fusedActivation(out)
    if (act) skip.add(act.index)
    const yName = act ? act.out : out
    const xq = ensureQ(x)
    const m = W.dims[0]
    const w = quantizeWeightsPerChannel(W.data, m, options.reduceRange)
    let [lo, hi] = options.range(yName)
    if (act) lo = 0
    if (act?.max !== undefined) hi = Math.min(hi, act.max)
    const y: QValue = { name: `${yName}_q`, params: activationParams(lo, hi) }
    const wName = scalar(`${out}_w_q`, T.INT8, w.q, W.dims)
    const wScale = scalar(`${out}_w_scale`, T.FLOAT, w.scales, [m])
    const wZp = scalar(`${out}_w_zp`, T.INT8, new Int8Array(m), [m])
    const bName = scalar(`${out}_b_q`, T.INT32, quantizeBias(bias, xq.params.scale, w.scales), [m])
    const [ys, yz] = paramInits(y)
    node('QLinearConv', [xq.name, ...paramInits(xq), wName, wScale, wZp, ys, yz, bName], [y.name], attribute)
    q.set(yName, y)
    quantizedConvs.push(out)
  }

  g.nodes.forEach((n, i) => {
    if (skip.has(i)) return
    const [x] = n.input ?? []
    const out = n.output![0]
    switch (n.opType) {
      case 'Conv': {
        const W = g.weights.get(n.input![1])
        if (options.keepFloat?.has(out) || !W) {
          floatConvs.push(out)
          return floatNode(n)
        }
        const bias = n.input![2] ? g.weights.get(n.input![2])!.data : new Float32Array(W.dims[0])
        return integerConv(out, x, W, bias, n.attribute ?? [])
      }
      case 'BatchNormalization': {
        // A BatchNorm with no Conv to fold into (DenseNet's, on a concatenation) is a per-channel a·x + b: a
        // depthwise 1×1 convolution, so it stays in uint8 (its ReLU fused like any convolution's) instead of
        // a float island DequantizeLinear → BatchNormalization → QuantizeLinear (measured on DenseNet121: the
        // islands took about 65 % of the int8 graph's operator time; bench/int8-profile.ts).
        if (options.batchNormInFloat || !q.has(x) || options.keepFloat?.has(out)) return floatNode(n)
        const [gamma, beta, mean, variance] = n.input!.slice(1).map((v) => g.weights.get(v))
        if (!gamma || !beta || !mean || !variance) return floatNode(n)
        const eps = Number(attr(n, 'epsilon') ?? 1e-5)
        const c = gamma.data.length
        const a = new Float32Array(c)
        const b = new Float32Array(c)
        for (let k = 0; k < c; k++) {
          a[k] = gamma.data[k] / Math.sqrt(variance.data[k] + eps)
          b[k] = beta.data[k] - a[k] * mean.data[k]
        }
        const attrs = [intsAttr('kernel_shape', [1, 1]), intAttr('group', c)]
        return integerConv(out, x, { dims: [c, 1, 1, 1], data: a }, b, attrs)
      }
      case 'Relu':
        lazyRelu.set(out, x)
        return
      case 'Pad': {
        const mode = n.attribute?.find((a) => a.name === 'mode')
        const constant = n.input![2]
        if (
          !q.has(x) ||
          (mode && new TextDecoder().decode(mode.s!) !== 'constant') ||
          (constant && g.weights.get(constant)?.data[0] !== 0)
        )
          return floatNode(n)
        const xq = q.get(x)!
        const zp = `${xq.name}_zp`
        paramInits(xq)
        node('Pad', [xq.name, n.input![1], zp], [`${out}_q`], n.attribute ?? [])
        q.set(out, { name: `${out}_q`, params: xq.params })
        return
      }
      case 'MaxPool': {
        if (!q.has(x)) return floatNode(n)
        const xq = q.get(x)!
        node('MaxPool', [xq.name], [`${out}_q`], n.attribute ?? [])
        q.set(out, { name: `${out}_q`, params: xq.params })
        return
      }
      case 'AveragePool': {
        if (!q.has(x)) return floatNode(n)
        const xq = q.get(x)!
        const y: QValue = { name: `${out}_q`, params: paramsOf(out) }
        node(
          'QLinearAveragePool',
          [xq.name, ...paramInits(xq), ...paramInits(y)],
          [y.name],
          n.attribute ?? [],
          MS
        )
        q.set(out, y)
        return
      }
      case 'Concat': {
        const ins = n.input!
        if (options.integerConcat === false || !ins.every((v) => q.has(v))) return floatNode(n)
        const y: QValue = { name: `${out}_q`, params: paramsOf(out) }
        const args = ins.flatMap((v) => {
          const vq = q.get(v)!
          return [vq.name, ...paramInits(vq)]
        })
        node('QLinearConcat', [...paramInits(y), ...args], [y.name], n.attribute ?? [], MS)
        q.set(out, y)
        return
      }
      case 'Add': {
        const [a, b] = n.input!
        if (!q.has(a) || !q.has(b)) return floatNode(n)
        const aq = q.get(a)!
        const bq = q.get(b)!
        const y: QValue = { name: `${out}_q`, params: paramsOf(out) }
        node(
          'QLinearAdd',
          [aq.name, ...paramInits(aq), bq.name, ...paramInits(bq), ...paramInits(y)],
          [y.name],
          [],
          MS
        )
        q.set(out, y)
        return
      }
      default:
        return floatNode(n)
    }
  })
  const graph = g.model.graph!
  for (const o of graphOutputs(g)) ensureF(o.name!)
  for (const name of usedFloat) inits.push(floatInitializer(name, g.weights.get(name)!))
  const usedNames = new Set(nodes.flatMap((n) => n.input ?? []))
  for (const t of g.otherInitializers) if (usedNames.has(t.name!)) inits.push(t)
  const model = onnx.ModelProto.create({
    ...g.model,
    opsetImport: [...g.model.opsetImport.filter((o) => o.domain !== MS), { domain: MS, version: 1 }],
    graph: { ...graph, node: nodes, initializer: inits }
  })
  const opCounts: Record<string, number> = {}
  for (const n of nodes) opCounts[n.opType!] = (opCounts[n.opType!] ?? 0) + 1
  return { bytes: onnx.ModelProto.encode(model).finish(), opCounts, quantizedConvs, floatConvs }
}
