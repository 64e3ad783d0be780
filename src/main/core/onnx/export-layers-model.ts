import type { LayersModel } from '@tensorflow/tfjs'
import { OnnxGraphBuilder } from './onnx-builder'
import { isContainer, leafLayers, type LayerLike, type SymTensor } from './layer-graph'
import { LayerConfigError, converterFor, materialize, type OnnxValue } from './layer-converters'
import { UnsupportedLayerError, type UnsupportedLayer } from './unsupported-layer'
import { FEATURE_MAP_OUTPUT } from './export-state'

export { UnsupportedLayerError, type UnsupportedLayer }

export interface OnnxExport {
  /** Serialised ModelProto. */
  bytes: Uint8Array
  inputName: string
  /** [H, W, C] of the NHWC input (batch is symbolic). */
  inputShape: [number, number, number]
  outputNames: string[]
  /** Per output, its shape without batch in Keras (NHWC) order; `feature_map` alone is [c, h, w] (NCHW). */
  outputShapes: number[][]
  /** Operator counts of the written graph. */
  opCounts: Record<string, number>
}

export interface ExportOptions {
  /** Needed when the model's input has no fixed height/width (TF 'same' pads depend on it). */
  inputSize?: number
  graphName?: string
  /**
   * Also output the feature map the final GlobalAveragePooling2D reduces, as `feature_map` (NCHW): what
   * Grad-CAM differentiates the head against, so the frozen base's forward pass can run on ONNX Runtime.
   */
  featureMap?: boolean
}

export { FEATURE_MAP_OUTPUT }

/** The model has no single pooled feature map to output. */
export class NoFeatureMapError extends Error {
  override name = 'NoFeatureMapError'
}

/** Layers that would stop an export, found before any conversion work (empty when the model is exportable). */
export function findUnsupportedLayers(model: LayersModel): UnsupportedLayer[] {
  return leafLayers(model as unknown as LayerLike)
    .filter((l) => l.getClassName() !== 'InputLayer' && !converterFor(l.getClassName()))
    .map((l) => ({
      name: l.name,
      className: l.getClassName(),
      reason: 'layer type not supported by the ONNX exporter'
    }))
}

interface Scope {
  /** Values bound to this (nested) model's InputLayer tensors. */
  inputs: Map<number, OnnxValue>
  memo: Map<number, OnnxValue>
}

/**
 * Exports a TF.js LayersModel (NHWC image in, features out) to an ONNX graph that is NCHW from one Transpose at
 * the input on. Nested models (a Functional model inside a Sequential, as in TF.js image-model exports) are
 * walked through, so the graph is flat. Outputs that are feature maps get one Transpose back to NHWC.
 */
