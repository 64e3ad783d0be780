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

/**
 * One walk of the folded graph, node by node in topological order: what has been written so far (nodes,
 * initializers), which values exist in float and which in uint8, and the ReLUs not written yet.
 */
class QOperatorWriter {
  readonly nodes: NodeProto[] = []
  readonly inits: TensorProto[] = []
  readonly quantizedConvs: string[] = []
  readonly floatConvs: string[] = []
  private readonly readers: ReturnType<typeof consumers>
  private readonly written = new Set<string>()
  private readonly usedFloat = new Set<string>()
  private readonly floatAvail: Set<string>
  private readonly q = new Map<string, QValue>()
  /** Relu outputs not written yet: name → its input (written in float or straight to uint8 as needed). */
  private readonly lazyRelu = new Map<string, string>()
  /** Nodes already written as part of another (a Relu/Clip fused into its convolution). */
  private readonly skip = new Set<number>()
  private readonly otherInit: Map<string, TensorProto>

  constructor(
    private readonly g: FloatGraph,
    private readonly options: QOperatorOptions
  ) {
    this.readers = consumers(g)
    this.floatAvail = new Set<string>(graphInputs(g).map((i) => i.name!))
    this.otherInit = new Map(g.otherInitializers.map((t) => [t.name!, t]))
  }

  private node(
    opType: string,
    input: string[],
    output: string[],
    attribute: NodeProto['attribute'] = [],
    domain = ''
  ): void {
    this.nodes.push({ opType, input, output, name: output[0], attribute, domain })
  }

  private scalar(name: string, dataType: number, data: ArrayBufferView, dims: number[] = []): string {
    this.inits.push({
      name,
      dims,
      dataType,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    })
    return name
  }

  /** A uint8 value's scale and zero point initializers, written once per value. */
  private paramInits(v: QValue): [string, string] {
    const s = `${v.name}_scale`
    if (!this.written.has(s)) {
      this.written.add(s)
      this.scalar(s, T.FLOAT, Float32Array.of(v.params.scale))
      this.scalar(`${v.name}_zp`, T.UINT8, Uint8Array.of(v.params.zeroPoint))
    }
    return [s, `${v.name}_zp`]
  }

  private paramsOf(tensor: string, floorAtZero = false): ActivationParams {
    const [lo, hi] = this.options.range(tensor)
    return activationParams(floorAtZero ? 0 : lo, hi)
  }

  /** The value in float: as it is, a pending ReLU written, or its uint8 form dequantized. */
  ensureF(name: string): string {
    if (this.floatAvail.has(name)) return name
    const src = this.lazyRelu.get(name)
    if (src !== undefined) this.node('Relu', [this.ensureF(src)], [name])
    else {
      const v = this.q.get(name)
      if (!v) throw new Error(`quantizer: ${name} has no value yet (graph not in topological order?)`)
      this.node('DequantizeLinear', [v.name, ...this.paramInits(v)], [name])
    }
    this.floatAvail.add(name)
    return name
  }

  private ensureQ(name: string): QValue {
    const have = this.q.get(name)
    if (have) return have
    const src = this.lazyRelu.get(name)
    // A ReLU's output quantized with zero point 0 straight from its input: the uint8 floor does the ReLU.
    const from = src !== undefined && !this.floatAvail.has(name) ? this.ensureF(src) : this.ensureF(name)
    const v: QValue = { name: `${name}_q`, params: this.paramsOf(name, src !== undefined) }
    this.node('QuantizeLinear', [from, ...this.paramInits(v)], [v.name])
    this.q.set(name, v)
    return v
  }

  /** A node left in float, its inputs dequantized as needed. */
  private floatNode(n: NodeProto): void {
    const input = (n.input ?? []).map((x) => {
      if (!x) return x
      if (this.g.weights.has(x)) {
        this.usedFloat.add(x)
        return x
      }
      if (this.otherInit.has(x)) return x
      return this.ensureF(x)
    })
    this.nodes.push({ ...n, input })
    n.output?.forEach((o) => this.floatAvail.add(o))
  }

