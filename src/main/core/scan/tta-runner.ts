import type { BackboneSpec } from '../engine/backbones/spec'
import type { FeatureRunner, RunnerChoice } from '../engine/runners'
import { RUNNER_MODULES } from '../engine/runners'
import { loadModelInput } from '../images/preprocess'
import { ttaViews } from './tta'

/**
 * Backbone features of the eight TTA views of each image. The engine's extraction workers compute only the plain
 * and horizontally flipped image, so TTA runs the same feature runner (TF.js or ONNX Runtime, whichever the
 * engine chose) in this thread: eight times the work per image at one worker's speed — an opt-in accuracy mode,
 * not the default path. Decoding of a batch runs concurrently before its forward pass.
 */
export class TtaRunner {
  private constructor(
    private readonly runner: FeatureRunner,
    private readonly spec: BackboneSpec
  ) {}

  static async start(spec: BackboneSpec, choice: RunnerChoice): Promise<TtaRunner> {
    const load = RUNNER_MODULES[choice.runner]
    if (!load) throw new Error(`unknown feature runner ${choice.runner}`)
    return new TtaRunner(await (await load()).createRunner(spec, { backend: choice.backend }), spec)
  }

  get backend(): string {
    return this.runner.info.name
  }

  /** Per path: 8 × featureDim floats (views in TTA_TRANSFORMS order), or the reason the image is unusable. */
  async features(paths: readonly string[]): Promise<(Float32Array | string)[]> {
    const s = this.spec.preprocessing.inputSize
    const pixels = s * s * 3
    const inputs = await Promise.all(
      paths.map((p) =>
        loadModelInput(p, this.spec.preprocessing, { maxPixels: this.spec.maxPixels }).catch(
          (e: Error) => e.message
        )
      )
    )
    const ok = inputs.filter((x): x is Float32Array => typeof x !== 'string')
    const batch = new Float32Array(ok.length * 8 * pixels)
    ok.forEach((x, i) => {
      ttaViews({ data: x, height: s, width: s, channels: 3 }).forEach((v, j) =>
        batch.set(v.data, (i * 8 + j) * pixels)
      )
    })
    const out = ok.length ? await this.runner.run(batch, ok.length * 8) : new Float32Array(0)
    const dim = this.runner.featureDim
    let k = 0
    return inputs.map((x) => (typeof x === 'string' ? x : out.slice(k * 8 * dim, ++k * 8 * dim)))
  }

  dispose(): void {
    this.runner.dispose()
  }
}
