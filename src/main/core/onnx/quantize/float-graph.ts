/**
 * A float ONNX graph held as plain data the quantizer can rewrite: nodes in topological order, float32
 * initializers decoded into Float32Arrays, and who consumes each value. Read from and written back to the
 * serialised ModelProto of our own exporter (or any opset-13 float graph of the same operators).
 */
import { createRequire } from 'node:module'
import type { onnx as OnnxNamespace } from 'onnx-proto'

export const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace }
export type NodeProto = OnnxNamespace.INodeProto
export type AttributeProto = OnnxNamespace.IAttributeProto
export type TensorProto = OnnxNamespace.ITensorProto
export type ModelProto = OnnxNamespace.ModelProto

export interface FloatTensor {
  dims: number[]
  data: Float32Array
}

export interface FloatGraph {
  model: ModelProto
  nodes: NodeProto[]
  /** float32 initializers, decoded. */
  weights: Map<string, FloatTensor>
  /** Other initializers (int64 pads…), kept as they are. */
  otherInitializers: TensorProto[]
}

const FLOAT = onnx.TensorProto.DataType.FLOAT

function decodeFloat(t: TensorProto): Float32Array {
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData
    // Copied into a fresh buffer: 4-byte aligned, and not a view into a pooled Node Buffer (whose slice()
    // shares memory, unlike Uint8Array's).
    const copy = new Uint8Array(raw.length)
    copy.set(raw)
    return new Float32Array(copy.buffer)
  }
  return Float32Array.from(t.floatData ?? [])
}

/** Decodes a serialised float model. */
export function readFloatGraph(bytes: Uint8Array): FloatGraph {
  const model = onnx.ModelProto.decode(bytes)
  const graph = model.graph
  if (!graph) throw new Error('ONNX model has no graph')
  const weights = new Map<string, FloatTensor>()
  const otherInitializers: TensorProto[] = []
  for (const t of graph.initializer ?? []) {
    if (t.dataType === FLOAT) weights.set(t.name!, { dims: (t.dims ?? []).map(Number), data: decodeFloat(t) })
    else otherInitializers.push(t)
  }
  return { model, nodes: (graph.node ?? []).map((n) => ({ ...n })), weights, otherInitializers }
}

export type ValueInfo = OnnxNamespace.IValueInfoProto

export const graphOutputs = (g: FloatGraph): ValueInfo[] => g.model.graph?.output ?? []
export const graphInputs = (g: FloatGraph): ValueInfo[] => g.model.graph?.input ?? []

/** Node attribute as a plain value (ints, int, float, floats). */
export function attr(node: NodeProto, name: string): number | number[] | undefined {
  const a = node.attribute?.find((x) => x.name === name)
  if (!a) return undefined
  const T = onnx.AttributeProto.AttributeType
  switch (a.type) {
    case T.INT:
      return Number(a.i)
    case T.FLOAT:
      return Number(a.f)
    case T.INTS:
      return (a.ints ?? []).map(Number)
    case T.FLOATS:
      return (a.floats ?? []).map(Number)
    default:
      return undefined
  }
}

/** value name → the nodes reading it (graph outputs count as a reader with index -1). */
export function consumers(g: FloatGraph): Map<string, number[]> {
  const map = new Map<string, number[]>()
  g.nodes.forEach((n, i) =>
    (n.input ?? []).forEach((x) => {
      if (!x) return
      const list = map.get(x) ?? []
      list.push(i)
      map.set(x, list)
    })
  )
  for (const o of graphOutputs(g)) {
    const list = map.get(o.name!) ?? []
    list.push(-1)
    map.set(o.name!, list)
  }
  return map
}

export function floatInitializer(name: string, t: FloatTensor): TensorProto {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice()
  return { name, dims: t.dims, dataType: FLOAT, rawData: raw }
}

/** Serialises the graph with its (possibly rewritten) nodes and float weights. */
export function writeFloatGraph(g: FloatGraph): Uint8Array {
  const graph = g.model.graph!
  const used = new Set(g.nodes.flatMap((n) => n.input ?? []))
  const initializer = [
    ...[...g.weights].filter(([name]) => used.has(name)).map(([name, t]) => floatInitializer(name, t)),
    ...g.otherInitializers.filter((t) => used.has(t.name!))
  ]
  const model = onnx.ModelProto.create({
    ...g.model,
    graph: { ...graph, node: g.nodes, initializer }
  })
  return onnx.ModelProto.encode(model).finish()
}
