import { describe, expect, it } from 'vitest'
import { Prng } from '../../src/main/core/engine/training/prng'
import { OnnxGraphBuilder } from '../../src/main/core/onnx/onnx-builder'
import { loadOrt, openOnnxSession } from '../../src/main/core/onnx/runtime'
import { collectActivationStats } from '../../src/main/core/onnx/quantize/calibrate'
import { int8SupportFromFlags } from '../../src/main/core/onnx/quantize/cpu-int8'
import { cosine, featureAgreement } from '../../src/main/core/onnx/quantize/feature-error'
import { foldBatchNorms } from '../../src/main/core/onnx/quantize/fold-batchnorm'
import { readFloatGraph, writeFloatGraph } from '../../src/main/core/onnx/quantize/float-graph'
import { writeQOperatorGraph } from '../../src/main/core/onnx/quantize/qoperator-graph'
import {
  activationParams,
  dequantizeWeightsPerChannel,
  quantizeBias,
  quantizeWeightsPerChannel
} from '../../src/main/core/onnx/quantize/quant-params'
import {
  emptyStats,
  estimateRange,
  updateExtremes,
  updateHistogram
} from '../../src/main/core/onnx/quantize/range-estimators'
import { runOnnxF64 } from '../helpers/onnx-f64'

const rand = (rng: Prng, n: number, lo: number, hi: number): Float32Array =>
  Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next())

/** x [N,3,6,6] → Conv 3×3 (4 out) → BN → Relu → Concat with x's Conv 1×1 → BN → output. */
function convBnGraph(seed: number): Uint8Array {
  const rng = new Prng(seed)
  const g = new OnnxGraphBuilder()
  const x = g.addInput('x', [null, 3, 6, 6])
  const bnInputs = (base: string, n: number): string[] => [
    g.addFloatInitializer(`${base}/gamma`, [n], rand(rng, n, 0.5, 2)),
    g.addFloatInitializer(`${base}/beta`, [n], rand(rng, n, -1, 1)),
    g.addFloatInitializer(`${base}/mean`, [n], rand(rng, n, -0.5, 0.5)),
    g.addFloatInitializer(`${base}/var`, [n], rand(rng, n, 0.1, 3))
  ]
  const w = g.addFloatInitializer('w', [4, 3, 3, 3], rand(rng, 108, -1, 1))
  const b = g.addFloatInitializer('b', [4], rand(rng, 4, -1, 1))
  const conv = g.addNode('Conv', [x, w, b], 'conv', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] })[0]
  const bn = g.addNode('BatchNormalization', [conv, ...bnInputs('bn', 4)], 'bn', {
    epsilon: { float: 1e-3 }
  })[0]
  const relu = g.addNode('Relu', [bn], 'relu')[0]
  const w2 = g.addFloatInitializer('w2', [2, 3, 1, 1], rand(rng, 6, -1, 1))
  const conv2 = g.addNode('Conv', [x, w2], 'conv2', { kernel_shape: [1, 1] })[0]
  const cat = g.addNode('Concat', [relu, conv2], 'cat', { axis: 1 })[0]
  const bn2 = g.addNode('BatchNormalization', [cat, ...bnInputs('bn2', 6)], 'bn2', {
    epsilon: { float: 1e-3 }
  })[0]
  g.addOutput(bn2, [null, 6, 6, 6])
  return g.toBytes('conv-bn', 'test')
}

describe('BatchNorm folding', () => {
  it('folds a BN into the Conv before it exactly (≤ 1e-5), and keeps the one on a Concat', () => {
    const bytes = convBnGraph(7)
    const g = readFloatGraph(bytes)
    const fold = foldBatchNorms(g)
    expect(fold.folded).toBe(1)
    expect(fold.kept).toEqual([{ name: 'bn2', why: 'input comes from Concat' }])
    expect(g.nodes.map((n) => n.opType)).toEqual(['Conv', 'Relu', 'Conv', 'Concat', 'BatchNormalization'])
    const input = rand(new Prng(3), 2 * 3 * 36, -2, 2)
    const before = runOnnxF64(bytes, input, [2, 3, 6, 6])
    const after = runOnnxF64(writeFloatGraph(g), input, [2, 3, 6, 6])
    let worst = 0
    for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(before[i] - after[i]))
    expect(before.length).toBe(2 * 6 * 36)
    expect(worst).toBeLessThanOrEqual(1e-5)
    expect(worst).toBeGreaterThan(0) // float32 rounding of the folded weights, nothing more
  })
})

