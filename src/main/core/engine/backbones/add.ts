/**
 * `backbone add`: copies a backbone's files into the data folder (checksummed while copying), proves they
 * load and produce a feature vector, and only then registers them. A failure leaves nothing behind.
 */
import { createHash } from 'node:crypto'
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { Store } from '../../db/store'
import type { DataDir } from '../../paths'
import { initBackend } from '../backend'
import { tf } from '../tf'
import { allFinite, nonFiniteWeight } from '../finite-weights'
import type { BackboneFile, BackboneKind, BackboneSummary } from '../../../../shared/types/engine'
import type { NormalizeMode, ResizeMethod } from '../../../../shared/types/preprocessing'
import { DENSENET121_FEATURE_DIM, DENSENET121_PARAMS } from './densenet121'
import { selectBackboneByName } from '../../db/queries/backbones'
import { insertBackbone } from './registry'
import { loadBackboneModel, type BackboneSpec } from './spec'
import { BackboneFileError, readTfjsModelJson } from './tfjs-files'
import { ensureOnnxExport } from '../../onnx/backbone-export'

export interface AddBackboneOptions {
  /** A Keras DenseNet121 no-top weights file (.h5, .keras, .weights.h5) or a TF.js model.json (or its folder). */
  path: string
  name: string
  normalize?: NormalizeMode
  inputSize?: number
  resize?: ResizeMethod
  /** Recorded provenance; defaults to the absolute path. */
  source?: string
}

export class BackboneAddError extends Error {
  override name = 'BackboneAddError'
}

export const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Which kind of backbone a path holds and the files that make it up (entry first). */
function locate(path: string): { kind: BackboneKind; files: string[]; entry: string } {
  const abs = resolve(path)
  if (!existsSync(abs)) throw new BackboneFileError(abs, 'does not exist')
  if (statSync(abs).isDirectory()) {
    const json = join(abs, 'model.json')
    if (!existsSync(json))
      throw new BackboneFileError(
        abs,
        'folder without model.json (give a TF.js layers model folder, or the Keras .h5 file itself)'
      )
    return { kind: 'tfjs-layers', files: [json], entry: json }
  }
  if (extname(abs).toLowerCase() === '.json') return { kind: 'tfjs-layers', files: [abs], entry: abs }
  return { kind: 'keras-densenet121', files: [abs], entry: abs }
}

