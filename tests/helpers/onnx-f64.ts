import type { onnx } from 'onnx-proto'
import { decodeOnnxModel } from '../../src/main/core/onnx/onnx-builder'

/**
 * A float64 reference interpreter for the ONNX graphs the exporter writes (the operators of MobileNetV2 and
 * DenseNet121 only). Slow and simple on purpose: it answers "which float32 engine is closer to the exact
 * result" when ONNX Runtime and TF.js disagree at the 1e-5 level.
 */
interface T64 {
  shape: number[]
  data: Float64Array
}

type Attrs = Record<string, number | number[]>

function attrsOf(node: onnx.INodeProto): Attrs {
  const out: Attrs = {}
  for (const a of node.attribute ?? [])
    if (a.name) out[a.name] = a.ints?.length ? a.ints.map(Number) : a.type === 1 ? (a.f ?? 0) : Number(a.i)
  return out
}

function conv(x: T64, w: T64, b: T64 | undefined, at: Attrs): T64 {
  const [n, c, h, wd] = x.shape
  const [m, cg, kh, kw] = w.shape
  const group = (at.group as number) ?? 1
  const [sh, sw] = (at.strides as number[]) ?? [1, 1]
  const [dh, dw] = (at.dilations as number[]) ?? [1, 1]
  const [pt, pl, pb, pr] = (at.pads as number[]) ?? [0, 0, 0, 0]
  const oh = Math.floor((h + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1
  const ow = Math.floor((wd + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1
  const out = new Float64Array(n * m * oh * ow)
  const mg = m / group
  for (let bn = 0; bn < n; bn++)
    for (let o = 0; o < m; o++) {
      const g = Math.floor(o / mg)
      const base = (bn * m + o) * oh * ow
      if (b) out.fill(b.data[o], base, base + oh * ow)
      for (let ic = 0; ic < cg; ic++) {
        const xc = (bn * c + g * cg + ic) * h * wd
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const wv = w.data[((o * cg + ic) * kh + ky) * kw + kx]
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy * sh - pt + ky * dh
              if (iy < 0 || iy >= h) continue
              for (let ox = 0; ox < ow; ox++) {
                const ix = ox * sw - pl + kx * dw
                if (ix >= 0 && ix < wd) out[base + oy * ow + ox] += wv * x.data[xc + iy * wd + ix]
              }
            }
          }
      }
    }
  return { shape: [n, m, oh, ow], data: out }
}

function perChannel(x: T64, f: (v: number, ch: number) => number): T64 {
  const [, c] = x.shape
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1)
  return { shape: x.shape, data: x.data.map((v, i) => f(v, Math.floor(i / inner) % c)) }
}

/** Runs the model on NHWC float32 input; returns the first output in float64. */
export function runOnnxF64(bytes: Uint8Array, input: Float32Array, shape: number[]): Float64Array {
  const g = decodeOnnxModel(bytes).graph!
  const vals = new Map<string, T64>()
  for (const t of g.initializer!) {
    const raw = t.rawData!
    const f32 = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
    vals.set(t.name!, { shape: t.dims!.map(Number), data: Float64Array.from(f32) })
  }
  vals.set(g.input![0].name!, { shape, data: Float64Array.from(input) })
  for (const node of g.node!) {
    const at = attrsOf(node)
    const ins = node.input!.map((name) => vals.get(name)!)
    const x = ins[0]
    let y: T64
    switch (node.opType) {
      case 'Transpose': {
        const [n, h, w, c] = x.shape
        const d = new Float64Array(x.data.length)
        for (let b = 0; b < n; b++)
          for (let i = 0; i < h * w; i++)
            for (let ch = 0; ch < c; ch++) d[(b * c + ch) * h * w + i] = x.data[(b * h * w + i) * c + ch]
        y = { shape: [n, c, h, w], data: d }
        break
      }
      case 'Conv':
        y = conv(x, ins[1], ins[2], at)
        break
      case 'BatchNormalization': {
        const [s, bias, mean, v] = ins.slice(1).map((t) => t.data)
        const eps = at.epsilon as number
        y = perChannel(x, (val, c) => ((val - mean[c]) / Math.sqrt(v[c] + eps)) * s[c] + bias[c])
        break
      }
      case 'Clip':
        y = { shape: x.shape, data: x.data.map((v) => Math.min(Math.max(v, ins[1].data[0]), ins[2].data[0])) }
        break
      case 'Relu':
        y = { shape: x.shape, data: x.data.map((v) => Math.max(v, 0)) }
        break
      case 'Add':
        y = { shape: x.shape, data: x.data.map((v, i) => v + ins[1].data[i]) }
        break
      case 'GlobalAveragePool': {
        const [n, c, h, w] = x.shape
        const d = new Float64Array(n * c)
        for (let i = 0; i < n * c; i++)
          for (let k = 0; k < h * w; k++) d[i] += x.data[i * h * w + k] / (h * w)
        y = { shape: [n, c, 1, 1], data: d }
        break
      }
      case 'Flatten':
        y = { shape: [x.shape[0], x.data.length / x.shape[0]], data: x.data }
        break
      case 'Identity':
        y = x
        break
      case 'Concat': {
        // Channel axis (1) only: what the exporter writes for Keras' Concatenate on feature maps.
        if (at.axis !== 1) throw new Error(`float64 reference: Concat on axis ${String(at.axis)}`)
        const [n, , h, w] = x.shape
        const hw = h * w
        const c = ins.reduce((a, t) => a + t.shape[1], 0)
        const d = new Float64Array(n * c * hw)
        for (let b = 0; b < n; b++) {
          let at0 = b * c * hw
          for (const t of ins) {
            const part = t.shape[1] * hw
            d.set(t.data.subarray(b * part, (b + 1) * part), at0)
            at0 += part
          }
        }
        y = { shape: [n, c, h, w], data: d }
        break
      }
      default:
        throw new Error(`float64 reference: no evaluation rule for operator ${node.opType}`)
    }
    vals.set(node.output![0], y)
  }
  return vals.get(g.output![0].name!)!.data
}
