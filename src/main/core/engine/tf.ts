/**
 * The one place the engine imports TensorFlow.js from. `@tensorflow/tfjs` bundles tfjs-core + layers +
 * converter; the native backends (`@tensorflow/tfjs-node[-gpu]`) and wasm register themselves into this same
 * engine instance, so every module sees the backend `initBackend` selected.
 */
import * as tf from '@tensorflow/tfjs'

// TF.js's own console notes ("Hi, looks like you are running TensorFlow.js in Node.js…", flag overrides) are for
// its developers, not a lab user: the engine picks and names its backend itself (`leukolens doctor`). PROD only
// silences those notes (tfjs-core log.ts, environment.ts); no check of the computation depends on it.
tf.env().set('PROD', true)

export { tf }
export type { Tensor, Tensor4D, Tensor2D, LayersModel, SymbolicTensor } from '@tensorflow/tfjs'
