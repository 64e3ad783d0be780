/**
 * Runner modules a worker can load, by name. Static imports (not paths) so the bundler includes them in the
 * built worker. The ONNX Runtime runner (issue 6) adds one line here.
 */
import type { FeatureRunnerModule } from '../features/runners'

export const RUNNER_MODULES: Record<string, () => Promise<FeatureRunnerModule>> = {
  tfjs: () => import('./tfjs-runner'),
  onnx: () => import('../../onnx/worker-runner')
}
