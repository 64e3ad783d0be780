/**
 * The one place the engine imports TensorFlow.js from. `@tensorflow/tfjs` bundles tfjs-core + layers +
 * converter; the native backends (`@tensorflow/tfjs-node[-gpu]`) and wasm register themselves into this same
 * engine instance, so every module sees the backend `initBackend` selected.
 */
import * as tf from '@tensorflow/tfjs'

export { tf }
export type { Tensor, Tensor4D, Tensor2D, LayersModel, SymbolicTensor } from '@tensorflow/tfjs'
