import type { InferenceSession } from 'onnxruntime-node'
import { FEATURE_MAP_OUTPUT } from './export-state'
import { loadOrt, openOnnxSession, type OrtProvider, type SessionOptions } from './runtime'

/**
 * Batch size for ONNX Runtime CPU extraction. Measured on a 2-core machine: batch 8 used about
 * 0.3 GB and ran fastest per image; batch 40 used about 1 GB and was slower. `bench:onnx` reprints this.
 */
export const DEFAULT_ONNX_BATCH = 8

export interface OnnxRunnerOptions extends SessionOptions {
  /** [H, W, C] of one NHWC image. */
  inputShape: [number, number, number]
  batchSize?: number
}

/**
 * Runs an exported backbone: NHWC float32 images in (already resized and normalised, as for TF.js), one
 * feature vector per image out. The exported graph's only layout change is its first Transpose.
 */
export class OnnxFeatureRunner {
  private constructor(
    private readonly session: InferenceSession,
    readonly provider: OrtProvider,
    readonly inputShape: [number, number, number],
    readonly batchSize: number,
    /** Why CUDA is not in use when it was worth trying. */
    readonly cudaWhy: string | undefined
  ) {}

  static async open(model: string | Uint8Array, options: OnnxRunnerOptions): Promise<OnnxFeatureRunner> {
    const { session, provider, cudaWhy } = await openOnnxSession(model, options)
    const batch = options.batchSize ?? DEFAULT_ONNX_BATCH
    if (!Number.isInteger(batch) || batch < 1)
      throw new Error(`ONNX batch size ${batch} is not a positive integer`)
    if (session.inputNames.length !== 1)
      throw new Error(`ONNX backbone has ${session.inputNames.length} inputs; one expected`)
    return new OnnxFeatureRunner(session, provider, options.inputShape, batch, cudaWhy)
  }

  /** Floats per image. */
  get imageSize(): number {
    return this.inputShape[0] * this.inputShape[1] * this.inputShape[2]
  }

  /**
   * Features of `count` images laid end to end in `images` ([count, H, W, C]); returns [count, dim] row-major.
   * Runs in batches of `batchSize` (the last one smaller); the first output of the graph is the feature vector.
   */
  async run(images: Float32Array, count: number): Promise<{ data: Float32Array; dim: number }> {
    const per = this.imageSize
    if (images.length !== count * per)
      throw new Error(`ONNX runner: ${images.length} floats for ${count} images of ${per}`)
    const ort = loadOrt()
    const inputName = this.session.inputNames[0]
    const outputName = this.session.outputNames[0]
    let out: Float32Array | undefined
    let dim = 0
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start)
      const input = new ort.Tensor('float32', images.subarray(start * per, (start + n) * per), [
        n,
        ...this.inputShape
      ])
      const result = await this.session.run({ [inputName]: input }, [outputName])
      const y = result[outputName]
      const data = y.data as Float32Array
      dim = data.length / n
      out ??= new Float32Array(count * dim)
      out.set(data, start * dim)
      y.dispose()
    }
    return { data: out ?? new Float32Array(0), dim }
  }

  /** Whether the graph also outputs the feature map its pooling reduces (exports since exporter v2). */
  get hasFeatureMap(): boolean {
    return this.session.outputNames.includes(FEATURE_MAP_OUTPUT)
  }

  /**
   * The feature map of one image as the graph computes it, NCHW [c, h, w] row-major, for Grad-CAM: the frozen
   * base's forward pass on ONNX Runtime, the gradient through pooling and head on TF.js.
   */
  async featureMap(image: Float32Array): Promise<{ data: Float32Array; shape: [number, number, number] }> {
    if (!this.hasFeatureMap)
      throw new Error(`this ONNX backbone has no ${FEATURE_MAP_OUTPUT} output (exported before v2)`)
    if (image.length !== this.imageSize)
      throw new Error(`ONNX runner: ${image.length} floats for one image of ${this.imageSize}`)
    const ort = loadOrt()
    const input = new ort.Tensor('float32', image, [1, ...this.inputShape])
    const result = await this.session.run({ [this.session.inputNames[0]]: input }, [FEATURE_MAP_OUTPUT])
    const y = result[FEATURE_MAP_OUTPUT]
    const [, c, h, w] = y.dims as number[]
    const data = (y.data as Float32Array).slice()
    y.dispose()
    return { data, shape: [c, h, w] }
  }

  async release(): Promise<void> {
    await this.session.release()
  }
}
