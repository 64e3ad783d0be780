import { describe, expect, it } from 'vitest'
import { samePads, windowOutSize } from '../../src/main/core/onnx/padding'

describe('TF padding rules as explicit ONNX pads', () => {
  it("'same' at stride 2 on an even size puts the odd pixel at the end", () => {
    expect(samePads(224, 3, 2)).toEqual([0, 1]) // TF: out 112, total 1 → all at the end
    expect(samePads(112, 3, 2)).toEqual([0, 1])
    expect(samePads(7, 3, 2)).toEqual([1, 1]) // odd size: total 2, symmetric
  })

  it("'same' at stride 1 is symmetric for odd kernels and end-heavy for even ones", () => {
    expect(samePads(56, 3, 1)).toEqual([1, 1])
    expect(samePads(56, 7, 1)).toEqual([3, 3])
    expect(samePads(56, 2, 1)).toEqual([0, 1])
    expect(samePads(56, 1, 1)).toEqual([0, 0])
  })

  it('dilation widens the kernel', () => {
    expect(samePads(20, 3, 1, 2)).toEqual([2, 2])
  })

  it('output sizes follow the floor rule and keep ceil(in/stride) for same', () => {
    for (const [n, k, s] of [
      [224, 3, 2],
      [223, 3, 2],
      [7, 7, 2],
      [15, 2, 2],
      [9, 5, 3]
    ]) {
      const [b, e] = samePads(n, k, s)
      expect(windowOutSize(n, k, s, 1, b, e)).toBe(Math.ceil(n / s))
    }
    expect(windowOutSize(230, 7, 2, 1, 0, 0)).toBe(112) // DenseNet conv1 after ZeroPadding2D(3)
    expect(() => windowOutSize(2, 3, 1, 1, 0, 0)).toThrow(/does not fit/)
  })
})
