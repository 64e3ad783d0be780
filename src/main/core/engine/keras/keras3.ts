/**
 * The Keras 3 weights layout (`model.weights.h5`, alone as `.weights.h5` or inside a `.keras` zip beside
 * `config.json` and `metadata.json`). Groups are named by layer class and a counter
 * (`layers/functional/layers/conv2d_92/vars/0`); each `vars` group carries the real layer name in its `name`
 * attribute. Variable order per layer: BatchNorm gamma, beta, moving_mean, moving_variance; Conv2D kernel
 * (and bias); Dense kernel, bias. Nested models (`layers/functional`) are walked recursively.
 */
import { isZipFile, readZipEntries, ZIP_LIMITS, ZipReadError } from '../../files/bounded-unzip'
import {
  KerasFileError,
  openH5,
  withH5Bytes,
  readArray,
  stringAttr,
  isGroup,
  isDataset,
  type Group,
  type H5File,
  type WeightArray
} from './hdf5'

export interface Keras3Layer {
  /** Real layer name (the `name` attribute), e.g. `conv5_block3_2_conv`. */
  name: string
  /** HDF5 path of the layer's group, e.g. `layers/functional/layers/conv2d_92`. */
  path: string
  weights: WeightArray[]
}

export interface Keras3Weights {
  /** Layers that carry weights, keyed by real name, in file walk order. */
  layers: Map<string, WeightArray[]>
  /** Every layer group found (with or without weights), in walk order. */
  all: Keras3Layer[]
  /** Parsed `config.json` of a `.keras` file (undefined for a bare `.weights.h5`). */
  config?: unknown
  /** Parsed `metadata.json` of a `.keras` file (Keras version, save date). */
  metadata?: unknown
}

function walk(file: string, group: Group | H5File, path: string, out: Keras3Layer[]): void {
  for (const key of group.keys()) {
    const child = group.get(key)
    if (!isGroup(child)) continue
    const childPath = path ? `${path}/${key}` : key
    const vars = child.get('vars')
    if (isGroup(vars)) {
      const indices = vars
        .keys()
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
      const weights = indices.map((i) => {
        const ds = vars.get(i)
        if (!isDataset(ds)) throw new KerasFileError(file, `${childPath}/vars/${i} is not a dataset`)
        return readArray(file, ds, `${childPath}/vars/${i}`)
      })
      out.push({ name: stringAttr(vars, 'name') ?? key, path: childPath, weights })
    }
    const nested = child.get('layers')
    if (isGroup(nested)) walk(file, nested, `${childPath}/layers`, out)
  }
}

function readOpenFile(label: string, f: H5File): Omit<Keras3Weights, 'config' | 'metadata'> {
  const root = f.get('layers')
  if (!isGroup(root)) throw new KerasFileError(label, 'no `layers` group: not a Keras 3 weights file')
  const all: Keras3Layer[] = []
  walk(label, root, 'layers', all)
  const layers = new Map<string, WeightArray[]>()
  for (const l of all) {
    if (!l.weights.length) continue
    if (layers.has(l.name))
      throw new KerasFileError(label, `two layers carry weights under the name ${l.name}`)
    layers.set(l.name, l.weights)
  }
  return { layers, all }
}

function parseJsonEntry(path: string, entries: Record<string, Uint8Array>, name: string): unknown {
  const bytes = entries[name]
  if (!bytes) return undefined
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch (err) {
    throw new KerasFileError(path, `${name} is not valid JSON (${(err as Error).message})`)
  }
}

/**
 * Reads every layer's weights of a Keras 3 `.keras` zip or `.weights.h5` file, plus the parsed config.json
 * and metadata.json of a `.keras` file. (Used for DenseNet121 weights here and for the head of the
 * published `.keras` model by the model import.)
 */
export async function readKeras3Weights(path: string): Promise<Keras3Weights> {
  const isZip = await isZipFile(path).catch((err: Error) => {
    throw new KerasFileError(path, `cannot read (${err.message})`)
  })
  if (!isZip) {
    const f = await openH5(path)
    try {
      return readOpenFile(path, f)
    } finally {
      f.close()
    }
  }
  // Streamed within size caps: a .keras of a few MB may hold a multi-GB entry.
  let entries: Record<string, Uint8Array>
  try {
    entries = await readZipEntries(path, {
      'model.weights.h5': ZIP_LIMITS.kerasWeights,
      'config.json': ZIP_LIMITS.json,
      'metadata.json': ZIP_LIMITS.json
    })
  } catch (err) {
    const reason = err instanceof ZipReadError ? err.message : (err as Error).message
    throw new KerasFileError(path, `corrupt or oversized .keras zip (${reason})`)
  }
  const weights = entries['model.weights.h5']
  if (!weights) throw new KerasFileError(path, 'the .keras zip has no model.weights.h5')
  const config = parseJsonEntry(path, entries, 'config.json')
  const metadata = parseJsonEntry(path, entries, 'metadata.json')
  const read = await withH5Bytes(weights, `${path}!model.weights.h5`, (f) =>
    readOpenFile(`${path}!model.weights.h5`, f)
  )
  return { ...read, config, metadata }
}
