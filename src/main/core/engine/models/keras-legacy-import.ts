/**
 * Legacy Keras HDF5 full model (Keras 2 `model.save('x.h5')`: `model_weights` with `layer_names`) → model
 * version. The DenseNet121 base is either one nested layer (`densenet121`, its arrays named
 * `conv1/conv/kernel:0`, … — split here back into layers by name prefix) or DenseNet's layers listed flat before
 * the head. It is loaded into the engine's DenseNet121, re-saved as a TF.js model and registered as a backbone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { addBackbone } from '../backbones/add'
import { buildDenseNet121 } from '../backbones/densenet121'
import { assignKerasWeights, type NamedLayerWeights } from '../keras/assign'
import { KerasFileError, type WeightArray } from '../keras/hdf5'
import { readLegacyH5Weights } from '../keras/legacy-h5'
import { PUBLISHED_HEAD } from '../head/head'
import type { ModelVersion } from '../../../../shared/types/models'
import { headFileBytes, writeFiles } from './head-files'
import {
  defaultClasses,
  configLayers,
  headFromConfig,
  storeKerasImport,
  type KerasHead,
  type KerasImportOptions
} from './keras-head'

/** `densenet121/conv1/conv/kernel:0` or `conv1/conv/kernel:0` → `conv1/conv`. */
function layerOfWeight(name: string): string {
  const parts = name.replace(/:\d+$/, '').split('/')
  parts.pop()
  if (parts.length > 1 && parts[0].startsWith('densenet')) parts.shift()
  return parts.join('/')
}

/** Splits a nested model's arrays into its layers, in order. */
export function splitNested(weights: WeightArray[]): NamedLayerWeights[] {
  const out: NamedLayerWeights[] = []
  for (const w of weights) {
    const layer = layerOfWeight(w.name)
    const last = out[out.length - 1]
    if (last && last.name === layer) last.weights.push(w)
    else out.push({ name: layer, weights: [w] })
  }
  return out
}

export async function importLegacyH5Model(
  store: Store,
  dirs: DataDir,
  path: string,
  o: KerasImportOptions
): Promise<ModelVersion> {
  const file = await readLegacyH5Weights(path)
  const weighted = file.layers.filter((l) => l.weights.length > 0)
  if (weighted.length < 4)
    throw new KerasFileError(path, `has ${weighted.length} layers with weights: not DenseNet121 + head`)
  const headLayers = weighted.slice(-3)
  const shapes = headLayers.map((l) => l.weights.map((w) => w.shape.length).join(','))
  // BatchNorm: four vectors; Dense: a 2-D kernel and a bias.
  if (shapes.join(' ') !== '1,1,1,1 2,1 2,1')
    throw new KerasFileError(
      path,
      `does not end in the published head (BatchNorm → Dense → Dense): its last weighted layers are ${headLayers.map((l) => l.name).join(', ')} — is this a weights-only file?`
    )
  const baseLayers = weighted.slice(0, -3)
  const base = baseLayers.length === 1 ? splitNested(baseLayers[0].weights) : baseLayers
  const layers = configLayers(path, file.modelConfig)
  let head: KerasHead
  if (layers) {
    head = headFromConfig(path, layers, new Map(headLayers.map((l) => [l.name, l.weights])))
  } else {
    const out = headLayers[2].weights[0].shape
    head = {
      cfg: { ...PUBLISHED_HEAD, units: headLayers[1].weights[0].shape[1] },
      classCount: out[1],
      layers: headLayers
    }
  }
  const classes = defaultClasses(head.classCount, o.classes)
  const densenet = buildDenseNet121()
  const staging = mkdtempSync(join(dirs.tmp, 'legacy-densenet-'))
  try {
    assignKerasWeights(densenet, base, path)
    writeFiles(staging, await headFileBytes(densenet))
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    throw err
  } finally {
    densenet.dispose()
  }
  let backbone: string
  try {
    backbone = (
      await addBackbone(store, dirs, {
        path: staging,
        name:
          o.backboneName ??
          `densenet121-${basename(path)
            .replace(/[^A-Za-z0-9._-]/g, '_')
            .slice(0, 40)}`,
        normalize: 'torch',
        resize: 'nearest',
        inputSize: 224,
        source: `DenseNet121 base of ${path}`
      })
    ).name
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return storeKerasImport(store, dirs, { path, head, classes, backbone, kerasVersion: file.kerasVersion }, o)
}
