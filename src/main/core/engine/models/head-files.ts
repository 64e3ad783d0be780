/**
 * A head's TF.js layers-model files (`model.json` + `weights.bin`), written without tfjs-node (which would give
 * a `file://` handler) and read back through the engine's TF.js file reader.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tf, type LayersModel } from '../tf'
import { loadTfjsLayersModel } from '../backbones/tfjs-files'

export const HEAD_FILES = { json: 'model.json', weights: 'weights.bin' } as const

function joinWeightData(data: tf.io.ModelArtifacts['weightData']): Uint8Array {
  if (!data) return new Uint8Array(0)
  const parts = Array.isArray(data) ? data : [data]
  const total = parts.reduce((n, p) => n + p.byteLength, 0)
  const out = new Uint8Array(total)
  let off = 0
  for (const p of parts) {
    out.set(new Uint8Array(p), off)
    off += p.byteLength
  }
  return out
}

/** The two files' bytes for a head (used both for folders and for export archives). */
export async function headFileBytes(model: LayersModel): Promise<Record<string, Uint8Array>> {
  let files: Record<string, Uint8Array> | undefined
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [HEAD_FILES.weights], weights: a.weightSpecs ?? [] }]
      }
      files = {
        [HEAD_FILES.json]: new TextEncoder().encode(JSON.stringify(json)),
        [HEAD_FILES.weights]: joinWeightData(a.weightData)
      }
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    })
  )
  return files!
}

/** Writes `files` into `dir` (created). */
export function writeFiles(dir: string, files: Record<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes)
}

/** Loads a head saved by `headFileBytes`; a missing or corrupt file is an error naming it. */
export function loadHead(dir: string): Promise<LayersModel> {
  return loadTfjsLayersModel(join(dir, HEAD_FILES.json))
}
