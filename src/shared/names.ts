/**
 * Lists of names as plain constants: the command line reads them at start (flags, configuration, splits) before,
 * and without, loading the schema library; the schemas in types/ are built from them.
 */

/** A dataset's splits, in order. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const

/** TF.js backends in order of preference; `onnxruntime` is not a TF.js backend (see engine/runners.ts). */
export const TFJS_BACKENDS = ['tfjs-node-gpu', 'tfjs-node', 'wasm'] as const

/**
 * Every backend that can be forced (the `backend` setting, LEUKOLENS_BACKEND, every command's `--backend`): the
 * TF.js backends, and `onnxruntime`, which forces the frozen backbones onto ONNX Runtime (TF.js then picks
 * freely for what only it runs: head training, Grad-CAM's gradient). The order is the engine's preference.
 */
export const BACKEND_NAMES = [...TFJS_BACKENDS, 'onnxruntime'] as const

export type BackendName = (typeof BACKEND_NAMES)[number]

/** The largest pixel limit (`images.maxMegapixels`) that can be set: about 600 MB of RGB when decoded. */
export const MAX_MEGAPIXELS = 200

/** How a model version is named to a person: its name, else its id. */
export function modelLabel(m: { id: string; name?: string | null }): string {
  return m.name || m.id
}
