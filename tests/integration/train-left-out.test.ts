import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { putFeatures } from '../../src/main/core/db/queries/features'
import { featureScopes } from '../../src/main/core/engine/features/extract'
import { formatLeftOut } from '../../src/main/core/engine/metrics/format'
import {
  labelIndex,
  labelledImages,
  splitFeatures
} from '../../src/main/core/engine/training/dataset-features'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'
import { writeClassPngs } from '../helpers/class-pngs'
import { sharedPath } from '../helpers/shared'
import { insertToyBackbone } from '../helpers/toy-registry'

/**
 * A test image whose features could not be extracted (a file unreadable at extraction) is left out of the test
 * metrics; training's report names it instead of dropping it silently.
 */
const tmp = useTmpDirs()
let h: ServiceHarness | undefined
afterEach(() => h?.close())

describe('test images without stored features', () => {
  it('are named by path in what train prints', async () => {
    h = serviceHarness(tmp())
    const folder = tmp()
    await writeClassPngs(folder, { ALL: 12, HEM: 12 })
    await h.call('datasets:import', { jobId: 'imp', folder, name: 'd' })
    await h.call('datasets:split', { name: 'd', seed: 1 })
    await insertToyBackbone(h.ctx.store)

    const images = await labelledImages(h.ctx.store.k, 'd')
    const tests = images.filter((i) => i.split === 'test')
    expect(tests.length).toBeGreaterThan(1)
    const unreadable = tests[0]
    // Every image has its vector except one test image (as when its file failed at extraction).
    await putFeatures(
      h.ctx.store.k,
      (await featureScopes(h.ctx.store, 'toy')).plain,
      images
        .filter((i) => i !== unreadable)
        .map((i) => ({ imageSha256: i.sha256, vector: new Float32Array(8) }))
    )
    const index = labelIndex(['ALL', 'HEM'], ['ALL', 'HEM'], 'd')
    const test = await splitFeatures(h.ctx.store, 'toy', images, 'test', index)
    expect(test.labels.length).toBe(tests.length - 1)
    expect(test.missingPaths).toEqual([unreadable.path])
    expect(unreadable.path).toMatch(/^(ALL|HEM)\/\d+\.png$/)

    const line = formatLeftOut({ train: 0, val: 0, test: 1, testPaths: test.missingPaths }, 'd')
    expect(line).toBe(
      `1 test image(s) of d have no stored features (unreadable at extraction) and are not in the test metrics: ${unreadable.path}`
    )
  })

  it("are named in the app's training result when their file became unreadable", async () => {
    h = serviceHarness(tmp())
    const folder = tmp()
    // Enough training rows for the unfamiliar-image detector (k = 10 neighbours).
    await writeClassPngs(folder, { ALL: 24, HEM: 24 })
    await h.call('datasets:import', { jobId: 'imp', folder, name: 'd' })
    await h.call('datasets:split', { name: 'd', seed: 1 })
    await h.call('backbones:add', {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet/model.json'),
      name: 'mobilenet',
      normalize: 'tf',
      inputSize: 224
    })
    const gone = (await labelledImages(h.ctx.store.k, 'd')).find((i) => i.split === 'test')!
    // Damaged after import: extraction cannot read it, so it has no features when training starts.
    writeFileSync(join(folder, gone.path), 'not a png any more')
    const r = await h.call('training:start', {
      jobId: 'train',
      options: { dataset: 'd', backbone: 'mobilenet', epochs: 2, seed: 1 }
    })
    expect(r.leftOut).toEqual({ train: 0, val: 0, test: 1, testPaths: [gone.path] })
  }, 240_000)

  it('says how many more when there are many, and counts the other splits; nothing when none is left out', () => {
    const paths = Array.from({ length: 23 }, (_, i) => `x/${i}.bmp`)
    const text = formatLeftOut({ train: 2, val: 1, test: 23, testPaths: paths }, 'd')
    expect(text).toMatch(/^23 test image\(s\) of d .*: x\/0\.bmp, .*x\/19\.bmp and 3 more\n/)
    expect(text).toMatch(/left out of training for the same reason: 2 train and 1 validation image\(s\)$/)
    expect(formatLeftOut({ train: 0, val: 0, test: 0, testPaths: [] }, 'd')).toBe('')
  })
})