describe('int8 encodings', () => {
  it('per-channel symmetric int8 weights: known values round-trip to within half a step', () => {
    // Channel 0 spans ±1.27 (scale 0.01), channel 1 ±0.254 (scale 0.002), channel 2 is all zero.
    const w = Float32Array.of(1.27, -0.635, 0.0049, 0.254, -0.1, 0.001, 0, 0, 0)
    const q = quantizeWeightsPerChannel(w, 3)
    expect(Array.from(q.scales)).toEqual([Math.fround(0.01), Math.fround(0.002), 1])
    // −63.5 and 0.5 steps round half to even, as ORT's QuantizeLinear rounds: −64 and 0.
    expect(Array.from(q.q)).toEqual([127, -64, 0, 127, -50, 0, 0, 0, 0])
    const back = dequantizeWeightsPerChannel(q)
    for (let i = 0; i < w.length; i++)
      expect(Math.abs(back[i] - w[i])).toBeLessThanOrEqual(q.scales[Math.floor(i / 3)] / 2 + 1e-9)
    // 7-bit weights for AVX2 without VNNI: the largest value maps to 63.
    const seven = quantizeWeightsPerChannel(w, 3, true)
    expect(Array.from(seven.q.slice(0, 6))).toEqual([63, -31, 0, 63, -25, 0])
    expect(seven.scales[0]).toBe(Math.fround(1.27 / 63))
  })

  it('uint8 activations always represent 0 exactly; biases are int32 at input × weight scale', () => {
    expect(activationParams(0, 6)).toEqual({ scale: Math.fround(6 / 255), zeroPoint: 0 })
    expect(activationParams(-1, 2)).toEqual({ scale: Math.fround(3 / 255), zeroPoint: 85 })
    expect(activationParams(1, 2).zeroPoint).toBe(0) // widened to [0, 2]
    expect(Array.from(quantizeBias(Float32Array.of(0.5, -0.25), 0.5, Float32Array.of(0.01, 0.1)))).toEqual([
      100, -5
    ])
  })
})

describe('calibration ranges', () => {
  it('min/max, percentile and entropy ranges of a known activation', () => {
    // 100,000 values of an exponential distribution (mean 0.1, quantiles taken evenly: the largest is 1.15)
    // and one outlier at 50.
    const data = new Float32Array(100_001)
    for (let i = 0; i < 100_000; i++) data[i] = -0.1 * Math.log(1 - (i + 0.5) / 100_000)
    data[100_000] = 50
    const s = emptyStats()
    updateExtremes(s, data)
    updateHistogram(s, data)
    expect(estimateRange(s, 'minmax')).toEqual([0, 50])
    const [plo, phi] = estimateRange(s, 'percentile')
    expect(plo).toBe(0)
    // The 99.99th percentile, 0.1·ln(10⁴) = 0.921, to one bin (50 / 2048).
    expect(phi).toBeGreaterThan(0.92)
    expect(phi).toBeLessThan(0.921 + 50 / 2048 + 1e-6)
    const [elo, ehi] = estimateRange(s, 'entropy')
    expect(elo).toBe(0)
    expect(ehi).toBeLessThan(50 * 0.2) // the outlier is clipped…
    expect(ehi).toBeGreaterThan(0.5) // …but not the bulk of the values
  })

  it('collects the exact extremes of a graph activation run in ONNX Runtime', async () => {
    const g = new OnnxGraphBuilder()
    const x = g.addInput('x', [null, 4, 1, 1])
    const y = g.addNode('Relu', [x], 'y')[0]
    g.addOutput(g.addNode('Identity', [y], 'out')[0], [null, 4, 1, 1])
    const graph = readFloatGraph(g.toBytes('relu', 'test'))
    const images = {
      data: Float32Array.of(-3, 1, 2.5, -1, 0.5, 7, -2, 0),
      count: 2,
      shape: [4, 1, 1] as [number, number, number]
    }
    const stats = await collectActivationStats(graph, ['x', 'y'], images)
    expect([stats.get('x')!.min, stats.get('x')!.max]).toEqual([-3, 7])
    expect([stats.get('y')!.min, stats.get('y')!.max]).toEqual([0, 7])
  })
})

