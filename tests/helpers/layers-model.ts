import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tf } from '../../src/main/core/engine/tf'

/** Saves a TF.js layers model as the files `backbone add` takes: `model.json` and `weights.bin` in `dir`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer))
      const manifest = [{ paths: ['weights.bin'], weights: a.weightSpecs }]
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: manifest })
      )
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    })
  )
}
