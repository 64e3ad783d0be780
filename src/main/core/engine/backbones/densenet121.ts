/**
 * DenseNet121 without its classifier, built in code with the exact layer names and order of
 * `keras.applications.DenseNet121(include_top=False, pooling='avg')`, so Keras weight files load by name.
 *
 *   input [n, s, s, 3] (torch-normalised RGB) → … → 'relu' [n, s/32, s/32, 1024] → 'avg_pool' [n, 1024]
 *
 * 7,037,504 parameters. BatchNorm epsilon is 1.001e-5, as Keras' DenseNet uses (not the 1e-3 default).
 */
import { tf, type LayersModel, type SymbolicTensor } from '../tf'

export const DENSENET121_BLOCKS = [6, 12, 24, 16] as const
export const DENSENET121_PARAMS = 7_037_504
export const DENSENET121_FEATURE_DIM = 1024
const BN_EPSILON = 1.001e-5
const GROWTH = 32

export interface DenseNet121Options {
  /** Also output the final 'relu' feature map [n, s/32, s/32, 1024] (for Grad-CAM). Default false. */
  featureMap?: boolean
  /** Input side in pixels (default 224). */
  inputSize?: number
  /**
   * Inference form: each conv → BN → ReLU (conv1 and every block's 1×1 conv) becomes one conv with bias and
   * ReLU, which TF.js runs as a single fused op. Weights come from `fuseDenseNet121` (densenet121-fused.ts).
   */
  fuseConvBn?: boolean
}

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return tf.layers.batchNormalization({ axis: 3, epsilon: BN_EPSILON, name }).apply(x) as SymbolicTensor
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return tf.layers.activation({ activation: 'relu', name }).apply(x) as SymbolicTensor
}

function conv(x: SymbolicTensor, filters: number, kernel: number, name: string): SymbolicTensor {
  return tf.layers
    .conv2d({ filters, kernelSize: kernel, padding: kernel > 1 ? 'same' : 'valid', useBias: false, name })
    .apply(x) as SymbolicTensor
}

/** conv → BN → ReLU as Keras has it, or as one conv with bias and fused ReLU (same layer name as the conv). */
function convBnRelu(
  x: SymbolicTensor,
  fuse: boolean,
  conf: { filters: number; kernelSize: number; strides?: number },
  name: string
): SymbolicTensor {
  if (fuse)
    return tf.layers
      .conv2d({ ...conf, useBias: true, activation: 'relu', name: `${name}_conv` })
      .apply(x) as SymbolicTensor
  const y = tf.layers.conv2d({ ...conf, useBias: false, name: `${name}_conv` }).apply(x) as SymbolicTensor
  return relu(bn(y, `${name}_bn`), `${name}_relu`)
}

/** BN → ReLU → 1×1 conv (128) → BN → ReLU → 3×3 conv (32), concatenated onto the input. */
function convBlock(x: SymbolicTensor, name: string, fuse: boolean): SymbolicTensor {
  let y = relu(bn(x, `${name}_0_bn`), `${name}_0_relu`)
  y = convBnRelu(y, fuse, { filters: 4 * GROWTH, kernelSize: 1 }, `${name}_1`)
  y = conv(y, GROWTH, 3, `${name}_2_conv`)
  return tf.layers.concatenate({ axis: 3, name: `${name}_concat` }).apply([x, y]) as SymbolicTensor
}

/** BN → ReLU → 1×1 conv halving the channels → 2×2 average pool. */
function transitionBlock(x: SymbolicTensor, name: string): SymbolicTensor {
  const channels = x.shape[3] as number
  let y = relu(bn(x, `${name}_bn`), `${name}_relu`)
  y = conv(y, Math.floor(channels * 0.5), 1, `${name}_conv`)
  return tf.layers
    .averagePooling2d({ poolSize: 2, strides: 2, name: `${name}_pool` })
    .apply(y) as SymbolicTensor
}

/** Builds the model with fresh (untrained) weights; load real ones with `loadKerasWeights`. No side effects. */
export function buildDenseNet121(options: DenseNet121Options = {}): LayersModel {
  const size = options.inputSize ?? 224
  const input = tf.input({ shape: [size, size, 3], name: 'input_layer' })
  let x = tf.layers
    .zeroPadding2d({
      padding: [
        [3, 3],
        [3, 3]
      ],
      name: 'zero_padding2d'
    })
    .apply(input) as SymbolicTensor
  const fuse = Boolean(options.fuseConvBn)
  x = convBnRelu(x, fuse, { filters: 64, kernelSize: 7, strides: 2 }, 'conv1')
  x = tf.layers
    .zeroPadding2d({
      padding: [
        [1, 1],
        [1, 1]
      ],
      name: 'zero_padding2d_1'
    })
    .apply(x) as SymbolicTensor
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }).apply(x) as SymbolicTensor
  DENSENET121_BLOCKS.forEach((blocks, i) => {
    for (let b = 1; b <= blocks; b++) x = convBlock(x, `conv${i + 2}_block${b}`, fuse)
    if (i < DENSENET121_BLOCKS.length - 1) x = transitionBlock(x, `pool${i + 2}`)
  })
  const map = relu(bn(x, 'bn'), 'relu')
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(map) as SymbolicTensor
  return tf.model({
    inputs: input,
    outputs: options.featureMap ? [pooled, map] : pooled,
    name: 'densenet121'
  })
}
