import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import type { BackboneSpec } from '../../src/main/core/engine/backbones/spec'
import { chooseRunner } from '../../src/main/core/engine/runners'
import { tf } from '../../src/main/core/engine/tf'
import {
  ensureOnnxExport,
  ONNX_FILE,
  ONNX_META_FILE,
  onnxExportState,
  sha256File
} from '../../src/main/core/onnx/backbone-export'
import { onnxRunnerSelector } from '../../src/main/core/onnx/runner-selector'
import { onnxRuntimeStatus } from '../../src/main/core/onnx/status'
import { createRunner } from '../../src/main/core/onnx/worker-runner'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { saveLayersModel } from '../helpers/layers-model'

const PREP = { inputSize: 224, resize: 'antialias', normalize: 'tf' } as const

/** A copy of the shared MobileNetV2 in a fresh folder, as `backbone add` leaves it in the data directory. */
function mobilenetSpec(dir: string): BackboneSpec {
  for (const f of ['model.json', 'weights.bin'])
    copyFileSync(sharedPath('models/mobilenet-v2-0.35-imagenet', f), join(dir, f))
  return {
    name: 'mobilenet',
    kind: 'tfjs-layers',
    dir,
    entry: 'model.json',
    preprocessing: PREP,
    featureDim: 1280
  }
}

/** A small TF.js layers model with a layer the exporter does not know (UpSampling2D), saved as files. */
async function unsupportedSpec(dir: string): Promise<BackboneSpec> {
  const input = tf.input({ shape: [32, 32, 3] })
  const up = tf.layers.upSampling2d({ size: [2, 2], name: 'upsample' }).apply(input) as tf.SymbolicTensor
  const conv = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      name: 'conv',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 })
    })
    .apply(up)
  const model = tf.model({
    inputs: input,
    outputs: tf.layers.globalAveragePooling2d({}).apply(conv) as tf.SymbolicTensor
  })
  await saveLayersModel(model, dir)
  model.dispose()
  return {
    name: 'upsampler',
    kind: 'tfjs-layers',
    dir,
    entry: 'model.json',
    preprocessing: { ...PREP, inputSize: 32 },
    featureDim: 4
  }
}

describe('ONNX export stored beside the backbone', () => {
  const tmp = useTmpDirs()
  let before = 0
  beforeAll(async () => {
    await initBackend('wasm')
    before = tf.memory().numTensors
  })
  afterAll(() => expect(tf.memory().numTensors).toBe(before))

  it('exports once with its sha256, reuses it, and re-exports a missing or corrupt file', async () => {
    const spec = mobilenetSpec(tmp())
    expect(onnxExportState(spec).state).toBe('missing')
    const first = await ensureOnnxExport(spec)
    expect(first.state).toBe('ready')
    if (first.state !== 'ready') return
    expect(first.meta.sha256).toBe(sha256File(join(spec.dir, ONNX_FILE)))
    expect(first.meta.opCounts?.Transpose).toBe(1)
    expect(first.meta.featureMapShape).toEqual([1280, 7, 7]) // Grad-CAM's forward pass, NCHW
    const written = statSync(join(spec.dir, ONNX_FILE)).mtimeMs
    await ensureOnnxExport(spec) // valid: not rewritten
    expect(statSync(join(spec.dir, ONNX_FILE)).mtimeMs).toBe(written)

    const bytes = readFileSync(join(spec.dir, ONNX_FILE))
    bytes[bytes.length >> 1] ^= 0xff
    writeFileSync(join(spec.dir, ONNX_FILE), bytes)
    expect(onnxExportState(spec)).toMatchObject({
      state: 'corrupt',
      why: expect.stringMatching(/does not match its sha256/)
    })
    expect((await ensureOnnxExport(spec)).state).toBe('ready')

    rmSync(join(spec.dir, ONNX_FILE))
    expect(onnxExportState(spec).state).toBe('missing')
    expect((await ensureOnnxExport(spec)).state).toBe('ready')

    // New weights under the same name make the export stale.
    const weights = readFileSync(join(spec.dir, 'weights.bin'))
    weights[0] ^= 0x01
    writeFileSync(join(spec.dir, 'weights.bin'), weights)
    expect(onnxExportState(spec)).toMatchObject({
      state: 'stale',
      why: expect.stringMatching(/files changed/)
    })
  })

  it('the engine picks ONNX Runtime for an exportable backbone, and its worker runner computes features', async () => {
    const spec = mobilenetSpec(tmp())
    const choice = await chooseRunner(spec) // the engine's runner list: ONNX Runtime first
    expect(choice).toMatchObject({ runner: 'onnx', backend: 'onnxruntime', workers: 1 })
    expect(onnxExportState(spec).state).toBe('ready') // exported lazily on first use
    const runner = await createRunner(spec, { backend: 'onnxruntime' })
    expect(runner.info.name).toBe('onnxruntime')
    expect(runner.featureDim).toBe(1280)
    const out = await runner.run(new Float32Array(3 * 224 * 224 * 3).fill(0.25), 3)
    expect(out.length).toBe(3 * 1280)
    expect(out.subarray(0, 1280)).toEqual(out.subarray(1280, 2560)) // same image, same features
    runner.dispose()
    // Forcing a TF.js backend skips ONNX Runtime (the configuration's choice, passed down: flag, variable or setting).
    await expect(onnxRunnerSelector(spec, 'wasm')).resolves.toBeUndefined()
    expect(await chooseRunner(spec, { backend: 'wasm' })).toMatchObject({ runner: 'tfjs', backend: 'wasm' })
    expect(await chooseRunner(spec, { backend: 'onnxruntime' })).toMatchObject({
      runner: 'onnx',
      info: { chosenBy: 'forced' }
    })
  })

  it('a backbone with an unknown layer stays on TF.js, and doctor can say which layer', async () => {
    const spec = await unsupportedSpec(tmp())
    const state = await ensureOnnxExport(spec)
    expect(state.state).toBe('unsupported')
    expect(JSON.parse(readFileSync(join(spec.dir, ONNX_META_FILE), 'utf8')).unsupported).toEqual([
      { name: 'upsample', className: 'UpSampling2D', reason: expect.any(String) }
    ])
    await expect(onnxRunnerSelector(spec)).resolves.toBeUndefined()
    await expect(onnxRunnerSelector(spec, 'onnxruntime')).rejects.toThrow(/onnxruntime was forced.*upsample/)
    const choice = await chooseRunner(spec)
    expect(choice.runner).toBe('tfjs')

    const status = onnxRuntimeStatus([spec], undefined)
    // Why ONNX Runtime stepped aside, as doctor shows it.
    expect(status.backbones[0]).toMatchObject({
      state: 'unsupported',
      why: expect.stringMatching(/upsample \(UpSampling2D/)
    })
    expect(status.available).toBe(true)
    expect(status.providers).toEqual(['cpu'])
    expect(status.cudaWhy).toBeTruthy()
    expect(status.backbones).toEqual([
      { name: 'upsampler', state: 'unsupported', why: expect.stringMatching(/upsample/) }
    ])
  })
})
