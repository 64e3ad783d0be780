/**
 * Folds a BatchNormalization into the Conv that feeds it, where the Conv's output goes nowhere else:
 *   BN(conv(x, W) + B) = conv(x, W·a) + (B − μ)·a + β,  a = γ / √(σ² + ε)  (per output channel).
 * Exact in real arithmetic; in float32 it differs by rounding only. BatchNorms on a Concat (DenseNet's
 * pre-activations) or behind a ReLU have no Conv right before them and stay.
 */
import { attr, consumers, type FloatGraph, type FloatTensor } from './float-graph'

export interface FoldResult {
  folded: number
  /** BatchNorms left in place, by node name, with why. */
  kept: { name: string; why: string }[]
}

export function foldBatchNorms(g: FloatGraph): FoldResult {
  const readers = consumers(g)
  const producer = new Map<string, number>()
  g.nodes.forEach((n, i) => n.output?.forEach((o) => producer.set(o, i)))
  const drop = new Set<number>()
  const kept: FoldResult['kept'] = []
  g.nodes.forEach((bn, i) => {
    if (bn.opType !== 'BatchNormalization') return
    const x = bn.input![0]
    const p = producer.get(x)
    const conv = p === undefined ? undefined : g.nodes[p]
    if (!conv || conv.opType !== 'Conv') {
      kept.push({
        name: bn.name ?? bn.output![0],
        why: `input comes from ${conv ? conv.opType : 'the graph input'}`
      })
      return
    }
    if ((readers.get(x) ?? []).length !== 1) {
      kept.push({ name: bn.name ?? bn.output![0], why: 'the convolution output is also read elsewhere' })
      return
    }
    const [gamma, beta, mean, variance] = bn.input!.slice(1).map((n) => need(g, n))
    const eps = Number(attr(bn, 'epsilon') ?? 1e-5)
    const W = need(g, conv.input![1])
    const m = W.dims[0]
    const per = W.data.length / m
    const w = new Float32Array(W.data.length)
    const b = new Float32Array(m)
    const oldB = conv.input![2] ? need(g, conv.input![2]).data : new Float32Array(m)
    for (let o = 0; o < m; o++) {
      // In float64, then rounded once: the fold adds no error beyond float32's own rounding.
      const a = gamma.data[o] / Math.sqrt(variance.data[o] + eps)
      for (let k = 0; k < per; k++) w[o * per + k] = W.data[o * per + k] * a
      b[o] = (oldB[o] - mean.data[o]) * a + beta.data[o]
    }
    const wName = `${conv.input![1]}_bnfolded`
    const bName = `${conv.input![1]}_bnfolded_bias`
    g.weights.set(wName, { dims: W.dims, data: w })
    g.weights.set(bName, { dims: [m], data: b })
    // The Conv now writes the BatchNorm's output name, so every reader of the BN reads the Conv unchanged.
    conv.input = [conv.input![0], wName, bName]
    conv.output = [bn.output![0]]
    drop.add(i)
  })
  g.nodes = g.nodes.filter((_, i) => !drop.has(i))
  return { folded: drop.size, kept }
}

function need(g: FloatGraph, name: string): FloatTensor {
  const t = g.weights.get(name)
  if (!t)
    throw new Error(
      `ONNX graph: ${name} is not a float initializer (BatchNorm folding needs constant weights)`
    )
  return t
}
