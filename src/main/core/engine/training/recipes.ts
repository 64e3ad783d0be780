/**
 * Named training recipes: the published head's hyperparameters plus what a recipe changes. `published` is the
 * notebook's recipe (parity-tested); the default is the one chosen on the forward split, for transfer to the
 * patients after the training data (README, "Default recipe", `npm run bench:forward`). Explicit flags override
 * a recipe's values.
 */
import type { TrainHyperparameters } from '../../../../shared/types/training'

/**
 * The logistic recipe's strength: the strongest of the flat stretch 0.001–0.01 on the forward split (validation
 * and test balanced accuracy within 0.01 across it, falling from 0.03), because later patients differ more than
 * the newest files of the same set do (README, "Default recipe").
 */
export const LOGISTIC_L2 = 0.01

export const RECIPES = {
  published: {},
  balanced: { classWeight: 'balanced' },
  flip: { flip: true },
  'balanced-flip': { classWeight: 'balanced', flip: true },
  /** Class-balanced L2 logistic regression on standardised features with flipped copies (linear-head.ts). */
  logistic: { classWeight: 'balanced', flip: true, linear: { l2: LOGISTIC_L2 } }
} as const satisfies Record<string, Partial<TrainHyperparameters>>

export type RecipeName = keyof typeof RECIPES
export const RECIPE_NAMES = Object.keys(RECIPES) as RecipeName[]

/** Measured (README, "Default recipe"). */
export const DEFAULT_RECIPE: RecipeName = 'logistic'

export function recipeHyper(name: string): Partial<TrainHyperparameters> {
  if (!(name in RECIPES)) throw new RangeError(`unknown recipe "${name}" (known: ${RECIPE_NAMES.join(', ')})`)
  return RECIPES[name as RecipeName]
}
