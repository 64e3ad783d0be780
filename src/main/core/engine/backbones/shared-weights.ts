/**
 * A backbone's weights read once, as plain data for the extraction workers: the pool reads the Keras file in one
 * short-lived thread (workers/weights-reader.ts) and hands every worker the same SharedArrayBuffer, so no worker
 * loads h5wasm (~640 MB per thread) or opens the file. Only DenseNet121's Keras files go this way; a TF.js
 * backbone's model.json and shards are plain files each worker reads with `readFile` (no h5wasm involved).
 */
import { join } from 'node:path'
import type { LayersModel } from '../tf'
import type { AssignReport } from '../keras/assign'
import { packLayerWeights, unpackLayerWeights } from '../keras/packed-weights'
import { assignDenseNet121Weights, readDenseNet121Weights } from './densenet121-weights'
import type { BackboneSpec } from './spec'
import type { SharedBackboneWeights } from './shared-weights-data'

export type { SharedBackboneWeights } from './shared-weights-data'

/** Reads the backbone's weights file into one shared buffer; undefined for kinds whose workers read plain files. */
export async function readSharedWeights(spec: BackboneSpec): Promise<SharedBackboneWeights | undefined> {
  if (spec.kind !== 'keras-densenet121') return undefined
  const source = await readDenseNet121Weights(join(spec.dir, spec.entry))
  return {
    kind: spec.kind,
    file: source.file,
    layout: source.layout,
    packed: packLayerWeights(source.layers)
  }
}

/** Assigns shared weights to a freshly built DenseNet121 (copies them into the model's tensors). */
export function assignSharedWeights(model: LayersModel, weights: SharedBackboneWeights): AssignReport {
  return assignDenseNet121Weights(model, {
    file: weights.file,
    layout: weights.layout,
    layers: unpackLayerWeights(weights.packed)
  })
}
