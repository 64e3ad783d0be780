/**
 * Where Grad-CAM gets the backbone's last feature map from. Grad-CAM differentiates only the global pooling and
 * the head (gradcam.ts), so the frozen base needs a forward pass and nothing more: like extraction and scans it
 * runs on the fastest backend — ONNX Runtime when it serves the backbone and the export carries the
 * `feature_map` output — and on the TF.js model otherwise. The gradient part always stays on TF.js.
 *
 * On ONNX Runtime the TF.js backbone is never built, so a Grad-CAM neither reads the Keras weights file nor
 * holds a second copy of the backbone in memory.
 */
import type { BackendName } from '../../../shared/types/engine'
import type { Store } from '../db/store'
import { currentBackend } from '../engine/backend'
import { getBackboneSpec } from '../engine/backbones/registry'
import { loadBackboneModel } from '../engine/backbones/spec'
import { tf, type LayersModel, type Tensor4D } from '../engine/tf'
import { OnnxFeatureRunner } from '../onnx/feature-runner'
import { onnxRunnerSelector } from '../onnx/runner-selector'
import type { OrtProviderChoice } from '../onnx/runtime'
import type { DataDir } from '../paths'
import { featureMapOf } from './feature-map'

export interface FeatureMapSource {
  /** The engine that runs the forward pass: `onnxruntime (cpu)`, or the TF.js backend's name. */
  backend: string
  /** One preprocessed image (NHWC floats) → its feature map [1, h, w, c]; the caller disposes the tensor. */
  compute(input: Float32Array): Promise<Tensor4D>
  dispose(): Promise<void>
}

/** The TF.js backbone as a source (it owns the model: dispose() disposes it). */
export function tfjsFeatureMapSource(backbone: LayersModel, inputSize: number): FeatureMapSource {
  const trunk = featureMapOf(backbone)
  return {
    backend: currentBackend()?.name ?? 'tfjs',
    compute: async (input) => tf.tidy(() => trunk(tf.tensor4d(input, [1, inputSize, inputSize, 3]))),
    dispose: async () => {
      backbone.dispose()
    }
  }
}

/** An ONNX Runtime session over an export with a `feature_map` output as a source. */
export function onnxFeatureMapSource(runner: OnnxFeatureRunner): FeatureMapSource {
  return {
    backend: `onnxruntime (${runner.provider})`,
    async compute(input) {
      const { data, shape } = await runner.featureMap(input)
      return tf.tidy(() => tf.transpose(tf.tensor4d(data, [1, ...shape]), [0, 2, 3, 1]))
    },
    dispose: () => runner.release()
  }
}

/**
 * The fastest source for this backbone: ONNX Runtime where the backend choice allows it (`forced`, as for
 * scans: the configuration's, resolved by the caller), its export is usable (written on first use, as for scans) and has the
 * feature map; else the TF.js model. A TF.js backend must already be started (the head runs there anyway).
 */
export async function openFeatureMapSource(
  store: Store,
  dirs: DataDir,
  backbone: string,
  forced?: BackendName,
  provider: OrtProviderChoice = 'auto'
): Promise<FeatureMapSource> {
  const spec = await getBackboneSpec(store, dirs, backbone)
  const state = (await onnxRunnerSelector(spec, forced, provider))?.exported
  if (state?.meta.featureMapShape) {
    try {
      const runner = await OnnxFeatureRunner.open(state.path, { inputShape: state.meta.inputShape, provider })
      if (runner.hasFeatureMap) return onnxFeatureMapSource(runner)
      await runner.release()
    } catch (e) {
      // Forced, a failure is the user's answer; otherwise TF.js explains as it did before ONNX Runtime.
      if (forced === 'onnxruntime') throw e
    }
  }
  return tfjsFeatureMapSource(await loadBackboneModel(spec), spec.preprocessing.inputSize)
}
