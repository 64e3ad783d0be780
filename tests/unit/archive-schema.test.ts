import { describe, expect, it } from 'vitest'
import { preprocessingSchema } from '../../src/main/core/engine/models/archive-schema'

describe("a model archive's preprocessing", () => {
  it('keeps the crop style a version was trained with (plain crops stay plain after export and import)', () => {
    const p = { inputSize: 224, resize: 'antialias', normalize: 'tf', cropStyle: 'plain' }
    expect(preprocessingSchema.parse(p)).toEqual(p)
    // Archives written before whole-field scans carry none.
    expect(
      preprocessingSchema.parse({ inputSize: 224, resize: 'nearest', normalize: 'torch' })
    ).not.toHaveProperty('cropStyle')
    expect(() => preprocessingSchema.parse({ ...p, cropStyle: 'sideways' })).toThrow()
  })
})
