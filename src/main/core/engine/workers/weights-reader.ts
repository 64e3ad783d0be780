/**
 * Reads a backbone's weights for the extraction pool in a worker thread that lives only for the read. The file
 * reader (h5wasm) costs ~640 MB of wasm heap in whichever thread loads it, and a wasm heap never shrinks: read
 * in the main thread it would stay for the life of the process (the desktop engine process runs for hours).
 * Terminating the reader frees its heap; the SharedArrayBuffer it filled lives on in whoever holds it.
 * From source, h5wasm loads past tsx's transform (see startWorker): through it, it costs ~600 MB more.
 */
import type { SharedBackboneWeights } from '../backbones/shared-weights'
import type { BackboneSpec } from '../backbones/spec'
import type { FromWorker, ToWorker } from './protocol'
import { extractWorkerFile, startWorker } from './spawn'

/** The weights every worker of a TF.js pool shares, or undefined when its workers read plain files themselves. */
export async function readWeightsOffThread(spec: BackboneSpec): Promise<SharedBackboneWeights | undefined> {
  if (spec.kind !== 'keras-densenet121') return undefined
  const worker = startWorker(extractWorkerFile())
  try {
    return await new Promise<SharedBackboneWeights | undefined>((resolve, reject) => {
      worker.once('message', (m: FromWorker) => {
        if (m.type === 'weights') resolve(m.weights)
        else
          reject(
            new Error(m.type === 'fatal' ? m.message : `unexpected ${m.type} message from the weights reader`)
          )
      })
      worker.once('error', reject)
      worker.once('exit', (code) =>
        reject(new Error(`weights reader exited (code ${code}) while reading ${spec.name}`))
      )
      worker.postMessage({ type: 'read-weights', spec } satisfies ToWorker)
    })
  } finally {
    await worker.terminate()
  }
}
