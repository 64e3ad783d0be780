/**
 * The ONNX Runtime feature runner, loaded inside an extraction worker (see engine/runners.ts: RUNNER_MODULES).
 * It runs the backbone's stored export; the main thread's selector has already written it.
 */
import { availableParallelism } from 'node:os'
import { detectCudaGpu } from '../engine/backend'
import type { BackboneSpec } from '../engine/backbones/spec'
import type { FeatureRunner, RunnerOptions } from '../engine/runners'
import { onnxExportState } from './export-state'
import { OnnxFeatureRunner } from './feature-runner'
import { ortVersion } from './runtime'

/** `options.provider`: the configuration's ONNX provider (auto: CUDA when installed and a GPU answers). */
export async function createRunner(spec: BackboneSpec, options: RunnerOptions): Promise<FeatureRunner> {
  const state = onnxExportState(spec)
  if (state.state !== 'ready')
    throw new Error(`ONNX export of backbone ${spec.name} is not usable: ${state.why}`)
  const gpu = detectCudaGpu()
  const runner = await OnnxFeatureRunner.open(state.path, {
    inputShape: state.meta.inputShape,
    provider: options.provider ?? 'auto',
    gpu
  })
  const unavailable = runner.cudaWhy
    ? [{ name: 'onnxruntime' as const, why: `CUDA provider: ${runner.cudaWhy}` }]
    : []
  return {
    info: {
      name: 'onnxruntime',
      version: `${ortVersion()} (${runner.provider})`,
      threads: availableParallelism(),
      workers: 1,
      gpu: runner.provider === 'cuda' ? gpu : undefined,
      // How it was chosen is known to the main thread's selector (its RunnerChoice.info); the worker cannot tell.
      chosenBy: 'auto',
      unavailable
    },
    featureDim: state.meta.featureDim,
    async run(inputs, n) {
      return (await runner.run(inputs, n)).data
    },
    dispose() {
      void runner.release().catch(() => undefined)
    }
  }
}
