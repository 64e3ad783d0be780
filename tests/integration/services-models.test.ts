import { afterAll, describe, expect, it } from 'vitest'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { serviceHarness, type ServiceHarness } from '../helpers/services'

const tmp = useTmpDirs()
const KERAS = sharedPath('fixtures/keras/seed_model_random.keras')

describe("the app's models:import call (service layer, contract-checked)", () => {
  let harness: ServiceHarness | undefined
  afterAll(() => harness?.close())

  it("imports the notebook's .keras model as a new version with its DenseNet121 backbone", async () => {
    const h = (harness = serviceHarness(tmp()))
    expect(await h.call('models:list')).toEqual([])
    const m = await h.call('models:import', { file: KERAS, name: 'notebook seed' })
    expect(m).toMatchObject({
      name: 'notebook seed',
      source: 'keras-import',
      classes: ['ALL', 'HEM'],
      featureDim: 1024,
      test: null
    })
    const list = await h.call('models:list')
    expect(list.map((v) => v.id)).toEqual([m.id])
    const backbones = await h.call('backbones:list')
    expect(backbones.map((b) => b.name)).toContain(m.backbone)
    // the same file again: a second version on the same backbone (the weights are not registered twice)
    const again = await h.call('models:import', { file: KERAS, classes: ['blast', 'normal'] })
    expect(again.id).not.toBe(m.id)
    expect(again.backbone).toBe(m.backbone)
    expect(again.classes).toEqual(['blast', 'normal'])
    expect(await h.call('backbones:list')).toHaveLength(backbones.length)
    expect(await h.call('models:list')).toHaveLength(2)
  }, 180_000)

  it('names the file and the problem for a bad model file, and for wrong class names, storing nothing', async () => {
    const h = serviceHarness(tmp())
    try {
      await expect(
        h.call('models:import', { file: sharedPath('fixtures/keras/golden.json') })
      ).rejects.toThrow(/golden\.json/)
      await expect(h.call('models:import', { file: KERAS, classes: ['only-one'] })).rejects.toThrow(
        /1 names; the model has 2 outputs/
      )
      await expect(h.call('models:import', { file: KERAS, classes: 'ALL' as never })).rejects.toThrow(
        /classes: must be a list/
      )
      expect(await h.call('models:list')).toEqual([])
    } finally {
      h.close()
    }
  }, 180_000)
})
