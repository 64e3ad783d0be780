/**
 * The compute backends' names as plain constants (no schema library): the command line reads them at start,
 * before anything else of the contract is needed. types/engine.ts builds its schema from the same names.
 */

/** TF.js backends in order of preference; `onnxruntime` is not a TF.js backend (see main/core/engine/runners.ts). */
export const TFJS_BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm'] as const

/**
 * Every backend that can be forced (the `backend` setting, LEUKOLENS_BACKEND, every command's `--backend`): the
 * TF.js backends, and `onnxruntime`, which forces the frozen backbones onto ONNX Runtime (TF.js then picks
 * freely for what only it runs: head training, Grad-CAM's gradient).
 */
export const BACKEND_NAMES = [...TFJS_BACKENDS, 'onnxruntime'] as const
