/**
 * What a worker thread needs to rebuild a backbone: plain data only (it crosses `postMessage`), and the one
 * function that turns it into a TF.js model.
 */
import { join } from 'node:path'
import type { LayersModel } from '../tf'
import type { BackboneKind, BackbonePrecision } from '../../../../shared/types/engine'
import type { Preprocessing } from '../../../../shared/types/preprocessing'
import { buildDenseNet121 } from './densenet121'
import { fuseDenseNet121 } from './densenet121-fused'
import type { SharedBackboneWeights } from './shared-weights-data'
import { loadTfjsLayersModel } from './tfjs-files'

export interface BackboneSpec {
  name: string
  kind: BackboneKind
  /** Absolute folder holding the backbone's files. */
  dir: string
  /** The file the model is loaded from: the Keras weights file or model.json. */
  entry: string
  preprocessing: Preprocessing
  featureDim: number
  /** Images over this many pixels are refused from their header (not part of the backbone: the caller's limit). */
  maxPixels?: number
  /** `int8`: the ONNX graph in the folder is the backbone (never re-exported, never run on TF.js). */
  precision?: BackbonePrecision
}

/** `224:nearest:torch` — the preprocessing part of a feature's key in the store. */
export function preprocessingKey(p: Preprocessing): string {
  return `${p.inputSize}:${p.resize}:${p.normalize}`
}

/**
 * Builds the model of a backbone. Input [n, s, s, 3] normalised RGB; output [n, featureDim] (and, for
 * DenseNet121 with `featureMap`, also the last [n, s/32, s/32, 1024] map).
 */
export interface LoadBackboneOptions {
  /** Also output DenseNet121's last feature map (Grad-CAM). */
  featureMap?: boolean
  /** DenseNet121 with conv→BN→ReLU folded (same outputs, faster). */
  fused?: boolean
  /** DenseNet121 weights already read (by the extraction pool): the file is not opened and h5wasm not loaded. */
  weights?: SharedBackboneWeights
}

export async function loadBackboneModel(
  spec: BackboneSpec,
  options: LoadBackboneOptions = {}
): Promise<LayersModel> {
  const path = join(spec.dir, spec.entry)
  if (spec.kind === 'keras-densenet121') {
    const build = { featureMap: options.featureMap, inputSize: spec.preprocessing.inputSize }
    const { weights } = options
    if (weights && weights.file !== path)
      throw new Error(`backbone ${spec.name}: the weights given were read from ${weights.file}, not ${path}`)
    const model = buildDenseNet121(build)
    try {
      // Imported here, not at the top: most importers of this module (the store, the ONNX worker, the scan)
      // never read a Keras file, and an extraction worker given `weights` needs no file reader at all.
      if (weights) (await import('./shared-weights')).assignSharedWeights(model, weights)
      else await (await import('./densenet121-weights')).loadDenseNet121Weights(model, path)
    } catch (err) {
      model.dispose()
      throw err
    }
    if (!options.fused) return model
    const fused = fuseDenseNet121(model, build)
    model.dispose()
    return fused
  }
  if (options.featureMap)
    throw new Error(`backbone ${spec.name}: a feature map is only available for DenseNet121`)
  return loadTfjsLayersModel(path)
}
