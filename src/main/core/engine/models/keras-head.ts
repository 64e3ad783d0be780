/**
 * What both Keras model imports (Keras 3 `.keras`: keras-import.ts; legacy HDF5: keras-legacy-import.ts) share:
 * reading the published head from Keras weights, naming the classes, and storing the result as a model version.
 */
import { basename } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { currentBackend } from '../backend'
import { assignKerasWeights, type NamedLayerWeights } from '../keras/assign'
import { KerasFileError, type WeightArray } from '../keras/hdf5'
import { buildHead, HEAD_LAYERS, PUBLISHED_HEAD } from '../head/head'
import type { HeadConfig } from '../../../../shared/types/training'
import type { ModelVersion } from '../../../../shared/types/models'
import { kerasConfigLayers, type KerasLayerConfig } from '../model-file-schema'
import { createModelVersion } from './registry'
import { backboneFileLists } from '../../db/queries/backbones'

export interface KerasImportOptions {
  /** Class names in the model's output order (default for two outputs: ALL, HEM — the notebook's `all`, `hem`). */
  classes?: string[]
  name?: string
  /** Name for the backbone registered from the file's DenseNet121 weights. */
  backboneName?: string
  activate?: boolean
}

export type { KerasLayerConfig }

/** The config's layers, every field the import reads checked (one sentence naming the file and field). */
export function configLayers(path: string, config: unknown): KerasLayerConfig[] | undefined {
  try {
    return kerasConfigLayers('config.json', config)
  } catch (err) {
    throw new KerasFileError(path, (err as Error).message)
  }
}

/** The head part of a full model found in Keras' config: what follows the DenseNet121 base. */
export interface KerasHead {
  cfg: HeadConfig
  classCount: number
  /** BN, hidden Dense, output Dense weights in Keras order. */
  layers: NamedLayerWeights[]
}

/** Checks the config's head is the published architecture and reads its hyperparameters. */
export function headFromConfig(
  file: string,
  layers: KerasLayerConfig[],
  weights: Map<string, WeightArray[]>
): KerasHead {
  const tail = layers.filter((l) => !['InputLayer', 'Functional', 'Model'].includes(l.class_name))
  const kinds = tail.map((l) => l.class_name)
  const want = ['BatchNormalization', 'Dense', 'Dropout', 'Dense']
  // The notebook's base is nested (`Functional`); a flat model lists DenseNet's own layers first.
  const head = tail.slice(-4)
  if (head.map((l) => l.class_name).join() !== want.join())
    throw new KerasFileError(
      file,
      `the model does not end in the published head (${want.join(' → ')}); found ${kinds.slice(-4).join(' → ')}`
    )
  const [bn, hidden, dropout, out] = head.map((l) => l.config)
  if (hidden.activation !== 'relu' || out.activation !== 'softmax')
    throw new KerasFileError(
      file,
      `head activations are ${hidden.activation}/${out.activation}, expected relu/softmax`
    )
  for (const [c, what] of [
    [hidden, 'hidden'],
    [out, 'output']
  ] as const)
    if (c.units === undefined)
      throw new KerasFileError(file, `config.json: the ${what} Dense layer ${c.name} has no units`)
  const named = [bn, hidden, out].map((c) => {
    const w = weights.get(c.name)
    if (!w) throw new KerasFileError(file, `no weights for head layer ${c.name}`)
    return { name: c.name, weights: w }
  })
  return {
    cfg: {
      units: hidden.units!,
      l2: hidden.kernel_regularizer?.config?.l2 ?? 0,
      dropout: dropout.rate ?? 0,
      bnMomentum: bn.momentum ?? PUBLISHED_HEAD.bnMomentum,
      bnEpsilon: bn.epsilon ?? PUBLISHED_HEAD.bnEpsilon
    },
    classCount: out.units!,
    layers: named
  }
}

/** Builds the TF.js head and loads the Keras head weights into it (every shape checked first). */
export function headFromKeras(file: string, head: KerasHead, featureDim: number) {
  const model = buildHead(featureDim, head.classCount, 0, head.cfg)
  const renamed = head.layers.map((l, i) => ({
    ...l,
    name: [HEAD_LAYERS.bn, HEAD_LAYERS.hidden, HEAD_LAYERS.out][i]
  }))
  try {
    assignKerasWeights(model, renamed, file)
  } catch (err) {
    model.dispose()
    throw err
  }
  return model
}

/** A registered backbone holding a file with this content, if any. */
export async function backboneWithFile(store: Store, sha256: string): Promise<string | undefined> {
  return (await backboneFileLists(store.k)).find((b) => b.files.some((f) => f.sha256 === sha256))?.name
}

export function defaultClasses(count: number, given?: string[]): string[] {
  if (given) {
    if (given.length !== count)
      throw new Error(`--classes lists ${given.length} names; the model has ${count} outputs`)
    return given
  }
  if (count === 2) return ['ALL', 'HEM']
  throw new Error(`the model has ${count} outputs: name them in output order with --classes`)
}

/** Stores an imported notebook model: the head built from Keras weights, on its registered DenseNet121 backbone. */
export async function storeKerasImport(
  store: Store,
  dirs: DataDir,
  found: { path: string; head: KerasHead; classes: string[]; backbone: string; kerasVersion?: string },
  o: KerasImportOptions
): Promise<ModelVersion> {
  const { path, head } = found
  const model = headFromKeras(path, head, 1024)
  try {
    return await createModelVersion(
      store,
      dirs,
      {
        name: o.name ?? basename(path),
        source: 'keras-import',
        backbone: found.backbone,
        featureDim: 1024,
        classes: found.classes,
        preprocessing: { inputSize: 224, resize: 'nearest', normalize: 'torch', cropStyle: 'masked' },
        hyperparameters: null,
        dataset: null,
        split: null,
        history: [],
        bestEpoch: null,
        metrics: {},
        threshold: null,
        backend: currentBackend()?.name ?? 'unknown',
        timings: {},
        note: `imported from ${path}${found.kerasVersion ? ` (Keras ${found.kerasVersion})` : ''}; head ${JSON.stringify(head.cfg)}; decision by arg-max as in the notebook`
      },
      model,
      { activate: o.activate }
    )
  } finally {
    model.dispose()
  }
}
