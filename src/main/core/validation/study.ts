/**
 * A local validation study (ICSH-style analyser evaluation) from paired classes: the model's class for each cell
 * against the lab's reference. Agreement per class and overall, Cohen's kappa, sensitivity and specificity for
 * blasts, and per sample the blast percentage by the model against the reference, compared with Bland–Altman and
 * Passing–Bablok. Every figure carries its count and 95% interval; a comparison with too few samples is withheld
 * with the reason. Pure: items in, figures out.
 */
import { cohenKappa, type KappaResult } from '../stats/kappa'
import { detection, rate, type Detection, type Rate } from '../stats/binary'
import { blandAltman, type BlandAltman } from '../stats/bland-altman'
import { passingBablok, type PassingBablok } from '../stats/passing-bablok'

export interface StudyItem {
  path: string
  sample: string
  /** The model's class. */
  test: string
  reference: string
}

export interface SampleComparison {
  sample: string
  cells: number
  test: Rate
  reference: Rate
}

export interface ValidationStudy {
  cells: number
  classes: string[]
  blastClass: string
  /** `table[i][j]`: cells of reference class i the model called class j. */
  table: number[][]
  overall: Rate
  perClass: { cls: string; agreed: Rate; calledByModel: number }[]
  kappa: KappaResult | { withheld: string }
  blasts: Detection
  samples: SampleComparison[]
  methods: { blandAltman: BlandAltman; passingBablok: PassingBablok } | { withheld: string }
}

/** Per-sample comparisons need at least this many samples: limits of agreement from fewer mean little. */
export const MIN_SAMPLES = 3

export function validationStudy(items: readonly StudyItem[], blastClass: string): ValidationStudy {
  if (!items.length) throw new Error('no cell has both a model class and a reference class')
  const classes = [...new Set(items.flatMap((i) => [i.reference, i.test]))].sort()
  const index = new Map(classes.map((c, i) => [c, i]))
  const table = classes.map(() => classes.map(() => 0))
  for (const it of items) table[index.get(it.reference)!][index.get(it.test)!]++
  const agreed = items.filter((i) => i.test === i.reference).length
  const perClass = classes.map((cls, i) => ({
    cls,
    agreed: rate(
      table[i][i],
      table[i].reduce((s, v) => s + v, 0)
    ),
    calledByModel: table.reduce((s, row) => s + row[i], 0)
  }))
  let kappa: ValidationStudy['kappa']
  if (classes.length < 2) kappa = { withheld: `every cell is ${classes[0]}: kappa needs two classes` }
  else kappa = cohenKappa(table)
  const samples = sampleComparisons(items, blastClass)
  return {
    cells: items.length,
    classes,
    blastClass,
    table,
    overall: rate(agreed, items.length),
    perClass,
    kappa,
    blasts: detection(items, blastClass),
    samples,
    methods: compareMethods(samples)
  }
}

function sampleComparisons(items: readonly StudyItem[], blastClass: string): SampleComparison[] {
  const groups = new Map<string, StudyItem[]>()
  for (const it of items) groups.set(it.sample, [...(groups.get(it.sample) ?? []), it])
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sample, list]) => ({
      sample,
      cells: list.length,
      test: rate(list.filter((i) => i.test === blastClass).length, list.length),
      reference: rate(list.filter((i) => i.reference === blastClass).length, list.length)
    }))
}

function compareMethods(samples: readonly SampleComparison[]): ValidationStudy['methods'] {
  if (samples.length < MIN_SAMPLES)
    return {
      withheld: `${samples.length} sample(s): Bland–Altman and Passing–Bablok need at least ${MIN_SAMPLES} samples`
    }
  const test = samples.map((s) => 100 * s.test.value)
  const reference = samples.map((s) => 100 * s.reference.value)
  try {
    return { blandAltman: blandAltman(test, reference), passingBablok: passingBablok(reference, test) }
  } catch (err) {
    return { withheld: (err as Error).message }
  }
}
