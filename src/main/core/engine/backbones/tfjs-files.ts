/**
 * Reads a TF.js layers model (`model.json` + weight shards) from disk. Under Node without tfjs-node there is
 * no `file://` IO handler, so this builds the ModelArtifacts itself; every problem names the file.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { tf, type LayersModel } from '../tf'
import { EngineFileError } from '../keras/file-error'
import { manifestIssue, weightsManifestSchema } from '../model-file-schema'

export class BackboneFileError extends EngineFileError {
  override name = 'BackboneFileError'
}

interface ModelJson {
  modelTopology?: unknown
  format?: string
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
}

/** The model.json and the weight files it lists (paths relative to its folder), validated. */
export async function readTfjsModelJson(
  modelJsonPath: string
): Promise<{ json: ModelJson; weightFiles: string[] }> {
  const text = await readFile(modelJsonPath, 'utf8').catch((err: Error) => {
    throw new BackboneFileError(modelJsonPath, `cannot read (${err.message})`)
  })
  let json: ModelJson
  try {
    json = JSON.parse(text) as ModelJson
  } catch (err) {
    throw new BackboneFileError(modelJsonPath, `not valid JSON (${(err as Error).message})`)
  }
  if (!json.modelTopology)
    throw new BackboneFileError(modelJsonPath, 'no modelTopology: not a TF.js layers model.json')
  if (json.format && json.format !== 'layers-model')
    throw new BackboneFileError(
      modelJsonPath,
      `format is ${json.format}; only TF.js layers models are supported`
    )
  if (!Array.isArray(json.weightsManifest)) throw new BackboneFileError(modelJsonPath, 'no weightsManifest')
  const manifest = weightsManifestSchema.safeParse(json.weightsManifest)
  if (!manifest.success) throw new BackboneFileError(modelJsonPath, manifestIssue(manifest.error))
  const weightFiles = json.weightsManifest.flatMap((g) => g.paths)
  for (const p of weightFiles)
    if (p.includes('..') || p.startsWith('/'))
      throw new BackboneFileError(modelJsonPath, `weight path ${p} leaves the model folder`)
  return { json, weightFiles }
}

function concat(parts: Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0)
  const out = new Uint8Array(total)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.byteLength
  }
  return out.buffer
}

/** Loads the layers model; a missing, short or mismatched weight file is a BackboneFileError naming it. */
export async function loadTfjsLayersModel(modelJsonPath: string): Promise<LayersModel> {
  const { json, weightFiles } = await readTfjsModelJson(modelJsonPath)
  const dir = dirname(modelJsonPath)
  const shards = await Promise.all(
    weightFiles.map((p) =>
      readFile(join(dir, p)).catch((err: Error) => {
        throw new BackboneFileError(
          join(dir, p),
          `weight file listed in model.json cannot be read (${err.message})`
        )
      })
    )
  )
  const weightSpecs = json.weightsManifest!.flatMap((g) => g.weights)
  const weightData = concat(shards)
  const bytesPerValue: Record<string, number> = { float32: 4, int32: 4, uint8: 1, bool: 1 }
  const expected = weightSpecs.reduce((n, w) => {
    const count = w.shape.reduce((a, b) => a * b, 1)
    return (
      n +
      count * (w.quantization ? (w.quantization.dtype === 'uint8' ? 1 : 2) : (bytesPerValue[w.dtype] ?? 4))
    )
  }, 0)
  if (weightData.byteLength !== expected)
    throw new BackboneFileError(
      join(dir, weightFiles[0] ?? ''),
      `weights hold ${weightData.byteLength} bytes; model.json describes ${expected}`
    )
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData,
    format: json.format
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts))
  } catch (err) {
    throw new BackboneFileError(modelJsonPath, `TF.js cannot build this model (${(err as Error).message})`)
  }
}
