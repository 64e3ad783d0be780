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

/** Cell by cell: the model's class against the reference class of the same cell. */
export interface CellAgreement {
  cells: number
  classes: string[]
  /** `table[i][j]`: cells of reference class i the model called class j. */
  table: number[][]
  overall: Rate
  perClass: { cls: string; agreed: Rate; calledByModel: number }[]
  kappa: KappaResult | { withheld: string }
  blasts: Detection
}

export type MethodComparison =
  { blandAltman: BlandAltman; passingBablok: PassingBablok | { withheld: string } } | { withheld: string }

export interface ValidationStudy {
  blastClass: string
  /** Null when the reference is per-sample counts only (a manual differential per slide). */
  agreement: CellAgreement | null
  /** Where the per-sample reference share comes from: the reference classes of the cells, or manual counts. */
  sampleReference: 'cells' | 'manual counts'
  samples: SampleComparison[]
  methods: MethodComparison
}

/** A manual differential of one sample: cells counted and blasts among them. */
export interface ManualCount {
  sample: string
  cells: number
  blasts: number
}

/** Per-sample comparisons need at least this many samples: limits of agreement from fewer mean little. */
export const MIN_SAMPLES = 3

/**
 * The study from cell pairs (`items`) and, when given, manual counts per sample: with manual counts the per-sample
 * comparison is the model's share (its own answers, before review) over every classified cell of the sample
 * (`modelSamples`) against the count.
 */
export function validationStudy(
  items: readonly StudyItem[],
  blastClass: string,
  manual?: { counts: readonly ManualCount[]; modelSamples: readonly ManualCount[] }
): ValidationStudy {
  const samples = manual
    ? manualComparisons(manual.counts, manual.modelSamples)
    : sampleComparisons(items, blastClass)
  return {
    blastClass,
    agreement: items.length ? cellAgreement(items, blastClass) : null,
    sampleReference: manual ? 'manual counts' : 'cells',
    samples,
    methods: compareMethods(samples)
  }
}

function cellAgreement(items: readonly StudyItem[], blastClass: string): CellAgreement {
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
  let kappa: CellAgreement['kappa']
  const referenceClasses = new Set(items.map((i) => i.reference))
  const modelClasses = new Set(items.map((i) => i.test))
  if (classes.length < 2) kappa = { withheld: `every cell is ${classes[0]}: kappa needs two classes` }
  else if (referenceClasses.size < 2 || modelClasses.size < 2)
    // with one class on either side, chance agreement equals observed agreement and kappa is 0 by construction
    kappa = {
      withheld: `the ${referenceClasses.size < 2 ? 'reference' : 'model'} gives every compared cell one class (${[...(referenceClasses.size < 2 ? referenceClasses : modelClasses)][0]}): kappa needs two classes on each side`
    }
  else kappa = cohenKappa(table)
  return {
    cells: items.length,
    classes,
    table,
    overall: rate(agreed, items.length),
    perClass,
    kappa,
    blasts: detection(items, blastClass)
  }
}

/** Samples in both the manual counts and the scan; a sample in only one of them is left out. */
function manualComparisons(
  counts: readonly ManualCount[],
  modelSamples: readonly ManualCount[]
): SampleComparison[] {
  const model = new Map(modelSamples.map((m) => [m.sample, m]))
  return counts
    .filter((c) => model.has(c.sample) && model.get(c.sample)!.cells > 0)
    .map((c) => {
      const m = model.get(c.sample)!
      return {
        sample: c.sample,
        cells: m.cells,
        test: rate(m.blasts, m.cells),
        reference: rate(c.blasts, c.cells)
      }
    })
    .sort((a, b) => (a.sample < b.sample ? -1 : a.sample > b.sample ? 1 : 0))
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

function compareMethods(samples: readonly SampleComparison[]): MethodComparison {
  if (samples.length < MIN_SAMPLES)
    return {
      withheld: `${samples.length} sample(s): Bland–Altman and Passing–Bablok need at least ${MIN_SAMPLES} samples`
    }
  const test = samples.map((s) => 100 * s.test.value)
  const reference = samples.map((s) => 100 * s.reference.value)
  try {
    const pb = passingBablok(reference, test)
    // All reference shares alike (or nearly): every pairwise slope is vertical, and no line can be fitted.
    const fitted = Number.isFinite(pb.slope)
      ? pb
      : {
          withheld: `the reference shares do not differ enough between samples for a regression (${new Set(reference).size} distinct value(s))`
        }
    return { blandAltman: blandAltman(test, reference), passingBablok: fitted }
  } catch (err) {
    return { withheld: (err as Error).message }
  }
}
