import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildDenseNet121, DENSENET121_PARAMS } from '../../src/main/core/engine/backbones/densenet121'
import { normalizeLayerName } from '../../src/main/core/engine/keras/assign'
import { flipHorizontal } from '../../src/main/core/engine/workers/extract-worker'
import { preprocessingKey } from '../../src/main/core/engine/backbones/spec'
import { tf } from '../../src/main/core/engine/tf'

describe('DenseNet121 built in code', () => {
  beforeAll(async () => {
    await initBackend('wasm')
  })

  it('runs on wasm, never on the pure-JS cpu backend', () => {
    expect(tf.getBackend()).toBe('wasm')
  })

  it('has the Keras parameter count, layer names and BatchNorm epsilon', () => {
    const m = buildDenseNet121()
    try {
      expect(m.countParams()).toBe(DENSENET121_PARAMS)
      const names = m.layers.map((l) => l.name)
      expect(names.slice(0, 7)).toEqual([
        'input_layer',
        'zero_padding2d',
        'conv1_conv',
        'conv1_bn',
        'conv1_relu',
        'zero_padding2d_1',
        'pool1'
      ])
      expect(names.slice(-3)).toEqual(['bn', 'relu', 'avg_pool'])
      expect(names).toHaveLength(428)
      expect(names).toContain('conv5_block16_concat')
      expect(names).toContain('pool4_pool')
      const bn = m.getLayer('conv3_block2_1_bn').getConfig()
      expect(bn.epsilon).toBeCloseTo(1.001e-5, 10)
      expect(m.getLayer('zero_padding2d').getConfig().padding).toEqual([
        [3, 3],
        [3, 3]
      ])
      expect(m.outputs[0].shape).toEqual([null, 1024])
      expect(m.layers.filter((l) => l.weights.length > 0)).toHaveLength(241)
    } finally {
      m.dispose()
    }
  })

  it('optionally also outputs the last 7×7×1024 feature map', () => {
    const m = buildDenseNet121({ featureMap: true })
    try {
      expect(m.outputs.map((o) => o.shape)).toEqual([
        [null, 1024],
        [null, 7, 7, 1024]
      ])
    } finally {
      m.dispose()
    }
  })
})

describe('helpers', () => {
  it('treats older Keras layer/weight names as the same layer', () => {
    expect(normalizeLayerName('conv1/conv')).toBe('conv1_conv')
    expect(normalizeLayerName('conv2_block1_0_bn')).toBe('conv2_block1_0_bn')
    expect(normalizeLayerName('kernel:0')).toBe('kernel')
  })

  it('flips an HWC image left to right', () => {
    // 2×2 RGB: pixel (y, x) has value 10*y + x in every channel.
    const img = Float32Array.from([0, 0, 0, 1, 1, 1, 10, 10, 10, 11, 11, 11])
    expect(Array.from(flipHorizontal(img, 2))).toEqual([1, 1, 1, 0, 0, 0, 11, 11, 11, 10, 10, 10])
  })

  it('keys features by every preprocessing field', () => {
    expect(preprocessingKey({ inputSize: 224, resize: 'nearest', normalize: 'torch' })).toBe(
      '224:nearest:torch'
    )
  })
})
