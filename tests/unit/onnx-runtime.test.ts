import { describe, expect, it } from 'vitest'
import { OnnxGraphBuilder } from '../../src/main/core/onnx/onnx-builder'
import { cudaProviderUnavailable, loadOrt, openOnnxSession } from '../../src/main/core/onnx/runtime'

/** A one-node graph (Relu over [N, 2]) to open sessions with. */
function tinyModel(): Uint8Array {
  const g = new OnnxGraphBuilder()
  const x = g.addInput('x', [null, 2])
  g.addOutput(g.addNode('Relu', [x], 'y')[0], [null, 2])
  return g.toBytes('tiny', 'test')
}

describe('ONNX Runtime providers', () => {
  it('says why the CUDA provider is not usable, naming the missing file or the missing GPU', () => {
    const why = cudaProviderUnavailable(undefined)
    expect(why).toBeTruthy()
    if (process.platform === 'linux' && process.arch === 'x64') {
      // Either the provider library was never installed (npm's install script is off) or no GPU answers.
      expect(why).toMatch(
        /libonnxruntime_providers_cuda\.so is not installed.*ONNXRUNTIME_NODE_INSTALL=cuda12|no CUDA GPU/
      )
    }
  })

  it('a forced CUDA provider that cannot start is an error; auto falls back to the CPU and says why', async () => {
    if (!cudaProviderUnavailable(undefined)) return // a machine with CUDA: nothing to refuse
    await expect(openOnnxSession(tinyModel(), { provider: 'cuda' })).rejects.toThrow(
      /CUDA was forced but cannot be used/
    )
    const s = await openOnnxSession(tinyModel(), { provider: 'auto' })
    expect(s.provider).toBe('cpu')
    expect(s.cudaWhy).toBeTruthy()
    const ort = loadOrt()
    const out = await s.session.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 2), [1, 2]) })
    expect(Array.from(out.y.data as Float32Array)).toEqual([0, 2])
    await s.session.release()
  })
})