describe('quantized graph in ONNX Runtime', () => {
  it('Conv 1×1 + ReLU as one QLinearConv gives the hand-computed uint8 result', async () => {
    // x: 2 channels × 1×2 pixels. Conv weights out0 = 1·x0 + 2·x1 + 0.5, out1 = −1·x0 + 0.5·x1 (then ReLU).
    const g = new OnnxGraphBuilder()
    const x = g.addInput('x', [null, 2, 1, 2])
    const w = g.addFloatInitializer('w', [2, 2, 1, 1], Float32Array.of(1, 2, -1, 0.5))
    const b = g.addFloatInitializer('b', [2], Float32Array.of(0.5, 0))
    const conv = g.addNode('Conv', [x, w, b], 'conv', { kernel_shape: [1, 1] })[0]
    const relu = g.addNode('Relu', [conv], 'relu')[0]
    g.addOutput(g.addNode('Identity', [relu], 'out')[0], [null, 2, 1, 2])
    const graph = readFloatGraph(g.toBytes('qconv', 'test'))
    // Ranges as calibration would give them: x in [−1, 2] → scale 3/255, zero point 85; relu in [0, 2.55] → 0.01, 0.
    const ranges: Record<string, [number, number]> = { x: [-1, 2], relu: [0, 2.55] }
    const q = writeQOperatorGraph(graph, { range: (t) => ranges[t] })
    expect(q.opCounts).toMatchObject({ QuantizeLinear: 1, QLinearConv: 1, DequantizeLinear: 1 })
    expect(q.opCounts.Relu).toBeUndefined() // fused: the output's zero point 0 is the ReLU
    // x0 = [1, 2], x1 = [0.6, −1]: each is a whole number of steps of 3/255 (85, 170, 51, −85).
    // Weight scales (per channel, max|w| / 127): 2/127 and 1/127 → int8 [64, 127] and [−127, 64] (0.5·127 = 63.5 → 64).
    // Bias int32: round(0.5 / (3/255 · 2/127)) = round(2698.1) = 2698, and 0.
    // out0 pixel 0: (85·64 + 51·127 + 2698) · (3/255)(2/127) = 14615 · 1.8527e-4 = 2.7077 → clips at 2.55 → 255.
    // out0 pixel 1: (170·64 − 85·127 + 2698) · 1.8527e-4 = 2783 · 1.8527e-4 = 0.5156 → round(51.56) = 52.
    // out1: (−85·127 + 51·64) and (−170·127 − 85·64) are negative → 0 (the ReLU).
    const ort = loadOrt()
    const { session } = await openOnnxSession(q.bytes, { provider: 'cpu', threads: 1 })
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.of(1, 2, 0.6, -1), [1, 2, 1, 2])
    })
    const y = Array.from(out[session.outputNames[0]].data as Float32Array)
    await session.release()
    expect(y.map((v) => Math.round(v / 0.01))).toEqual([255, 52, 0, 0])
    // And the float graph's answer, for scale: [2.7 (clipped at 2.55 by the calibrated range), 0.5, 0, 0].
  })

  it('a BatchNorm on a Concat becomes a depthwise QLinearConv: the whole graph is integer and close to float', async () => {
    const bytes = convBnGraph(11)
    const g = readFloatGraph(bytes)
    foldBatchNorms(g)
    const input = rand(new Prng(5), 4 * 3 * 36, -2, 2)
    const images = { data: input, count: 4, shape: [3, 6, 6] as [number, number, number] }
    const need = new Set<string>()
    writeQOperatorGraph(g, { range: (t) => (need.add(t), [0, 1]) })
    const stats = await collectActivationStats(g, [...need], images)
    const q = writeQOperatorGraph(g, { range: (t) => [stats.get(t)!.min, stats.get(t)!.max] })
    expect(q.opCounts).toEqual({ QuantizeLinear: 1, QLinearConv: 3, QLinearConcat: 1, DequantizeLinear: 1 })
    const ort = loadOrt()
    const { session } = await openOnnxSession(q.bytes, { provider: 'cpu', threads: 1 })
    const out = await session.run({ x: new ort.Tensor('float32', input, [4, 3, 6, 6]) })
    const y = out[session.outputNames[0]].data as Float32Array
    await session.release()
    const ref = runOnnxF64(bytes, input, [4, 3, 6, 6])
    let span = 0
    for (const v of ref) span = Math.max(span, Math.abs(v))
    let worst = 0
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]))
    // Three requantizations deep: a few output steps (span / 127) at most.
    expect(worst).toBeLessThan((4 * span) / 127)
    expect(featureAgreement(Float32Array.from(ref), y, 1).meanCosine).toBeGreaterThan(0.999)
  })

  it('feature agreement: cosine per row, mean and worst', () => {
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 1))).toBe(0)
    const a = featureAgreement(Float32Array.of(1, 0, 1, 1), Float32Array.of(2, 0, 1, 0), 2)
    expect(a.meanCosine).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12)
    expect(a.worstCosine).toBeCloseTo(Math.SQRT1_2, 12)
  })
})

describe('CPU int8 support', () => {
  it('reads VNNI, AVX-512 and AVX2 from /proc/cpuinfo flags', () => {
    expect(int8SupportFromFlags('fpu avx avx2 avx512f avx512_vnni', 'x').path).toBe('vnni')
    expect(int8SupportFromFlags('fpu avx avx2 avx_vnni', 'x').path).toBe('vnni')
    const zen3 = int8SupportFromFlags('fpu sse4_2 avx avx2 fma', 'AMD EPYC')
    expect(zen3.path).toBe('avx2')
    expect(zen3.summary).toMatch(/no VNNI.*7 bits/)
    expect(int8SupportFromFlags('fpu sse4_2', 'x').path).toBe('none')
    expect(int8SupportFromFlags(undefined, 'x').path).toBe('unknown')
  })
})