export async function copyWithSha(from: string, to: string): Promise<BackboneFile> {
  const bytes = await readFile(from).catch((err: Error) => {
    throw new BackboneFileError(from, `cannot read (${err.message})`)
  })
  await mkdir(dirname(to), { recursive: true })
  await writeFile(to, bytes)
  return {
    name: basename(to),
    bytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
}

/** The backbone's checksum: a digest over every file's sha256, in file-name order. */
export function backboneDigest(files: BackboneFile[]): string {
  return createHash('sha256')
    .update(
      [...files]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((f) => `${f.name}:${f.sha256}`)
        .join('\n')
    )
    .digest('hex')
}

/**
 * Loads the copied model and checks its shapes, then that it can give numbers at all: every weight finite (a NaN
 * weight can hide from a probe behind a ReLU that clamps it, and then breaks training far from here) and finite
 * features for a blank and a patterned probe image. `file` is the user's file, named in the messages.
 */
async function validate(
  spec: BackboneSpec,
  requestedSize: number | undefined,
  file: string
): Promise<{ featureDim: number; params: number; inputSize: number }> {
  const model = await loadBackboneModel(spec)
  try {
    const inShape = model.inputs[0].shape
    if (model.inputs.length !== 1 || inShape.length !== 4 || inShape[3] !== 3)
      throw new BackboneFileError(file, `input shape [${inShape}] is not one RGB image [n, h, w, 3]`)
    if (inShape[1] !== null && inShape[1] !== inShape[2])
      throw new BackboneFileError(file, `input ${inShape[1]}×${inShape[2]} is not square`)
    const fixed = inShape[1] ?? undefined
    if (requestedSize !== undefined && fixed !== undefined && requestedSize !== fixed)
      throw new BackboneFileError(
        file,
        `the model takes ${fixed}×${fixed} inputs, not --input-size ${requestedSize}`
      )
    const inputSize = requestedSize ?? fixed ?? 224
    const outShape = model.outputs[0].shape
    if (model.outputs.length !== 1 || outShape.length !== 2 || !outShape[1])
      throw new BackboneFileError(
        file,
        `output shape [${outShape}] is not one feature vector per image [n, d]`
      )
    const featureDim = outShape[1]
    const bad = nonFiniteWeight(model)
    if (bad)
      throw new BackboneFileError(
        file,
        `weight ${bad} holds values that are not finite (NaN or infinity): the weights are corrupt`
      )
    const finite = tf.tidy(() => {
      const n = inputSize * inputSize * 3
      const pattern = tf.range(0, n).mod(251).div(125.5).sub(1).reshape([1, inputSize, inputSize, 3])
      const y = model.predict(tf.concat([tf.zeros([1, inputSize, inputSize, 3]), pattern])) as tf.Tensor
      return allFinite(y) && y.shape[1] === featureDim
    })
    if (!finite)
      throw new BackboneFileError(
        file,
        'a probe image gives features that are not finite: the weights are corrupt'
      )
    return { featureDim, params: model.countParams(), inputSize }
  } finally {
    model.dispose()
  }
}

export async function addBackbone(
  store: Store,
  dirs: DataDir,
  opts: AddBackboneOptions
): Promise<BackboneSummary> {
  if (!NAME_RULE.test(opts.name))
    throw new BackboneAddError(
      `backbone name ${JSON.stringify(opts.name)}: use letters, digits, '.', '_' or '-' (up to 64)`
    )
  if (await selectBackboneByName(store.k, opts.name))
    throw new BackboneAddError(`a backbone named ${opts.name} exists already (choose another --name)`)
  if (
    opts.inputSize !== undefined &&
    !(Number.isInteger(opts.inputSize) && opts.inputSize >= 32 && opts.inputSize <= 1024)
  )
    throw new BackboneAddError(
      `--input-size ${opts.inputSize}: give a whole number of pixels from 32 to 1024`
    )
  const found = locate(opts.path)
  if (found.kind === 'tfjs-layers') {
    const { weightFiles } = await readTfjsModelJson(found.entry)
    if (!opts.normalize)
      throw new BackboneAddError(
        `${found.entry}: a TF.js backbone needs --preprocess torch|tf (how its training normalised pixels)`
      )
    found.files.push(...weightFiles.map((p) => join(dirname(found.entry), p)))
  }
  await initBackend()
  const staging = join(dirs.tmp, `backbone-${opts.name}-${process.pid}-${Date.now()}`)
  const root = dirname(found.entry)
  try {
    const files = await Promise.all(
      found.files.map((f) => copyWithSha(f, join(staging, f.slice(root.length + 1))))
    )
    files.forEach((f, i) => (f.name = found.files[i].slice(root.length + 1)))
    const preprocessing = {
      inputSize: opts.inputSize ?? 224,
      resize: opts.resize ?? 'nearest',
      normalize: opts.normalize ?? 'torch'
    } as const
    const spec: BackboneSpec = {
      name: opts.name,
      kind: found.kind,
      dir: staging,
      entry: files[0].name,
      preprocessing,
      featureDim: 0
    }
    const checked = await validate(spec, opts.inputSize, found.entry)
    if (
      found.kind === 'keras-densenet121' &&
      (checked.params !== DENSENET121_PARAMS || checked.featureDim !== DENSENET121_FEATURE_DIM)
    )
      throw new BackboneFileError(
        found.entry,
        `gives ${checked.params} parameters; DenseNet121 no-top has ${DENSENET121_PARAMS}`
      )
    // The ONNX Runtime copy, written into the staging folder so it moves in with the files; a model the
    // exporter cannot write is recorded there (it then stays on TF.js) rather than refused.
    await ensureOnnxExport({
      ...spec,
      preprocessing: { ...preprocessing, inputSize: checked.inputSize },
      featureDim: checked.featureDim
    })
    const sha256 = backboneDigest(files)
    const dir = `${opts.name}-${sha256.slice(0, 12)}`
    rmSync(join(dirs.backbones, dir), { recursive: true, force: true })
    renameSync(staging, join(dirs.backbones, dir))
    try {
      return await insertBackbone(store, dirs, {
        name: opts.name,
        kind: found.kind,
        dir,
        files,
        sha256,
        preprocessing: { ...preprocessing, inputSize: checked.inputSize },
        featureDim: checked.featureDim,
        params: checked.params,
        source: opts.source ?? found.entry
      })
    } catch (err) {
      rmSync(join(dirs.backbones, dir), { recursive: true, force: true })
      throw err
    }
  } catch (err) {
    // The checks read the staging copy, which is removed below: a refusal names the user's own file.
    if (err instanceof Error) err.message = err.message.split(staging).join(root)
    throw err
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}
