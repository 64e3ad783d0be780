import type { BackendChoice } from '../../../shared/contract'
import type { BackendInfo } from '../../../shared/types/engine'

/**
 * What runs the frozen backbones (scans, feature extraction, Grad-CAM's forward pass), in one line for Home.
 * TF.js always runs head training and Grad-CAM's gradient; ONNX Runtime takes the backbones when it loads,
 * unless Settings forces a TF.js backend. Mirrors the engine's rule (core/onnx/runner-selector.ts).
 */
export function backboneEngine(b: BackendInfo, choice: BackendChoice): string {
  const tfjs = `TF.js ${b.name}`
  if (choice !== 'auto' && choice !== 'onnxruntime') return `${tfjs} (chosen in Settings)`
  const onnx = b.onnx
  if (!onnx?.available) return onnx?.why ? `${tfjs} — ONNX Runtime cannot load: ${onnx.why}` : tfjs
  const count = (states: string[]): number => onnx.backbones.filter((x) => states.includes(x.state)).length
  const parts = [
    count(['ready']) && `${count(['ready'])} ready`,
    count(['missing', 'stale', 'corrupt']) &&
      `${count(['missing', 'stale', 'corrupt'])} exported on first use`,
    count(['unsupported']) && `${count(['unsupported'])} not exportable, on ${tfjs}`
  ].filter(Boolean)
  return `ONNX Runtime ${onnx.version ?? ''} (${onnx.providers[0] ?? 'cpu'})${parts.length ? ` · backbones: ${parts.join(', ')}` : ''}`
}
