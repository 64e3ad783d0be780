/**
 * Named training recipes: the published head's hyperparameters plus what a recipe changes. `published` is the
 * notebook's recipe (parity-tested); the default is the one that scored best under the leak-free block split
 * (README, "Default recipe", `npm run bench:recipes`). Explicit flags override a recipe's values.
 */
import type { TrainHyperparameters } from '../../../../shared/types/training'

export const RECIPES = {
  published: {},
  balanced: { classWeight: 'balanced' },
  flip: { flip: true },
  'balanced-flip': { classWeight: 'balanced', flip: true }
} as const satisfies Record<string, Partial<TrainHyperparameters>>

export type RecipeName = keyof typeof RECIPES
export const RECIPE_NAMES = Object.keys(RECIPES) as RecipeName[]

/** Measured (README, "Default recipe"). */
export const DEFAULT_RECIPE: RecipeName = 'balanced-flip'

export function recipeHyper(name: string): Partial<TrainHyperparameters> {
  if (!(name in RECIPES)) throw new RangeError(`unknown recipe "${name}" (known: ${RECIPE_NAMES.join(', ')})`)
  return RECIPES[name as RecipeName]
}
