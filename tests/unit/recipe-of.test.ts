import { describe, expect, it } from 'vitest'
import { recipeOf } from '../../src/main/core/engine/training/recipe-of'
import { PUBLISHED_HYPERPARAMETERS } from '../../src/main/core/engine/training/published'
import { RECIPES } from '../../src/main/core/engine/training/recipes'

/** `models list` names the recipe a version was trained with, read back from its stored hyperparameters. */
describe('recipe of a model version', () => {
  const with_ = (r: object) => ({ ...PUBLISHED_HYPERPARAMETERS, ...r, seed: 7, epochs: 12 })
  it('names each recipe, the seed and the epoch limit aside', () => {
    for (const [name, r] of Object.entries(RECIPES)) expect(recipeOf(with_(r))).toBe(name)
  })
  it('says what a run changed from the nearest recipe, and — without hyperparameters', () => {
    expect(recipeOf(with_({ monitor: 'notebook' }))).toBe('published + monitor notebook')
    expect(recipeOf(with_({ ...RECIPES.logistic, linear: { l2: 0.5 } }))).toBe('logistic + linear l2 0.5')
    // As train stores it: the linear head's own layer sizes are part of the recipe, not a change of it.
    const linearHead = { units: 4, l2: 0, dropout: 0, bnMomentum: 0.99, bnEpsilon: 0.001 }
    expect(recipeOf(with_({ ...RECIPES.logistic, head: linearHead }))).toBe('logistic')
    expect(recipeOf(null)).toBe('—')
  })
})
