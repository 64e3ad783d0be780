/**
 * The integer encodings the quantized graph uses:
 * - activations: uint8, affine, real = scale · (q − zeroPoint), with 0 exactly representable (zero padding and
 *   ReLU's floor must be exact);
 * - weights: int8, symmetric per output channel, real = scale[c] · q, q in [−127, 127] (or [−63, 63] with
 *   `reduceRange`, which keeps u8·s8 pair sums inside int16 on AVX2 CPUs without VNNI, where ORT's kernels use
 *   vpmaddubsw and would otherwise saturate);
 * - biases: int32 at scale inputScale · weightScale[c], zero point 0 (what QLinearConv expects).
 */

/** Round half to even, as ONNX Runtime's QuantizeLinear does (and symmetric about zero, unlike Math.round). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

export interface ActivationParams {
  scale: number
  zeroPoint: number
}

/** uint8 parameters covering [lo, hi] (widened to include 0). A constant-zero tensor gets scale 1. */
export function activationParams(lo: number, hi: number): ActivationParams {
  const a = Math.min(lo, 0)
  const b = Math.max(hi, 0)
  if (!(b > a)) return { scale: 1, zeroPoint: 0 }
  const scale = (b - a) / 255
  const zeroPoint = Math.min(255, Math.max(0, roundHalfEven(-a / scale)))
  // Math.fround: the scale is stored as float32, and ORT computes with that value.
  return { scale: Math.fround(scale), zeroPoint }
}

export interface ChannelWeights {
  /** int8 values, same layout as the float weights ([M, …] with M output channels). */
  q: Int8Array
  /** One scale per output channel. */
  scales: Float32Array
}

/** Per-output-channel symmetric int8 quantization of a [M, …] weight tensor. */
export function quantizeWeightsPerChannel(
  data: Float32Array,
  channels: number,
  reduceRange = false
): ChannelWeights {
  const qmax = reduceRange ? 63 : 127
  const per = data.length / channels
  if (!Number.isInteger(per))
    throw new Error(`weights of ${data.length} values do not split into ${channels} channels`)
  const q = new Int8Array(data.length)
  const scales = new Float32Array(channels)
  for (let c = 0; c < channels; c++) {
    let amax = 0
    for (let k = 0; k < per; k++) amax = Math.max(amax, Math.abs(data[c * per + k]))
    // An all-zero channel still needs a positive scale (ORT divides by it when requantizing).
    const s = Math.fround(amax > 0 ? amax / qmax : 1)
    scales[c] = s
    for (let k = 0; k < per; k++)
      q[c * per + k] = Math.max(-qmax, Math.min(qmax, roundHalfEven(data[c * per + k] / s)))
  }
  return { q, scales }
}

export function dequantizeWeightsPerChannel(w: ChannelWeights): Float32Array {
  const channels = w.scales.length
  const per = w.q.length / channels
  const out = new Float32Array(w.q.length)
  for (let c = 0; c < channels; c++)
    for (let k = 0; k < per; k++) out[c * per + k] = w.q[c * per + k] * w.scales[c]
  return out
}

/** int32 bias at scale inputScale · weightScale[c]. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): Int32Array {
  const out = new Int32Array(bias.length)
  for (let c = 0; c < bias.length; c++) {
    const v = roundHalfEven(bias[c] / (inputScale * weightScales[c]))
    out[c] = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v))
  }
  return out
}