  /** The Relu or Clip(0, max) that alone reads a Conv's output, fused into it. */
  private fusedActivation(convOut: string): { index: number; out: string; max?: number } | undefined {
    const { g } = this
    const r = this.readers.get(convOut) ?? []
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
  private integerConv(
    out: string,
    x: string,
    W: FloatTensor,
    bias: Float32Array,
    attribute: NonNullable<NodeProto['attribute']>
  ): void {
    const act = this.fusedActivation(out)
    if (act) this.skip.add(act.index)
    const yName = act ? act.out : out
    const xq = this.ensureQ(x)
    const m = W.dims[0]
    const w = quantizeWeightsPerChannel(W.data, m, this.options.reduceRange)
    let [lo, hi] = this.options.range(yName)
    if (act) lo = 0
    if (act?.max !== undefined) hi = Math.min(hi, act.max)
    const y: QValue = { name: `${yName}_q`, params: activationParams(lo, hi) }
    const wName = this.scalar(`${out}_w_q`, T.INT8, w.q, W.dims)
    const wScale = this.scalar(`${out}_w_scale`, T.FLOAT, w.scales, [m])
    const wZp = this.scalar(`${out}_w_zp`, T.INT8, new Int8Array(m), [m])
    const bName = this.scalar(`${out}_b_q`, T.INT32, quantizeBias(bias, xq.params.scale, w.scales), [m])
    const [ys, yz] = this.paramInits(y)
    this.node(
      'QLinearConv',
      [xq.name, ...this.paramInits(xq), wName, wScale, wZp, ys, yz, bName],
      [y.name],
      attribute
    )
    this.q.set(yName, y)
    this.quantizedConvs.push(out)
  }

  private conv(n: NodeProto, x: string, out: string): void {
    const W = this.g.weights.get(n.input![1])
    if (this.options.keepFloat?.has(out) || !W) {
      this.floatConvs.push(out)
      return this.floatNode(n)
    }
    const bias = n.input![2] ? this.g.weights.get(n.input![2])!.data : new Float32Array(W.dims[0])
    this.integerConv(out, x, W, bias, n.attribute ?? [])
  }

  private batchNorm(n: NodeProto, x: string, out: string): void {
    const { options, g } = this
    // A BatchNorm with no Conv to fold into (DenseNet's, on a concatenation) is a per-channel a·x + b: a
    // depthwise 1×1 convolution, so it stays in uint8 (its ReLU fused like any convolution's) instead of
    // a float island DequantizeLinear → BatchNormalization → QuantizeLinear (measured on DenseNet121: the
    // islands took about 65 % of the int8 graph's operator time; bench/int8-profile.ts).
    if (options.batchNormInFloat || !this.q.has(x) || options.keepFloat?.has(out)) return this.floatNode(n)
    const [gamma, beta, mean, variance] = n.input!.slice(1).map((v) => g.weights.get(v))
    if (!gamma || !beta || !mean || !variance) return this.floatNode(n)
    const eps = Number(attr(n, 'epsilon') ?? 1e-5)
    const c = gamma.data.length
    const a = new Float32Array(c)
    const b = new Float32Array(c)
    for (let k = 0; k < c; k++) {
      a[k] = gamma.data[k] / Math.sqrt(variance.data[k] + eps)
      b[k] = beta.data[k] - a[k] * mean.data[k]
    }
    const attrs = [intsAttr('kernel_shape', [1, 1]), intAttr('group', c)]
    this.integerConv(out, x, { dims: [c, 1, 1, 1], data: a }, b, attrs)
  }

  /** Zero padding on the uint8 values: padded with the zero point, which stands for 0. */
  private pad(n: NodeProto, x: string, out: string): void {
    const mode = n.attribute?.find((a) => a.name === 'mode')
    const constant = n.input![2]
    if (
      !this.q.has(x) ||
      (mode && new TextDecoder().decode(mode.s!) !== 'constant') ||
      (constant && this.g.weights.get(constant)?.data[0] !== 0)
    )
      return this.floatNode(n)
    const xq = this.q.get(x)!
    const zp = `${xq.name}_zp`
    this.paramInits(xq)
    this.node('Pad', [xq.name, n.input![1], zp], [`${out}_q`], n.attribute ?? [])
    this.q.set(out, { name: `${out}_q`, params: xq.params })
  }

  /** Max pooling commutes with the uint8 encoding: same scale and zero point out as in. */
  private maxPool(n: NodeProto, x: string, out: string): void {
    if (!this.q.has(x)) return this.floatNode(n)
    const xq = this.q.get(x)!
    this.node('MaxPool', [xq.name], [`${out}_q`], n.attribute ?? [])
    this.q.set(out, { name: `${out}_q`, params: xq.params })
  }

  private averagePool(n: NodeProto, x: string, out: string): void {
    if (!this.q.has(x)) return this.floatNode(n)
    const xq = this.q.get(x)!
    const y: QValue = { name: `${out}_q`, params: this.paramsOf(out) }
    this.node(
      'QLinearAveragePool',
      [xq.name, ...this.paramInits(xq), ...this.paramInits(y)],
      [y.name],
      n.attribute ?? [],
      MS
    )
    this.q.set(out, y)
  }

  private concat(n: NodeProto, out: string): void {
    const ins = n.input!
    if (this.options.integerConcat === false || !ins.every((v) => this.q.has(v))) return this.floatNode(n)
    const y: QValue = { name: `${out}_q`, params: this.paramsOf(out) }
    const args = ins.flatMap((v) => {
      const vq = this.q.get(v)!
      return [vq.name, ...this.paramInits(vq)]
    })
    this.node('QLinearConcat', [...this.paramInits(y), ...args], [y.name], n.attribute ?? [], MS)
    this.q.set(out, y)
  }

  private add(n: NodeProto, out: string): void {
    const [a, b] = n.input!
    if (!this.q.has(a) || !this.q.has(b)) return this.floatNode(n)
    const aq = this.q.get(a)!
    const bq = this.q.get(b)!
    const y: QValue = { name: `${out}_q`, params: this.paramsOf(out) }
    this.node(
      'QLinearAdd',
      [aq.name, ...this.paramInits(aq), bq.name, ...this.paramInits(bq), ...this.paramInits(y)],
      [y.name],
      [],
      MS
    )
    this.q.set(out, y)
  }

  /** One node of the folded graph, in its integer form where it has one. */
  visit(n: NodeProto, i: number): void {
    if (this.skip.has(i)) return
    const [x] = n.input ?? []
    const out = n.output![0]
    switch (n.opType) {
      case 'Conv':
        return this.conv(n, x, out)
      case 'BatchNormalization':
        return this.batchNorm(n, x, out)
      case 'Relu':
        this.lazyRelu.set(out, x)
        return
      case 'Pad':
        return this.pad(n, x, out)
      case 'MaxPool':
        return this.maxPool(n, x, out)
      case 'AveragePool':
        return this.averagePool(n, x, out)
      case 'Concat':
        return this.concat(n, out)
      case 'Add':
        return this.add(n, out)
      default:
        return this.floatNode(n)
    }
  }

  /** The graph's outputs in float, and the float weights and other initializers the written nodes read. */
  finish(): void {
    const { g } = this
    for (const o of graphOutputs(g)) this.ensureF(o.name!)
    for (const name of this.usedFloat) this.inits.push(floatInitializer(name, g.weights.get(name)!))
    const usedNames = new Set(this.nodes.flatMap((n) => n.input ?? []))
    for (const t of g.otherInitializers) if (usedNames.has(t.name!)) this.inits.push(t)
  }
}

export function writeQOperatorGraph(g: FloatGraph, options: QOperatorOptions): QOperatorGraph {
  const w = new QOperatorWriter(g, options)
  g.nodes.forEach((n, i) => w.visit(n, i))
  w.finish()
  const { nodes, inits, quantizedConvs, floatConvs } = w
  const model = onnx.ModelProto.create({
    ...g.model,
    opsetImport: [...g.model.opsetImport.filter((o) => o.domain !== MS), { domain: MS, version: 1 }],
    graph: { ...g.model.graph!, node: nodes, initializer: inits }
  })
  const opCounts: Record<string, number> = {}
  for (const n of nodes) opCounts[n.opType!] = (opCounts[n.opType!] ?? 0) + 1
  return { bytes: onnx.ModelProto.encode(model).finish(), opCounts, quantizedConvs, floatConvs }
}
