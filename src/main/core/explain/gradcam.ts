import { tf, type LayersModel, type Tensor, type Tensor2D, type Tensor4D } from '../engine/tf'

/**
 * Grad-CAM (Selvaraju et al., 2017) on the frozen backbone's last convolutional feature map A [1, h, w, c]:
 * the gradient of the class score y_c with respect to A, averaged over the h×w grid, weighs each channel;
 * the map is ReLU(Σ_k α_k A_k), scaled to [0, 1].
 *
 * Only the part after A is differentiated — global average pooling and the dense head — so no convolution
 * gradient is needed and it runs on the wasm backend. The backbone's forward pass to A happens before, outside
 * the gradient.
 */

/** Maps the pooled feature vector [1, c] to class scores [1, classes] (pre-softmax logits). */
export type ScoreFn = (pooled: Tensor2D) => Tensor2D

export interface GradCamResult {
  /** Row-major h×w map in [0, 1]; all zeros when no location supports the class. */
  cam: Float32Array
  height: number
  width: number
  /** Softmax of the class scores for the same input, in class order. */
  probabilities: number[]
}

/**
 * Grad-CAM of class `classIndex` for one feature map [1, h, w, c]. `score` maps the globally average-pooled
 * feature map to logits. Leaves no tensors behind.
 */
export function gradCam(featureMap: Tensor4D, score: ScoreFn, classIndex: number): GradCamResult {
  const [n, h, w, c] = featureMap.shape
  if (n !== 1) throw new RangeError(`Grad-CAM takes one feature map, got a batch of ${n}`)
  const result = tf.tidy(() => {
    const logitsOf = (a: Tensor): Tensor2D => score(tf.mean(a, [1, 2]) as Tensor2D)
    const logits = logitsOf(featureMap)
    const k = logits.shape[1]
    if (!(classIndex >= 0 && classIndex < k))
      throw new RangeError(`class index ${classIndex} outside 0..${k - 1}`)
    const classScore = (a: Tensor): Tensor => tf.sum(tf.slice(logitsOf(a), [0, classIndex], [1, 1]))
    const grads = tf.grad(classScore)(featureMap) // [1, h, w, c]
    const alpha = tf.mean(grads, [0, 1, 2]) // [c]
    const weighted = tf.relu(tf.sum(tf.mul(featureMap, alpha.reshape([1, 1, 1, c])), -1)) // [1, h, w]
    const peak = tf.max(weighted)
    const cam = tf.where(
      tf.greater(peak, 0),
      tf.div(weighted, tf.maximum(peak, 1e-12)),
      tf.zerosLike(weighted)
    )
    return { cam: cam.reshape([h * w]), probs: tf.softmax(logits).reshape([k]) }
  })
  const cam = result.cam.dataSync() as Float32Array
  const probabilities = Array.from(result.probs.dataSync())
  result.cam.dispose()
  result.probs.dispose()
  return { cam: Float32Array.from(cam), height: h, width: w, probabilities }
}

/**
 * Class scores of a trained head (any stack of layers ending in a softmax Dense): every layer but the last runs
 * in inference mode (BatchNorm on moving statistics, Dropout off), the last Dense without its softmax, because
 * Grad-CAM differentiates the logit — a softmax output saturates and its gradient vanishes for confident images.
 */
export function headLogits(head: LayersModel): ScoreFn {
  const layers = head.layers.filter((l) => l.getClassName() !== 'InputLayer')
  const last = layers[layers.length - 1]
  if (!last || last.getClassName() !== 'Dense')
    throw new Error(`the head's last layer is ${last?.getClassName() ?? 'missing'}, not Dense`)
  const [kernel, bias] = last.getWeights()
  return (pooled) => {
    let x: Tensor = pooled
    for (const l of layers.slice(0, -1)) x = l.apply(x, { training: false }) as Tensor
    const z = tf.matMul(x as Tensor2D, kernel as Tensor2D)
    return (bias ? tf.add(z, bias) : z) as Tensor2D
  }
}

/** Peak location of a map, for tests and for the CLI's summary line. */
export function argmax2d(cam: ArrayLike<number>, width: number): { y: number; x: number; value: number } {
  let best = 0
  for (let i = 1; i < cam.length; i++) if (cam[i] > cam[best]) best = i
  return { y: Math.floor(best / width), x: best % width, value: cam[best] }
}
