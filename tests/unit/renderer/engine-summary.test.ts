import { describe, expect, it } from 'vitest'
import { backboneEngine } from '../../../src/renderer/src/logic/engine-summary'
import type { BackendInfo } from '../../../src/shared/types/engine'

const wasm: BackendInfo = {
  name: 'wasm',
  version: '4.22.0',
  threads: 1,
  workers: 2,
  chosenBy: 'auto',
  unavailable: []
}
const onnx = (backbones: NonNullable<BackendInfo['onnx']>['backbones']): BackendInfo => ({
  ...wasm,
  onnx: { available: true, version: '1.30.0', providers: ['cpu'], backbones }
})

describe('Home: what runs the backbones', () => {
  it('names ONNX Runtime with its backbones, counted by state', () => {
    const b = onnx([
      { name: 'densenet121', state: 'ready', featureMap: true },
      { name: 'old', state: 'stale', why: 'exported by exporter v1' },
      { name: 'odd', state: 'unsupported', why: 'Lambda layer' }
    ])
    expect(backboneEngine(b, 'auto')).toBe(
      'ONNX Runtime 1.30.0 (cpu) · backbones: 1 ready, 1 exported on first use, 1 not exportable, on TF.js wasm'
    )
    expect(backboneEngine(b, 'onnxruntime')).toMatch(/^ONNX Runtime/)
  })

  it('names TF.js when Settings forces it, or when ONNX Runtime cannot load (with why)', () => {
    expect(backboneEngine(onnx([{ name: 'd', state: 'ready' }]), 'wasm')).toBe(
      'TF.js wasm (chosen in Settings)'
    )
    const broken: BackendInfo = {
      ...wasm,
      onnx: { available: false, providers: [], why: 'binding failed', backbones: [] }
    }
    expect(backboneEngine(broken, 'auto')).toBe('TF.js wasm — ONNX Runtime cannot load: binding failed')
    expect(backboneEngine(wasm, 'auto')).toBe('TF.js wasm')
  })
})
