/**
 * TensorFlow's padding rules, written out as the explicit pads ONNX takes. ONNX's own `auto_pad=SAME_UPPER`
 * happens to agree with TF, but explicit pads let a preceding Keras ZeroPadding2D be folded into the same numbers
 * and keep the graph readable; so `auto_pad` is never used.
 */

/** Effective extent of a dilated kernel. */
export function dilatedKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1
}

/**
 * TF 'same': the output has ceil(in / stride) positions and the padding needed for that is split with the
 * smaller half at the start — for an even total at stride 2 (224 → 112 with a 3×3 kernel: total 1) all of it
 * goes at the end, which is where a naive symmetric pad goes wrong.
 */
export function samePads(inSize: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const out = Math.ceil(inSize / stride)
  const total = Math.max((out - 1) * stride + dilatedKernel(kernel, dilation) - inSize, 0)
  const begin = Math.floor(total / 2)
  return [begin, total - begin]
}

/** Output length of a convolution or pooling window over a padded axis (floor rule, as in TF and ONNX). */
export function windowOutSize(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBegin: number,
  padEnd: number
): number {
  const span = inSize + padBegin + padEnd - dilatedKernel(kernel, dilation)
  if (span < 0)
    throw new Error(
      `window ${kernel} (dilation ${dilation}) does not fit an axis of ${inSize} (+${padBegin}+${padEnd})`
    )
  return Math.floor(span / stride) + 1
}

/** ONNX pads order for 2-D: [top, left, bottom, right]. */
export type Pads2D = [number, number, number, number]

export function addPads(a: Pads2D, b: Pads2D): Pads2D {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}
