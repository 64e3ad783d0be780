import { createRequire } from 'node:module'
import type { onnx as OnnxNamespace } from 'onnx-proto'

// onnx-proto is protobufjs code generated from ONNX's own onnx.proto; it is CommonJS with `module.exports = root`,
// which Node's ESM named-export detection cannot see, so it is required rather than imported.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxNamespace }

/** Opset 13: every operator used here (Conv, BatchNormalization, Clip with min/max inputs, Pad with a pads input). */
export const ONNX_OPSET = 13
/** IR version 7 is the one that goes with opset 13 (onnx 1.8). */
const IR_VERSION = 7

/** Node attribute: integer, integer list, string, or `{ float }` (a float attribute may hold a whole number). */
export type Attr = number | number[] | string | { float: number }
type Int64Array = BigInt64Array

/**
 * Collects nodes and initializers of one ONNX graph in topological order and serialises it with onnx-proto.
 * Names are made unique here so that Keras layer names (which may repeat across nested models) cannot collide.
 */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxNamespace.INodeProto[] = []
  private readonly initializers: OnnxNamespace.ITensorProto[] = []
  private readonly inputs: OnnxNamespace.IValueInfoProto[] = []
  private readonly outputs: OnnxNamespace.IValueInfoProto[] = []
  private readonly used = new Set<string>()
  private readonly scalars = new Map<number, string>()

  /** A fresh value name derived from `base` ("conv1/conv" → "conv1/conv", then "conv1/conv_1"…). */
  uniqueName(base: string): string {
    let name = base
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`
    this.used.add(name)
    return name
  }

  /** A float32 initializer; `data.length` must equal the product of `dims`. */
  addFloatInitializer(base: string, dims: number[], data: Float32Array): string {
    const count = dims.reduce((a, b) => a * b, 1)
    if (count !== data.length)
      throw new Error(`ONNX initializer ${base}: ${data.length} values for shape [${dims}]`)
    return this.addInitializer(base, dims, onnx.TensorProto.DataType.FLOAT, data)
  }

  addInt64Initializer(base: string, values: number[]): string {
    const data: Int64Array = BigInt64Array.from(values.map((v) => BigInt(v)))
    return this.addInitializer(base, [values.length], onnx.TensorProto.DataType.INT64, data)
  }

  /** One shared scalar initializer per value (the 0 and 6 of every ReLU6's Clip). */
  sharedFloatScalar(value: number): string {
    let name = this.scalars.get(value)
    if (!name) {
      name = this.addInitializer(
        `const_${value}`,
        [],
        onnx.TensorProto.DataType.FLOAT,
        Float32Array.of(value)
      )
      this.scalars.set(value, name)
    }
    return name
  }

  private addInitializer(
    base: string,
    dims: number[],
    dataType: number,
    data: Float32Array | Int64Array
  ): string {
    const name = this.uniqueName(base)
    // raw_data is little-endian by the ONNX spec; every platform the app ships for (x64, arm64) is little-endian.
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    this.initializers.push({ name, dims, dataType, rawData })
    return name
  }

  /** Adds a node and returns the names of its outputs (one unless `outputCount` says otherwise). */
  addNode(
    opType: string,
    inputs: string[],
    nameBase: string,
    attrs: Record<string, Attr> = {},
    outputCount = 1
  ): string[] {
    const outputs = Array.from({ length: outputCount }, (_, i) =>
      this.uniqueName(i === 0 ? nameBase : `${nameBase}:${i}`)
    )
    const attribute = Object.entries(attrs).map(([name, v]) => toAttribute(name, v))
    this.nodes.push({ opType, input: inputs, output: outputs, name: outputs[0], attribute })
    return outputs
  }

  /** A float32 graph input; `null` dimensions become the symbolic batch dimension `N`. */
  addInput(base: string, shape: (number | null)[]): string {
    const name = this.uniqueName(base)
    this.inputs.push(valueInfo(name, shape))
    return name
  }

  /** Marks an existing value as a graph output. */
  addOutput(value: string, shape: (number | null)[]): void {
    this.outputs.push(valueInfo(value, shape))
  }

  /** The serialised ModelProto. */
  toBytes(graphName: string, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'leukolens',
      producerVersion: '1',
      docString,
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs
      }
    })
    return onnx.ModelProto.encode(model).finish()
  }

  /** Operator counts (for tests and `doctor`: proves the graph has one Transpose and no Cast). */
  opCounts(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const n of this.nodes) counts[n.opType!] = (counts[n.opType!] ?? 0) + 1
    return counts
  }
}

function toAttribute(name: string, v: Attr): OnnxNamespace.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) }
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v }
  if (typeof v === 'object') return { name, type: T.FLOAT, f: v.float }
  if (!Number.isInteger(v))
    throw new Error(`ONNX attribute ${name}: ${v} is not an integer (wrap floats as { float })`)
  return { name, type: T.INT, i: v }
}

function valueInfo(name: string, shape: (number | null)[]): OnnxNamespace.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (d === null ? { dimParam: 'N' } : { dimValue: d })) }
      }
    }
  }
}

/** Decodes a serialised model (tests inspect the graph they wrote). */
export function decodeOnnxModel(bytes: Uint8Array): OnnxNamespace.ModelProto {
  return onnx.ModelProto.decode(bytes)
}
