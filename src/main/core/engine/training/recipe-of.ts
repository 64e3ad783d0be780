/**
 * The recipe a model version was trained with, read back from its stored hyperparameters (versions keep the
 * numbers, not the recipe's name): `models list` shows it. No TF.js here, so listing models stays fast.
 */
import type { TrainHyperparameters } from '../../../../shared/types/training'
import { PUBLISHED_HYPERPARAMETERS } from './published'
import { RECIPE_NAMES, RECIPES } from './recipes'

/** What a recipe decides (the seed and the epoch limit are a run's own, not the recipe's). */
const RECIPE_KEYS = ['classWeight', 'flip', 'monitor', 'batchSize', 'learningRate'] as const

/**
 * "balanced-flip", or "published + monitor notebook" when a run changed what its recipe decides; "—" for a version
 * without hyperparameters (imported).
 */
export function recipeOf(h: TrainHyperparameters | null | undefined): string {
  if (!h) return '—'
  const diff = (name: (typeof RECIPE_NAMES)[number]) => {
    const want: Partial<TrainHyperparameters> = { ...PUBLISHED_HYPERPARAMETERS, ...RECIPES[name] }
    // A linear head is written into layers of its own size: its shape is the recipe's, not a change of it.
    const sameHead = h.linear || JSON.stringify(h.head) === JSON.stringify(PUBLISHED_HYPERPARAMETERS.head)
    const head = sameHead ? [] : ['head']
    // A linear head (logistic regression) or the published dense head, and its L2 strength.
    const linear =
      JSON.stringify(h.linear ?? null) === JSON.stringify(want.linear ?? null)
        ? []
        : [h.linear ? `linear l2 ${h.linear.l2}` : 'dense head']
    return [
      ...RECIPE_KEYS.filter((k) => h[k] !== want[k]).map((k) => `${k} ${String(h[k])}`),
      ...head,
      ...linear
    ]
  }
  // A linear head is nearest a linear recipe whatever its strength; then the fewest differences.
  const kind = (name: (typeof RECIPE_NAMES)[number]) =>
    Number(Boolean(h.linear) !== 'linear' in RECIPES[name])
  const best = RECIPE_NAMES.map((name) => ({ name, diff: diff(name), kind: kind(name) })).sort(
    (a, b) => a.kind - b.kind || a.diff.length - b.diff.length
  )[0]
  return best.diff.length ? `${best.name} + ${best.diff.join(', ')}` : best.name
}
