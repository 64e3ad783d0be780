/**
 * Plain data of a local validation study (core/validation/study.ts) as the window gets it. No Node or Electron
 * imports here.
 */
import { z } from 'zod'

const Interval = { low: z.number(), high: z.number() }
/** k of n as a fraction (NaN when n is 0) with its 95% Wilson interval. */
export const RateView = z.object({ k: z.number(), n: z.number(), value: z.number(), ...Interval })

const Withheld = z.object({ withheld: z.string() })

export const KappaView = z.object({
  kappa: z.number(),
  observed: z.number(),
  expected: z.number(),
  se: z.number(),
  seNull: z.number(),
  z: z.number(),
  n: z.number(),
  ...Interval
})

export const CellAgreementView = z.object({
  cells: z.number(),
  classes: z.array(z.string()),
  table: z.array(z.array(z.number())),
  overall: RateView,
  perClass: z.array(z.object({ cls: z.string(), agreed: RateView, calledByModel: z.number() })),
  kappa: z.union([KappaView, Withheld]),
  blasts: z.object({
    positive: z.string(),
    truePositive: z.number(),
    falseNegative: z.number(),
    trueNegative: z.number(),
    falsePositive: z.number(),
    sensitivity: RateView,
    specificity: RateView
  })
})

const IntervalView = z.object(Interval)

export const MethodComparisonView = z.union([
  z.object({
    blandAltman: z.object({
      n: z.number(),
      bias: z.number(),
      sd: z.number(),
      biasCi: IntervalView,
      lower: z.number(),
      upper: z.number(),
      lowerCi: IntervalView,
      upperCi: IntervalView,
      k: z.number()
    }),
    passingBablok: z.union([
      z.object({
        n: z.number(),
        slopes: z.number(),
        shift: z.number(),
        slope: z.number(),
        intercept: z.number(),
        slopeCi: IntervalView,
        interceptCi: IntervalView
      }),
      Withheld
    ])
  }),
  Withheld
])

export const ValidationStudyView = z.object({
  blastClass: z.string(),
  agreement: CellAgreementView.nullable(),
  sampleReference: z.enum(['cells', 'manual counts']),
  samples: z.array(z.object({ sample: z.string(), cells: z.number(), test: RateView, reference: RateView })),
  methods: MethodComparisonView,
  header: z.object({
    scanId: z.number(),
    folder: z.string(),
    modelId: z.string(),
    referenceSource: z.string(),
    classified: z.number(),
    withoutReference: z.number(),
    generatedAt: z.string(),
    caveat: z.string().optional()
  })
})
export type ValidationStudyView = z.infer<typeof ValidationStudyView>