export function exportLayersModelToOnnx(model: LayersModel, options: ExportOptions = {}): OnnxExport {
  const root = model as unknown as LayerLike
  const unsupported = findUnsupportedLayers(model)
  if (unsupported.length) throw new UnsupportedLayerError(model.name, unsupported)
  if (model.inputs.length !== 1)
    throw new UnsupportedLayerError(model.name, [
      {
        name: model.name,
        className: 'Model',
        reason: `${model.inputs.length} inputs (one image input expected)`
      }
    ])
  const [, h0, w0, c0] = model.inputs[0].shape
  const h = h0 ?? options.inputSize
  const w = w0 ?? options.inputSize
  if (!h || !w || !c0)
    throw new Error(
      `cannot export ${model.name}: its input shape [${model.inputs[0].shape}] has no fixed size; give inputSize`
    )

  const g = new OnnxGraphBuilder()
  const inputName = g.addInput('input', [null, h, w, c0])
  const nchw = g.addNode('Transpose', [inputName], 'input_nchw', { perm: [0, 3, 1, 2] })[0]
  const top: Scope = {
    inputs: new Map([[root.inputs![0].id, { name: nchw, shape: [c0, h, w] }]]),
    memo: new Map()
  }

  const gapInputs: OnnxValue[] = []
  const emit = (t: SymTensor, scope: Scope): OnnxValue => {
    const done = scope.memo.get(t.id)
    if (done) return done
    const layer = t.sourceLayer
    let value: OnnxValue
    if (layer.getClassName() === 'InputLayer') {
      const bound = scope.inputs.get(t.id)
      if (!bound) throw new Error(`ONNX export: input ${layer.name} of a nested model is not connected`)
      value = bound
    } else if (isContainer(layer)) {
      const node = layer.inboundNodes[t.nodeIndex]
      const args = node.inputTensors.map((x) => emit(x, scope))
      const inner: Scope = { inputs: new Map(layer.inputs.map((x, i) => [x.id, args[i]])), memo: new Map() }
      value = emit(layer.outputs[t.tensorIndex], inner)
    } else {
      const args = layer.inboundNodes[t.nodeIndex].inputTensors.map((x) => emit(x, scope))
      if (t.tensorIndex !== 0) throw new Error(`ONNX export: ${layer.name} has several outputs`)
      // The input of the last GlobalAveragePooling2D emitted is the feature map (emission is depth-first from
      // the output, so with one pooling on the way to the output that one is it).
      if (layer.getClassName() === 'GlobalAveragePooling2D') gapInputs.push(args[0])
      try {
        value = converterFor(layer.getClassName())!(g, layer, args)
      } catch (e) {
        if (!(e instanceof LayerConfigError)) throw e
        throw new UnsupportedLayerError(model.name, [
          { name: layer.name, className: layer.getClassName(), reason: e.message }
        ])
      }
      checkShape(layer, value, t.shape)
    }
    scope.memo.set(t.id, value)
    return value
  }

  const outputNames: string[] = []
  const outputShapes: number[][] = []
  const addOutput = (value: OnnxValue, base: string, keepNchw = false): void => {
    const v = materialize(g, value)
    const isMap = v.shape.length === 3 && !keepNchw
    const out = isMap
      ? g.addNode('Transpose', [v.name], base, { perm: [0, 2, 3, 1] })[0]
      : g.addNode('Identity', [v.name], base)[0]
    const keras = isMap ? [v.shape[1], v.shape[2], v.shape[0]] : v.shape
    g.addOutput(out, [null, ...keras])
    outputNames.push(out)
    outputShapes.push(keras)
  }
  model.outputs.forEach((t, i) =>
    addOutput(emit(t as unknown as SymTensor, top), i === 0 ? 'output' : `output_${i}`)
  )
  if (options.featureMap) {
    if (gapInputs.length !== 1 || gapInputs[0].shape.length !== 3)
      throw new NoFeatureMapError(
        `ONNX export of ${model.name}: a feature map output needs exactly one GlobalAveragePooling2D over a 4-D map (found ${gapInputs.length})`
      )
    // Left NCHW, so the graph keeps its single layout change at the input (the reader transposes 7×7×c).
    addOutput(gapInputs[0], FEATURE_MAP_OUTPUT, true)
  }
  const doc = `Exported from the TF.js model ${model.name}: NHWC input, NCHW inside.`
  return {
    bytes: g.toBytes(options.graphName ?? model.name, doc),
    inputName,
    inputShape: [h, w, c0],
    outputNames,
    outputShapes,
    opCounts: g.opCounts()
  }
}

/** Cross-checks the exporter's own shape arithmetic against TF.js's wherever TF.js knows the size. */
function checkShape(layer: LayerLike, v: OnnxValue, keras: (number | null)[]): void {
  const mine = v.shape.length === 3 ? [v.shape[1], v.shape[2], v.shape[0]] : v.shape
  const theirs = keras.slice(1)
  const ok = mine.length === theirs.length && theirs.every((d, i) => d === null || d === mine[i])
  if (!ok) throw new Error(`ONNX export: ${layer.name} computed shape [${mine}] but TF.js says [${theirs}]`)
}
