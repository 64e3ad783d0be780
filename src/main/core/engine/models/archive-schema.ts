/**
 * What a model archive may say about itself (`leukolens-model.json`), as zod schemas. An archive is a file from
 * somewhere else: every field the engine uses is checked for its type and its range before anything is stored —
 * an input size of 30000 would make every scan decode at 30000² pixels, a class name with ANSI or HTML escapes
 * would reach the terminal and the reports, a threshold of 7 would flag nothing.
 *
 * Unknown extra fields pass through unchanged (a newer exporter may add some); each known one is checked.
 */
import { z } from 'zod'
import { ModelTrust } from '../../../../shared/types/trust'

/** Printable text of bounded length with no control characters (C0, DEL, C1: ANSI escapes start with one). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
export const plainName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters')

/** Class names end up in file names, CSV columns, HTML reports and terminal lines: letters, digits and `_ - . +` only. */
export const className = z
  .string()
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}_.+-]{0,39}$/u,
    'class names are 1–40 letters, digits or _ . + - (starting with a letter or digit)'
  )

const finite = z.number({ error: 'must be a finite number' })
/** JSON writes NaN (a metric of a class never predicted) as null. */
const metric = finite.nullable()
const probability = finite.min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]')
const count = z.number().int().min(0)

export const preprocessingSchema = z.object({
  inputSize: z
    .number()
    .int()
    .min(32, 'input size must be 32–1024 pixels')
    .max(1024, 'input size must be 32–1024 pixels'),
  resize: z.enum(['nearest', 'antialias']),
  normalize: z.enum(['torch', 'tf']),
  // How cells cut from whole fields are cropped for this model; older archives have none (masked).
  cropStyle: z.enum(['masked', 'plain']).optional()
})

const classMetricsSchema = z.looseObject({
  name: className,
  precision: metric,
  recall: metric,
  f1: metric,
  support: count
})

const rocSchema = z.looseObject({
  fpr: z.array(probability),
  tpr: z.array(probability),
  thresholds: z.array(finite)
})

const classificationMetricsSchema = z.looseObject({
  classes: z.array(className).max(100),
  confusion: z.array(z.array(count)),
  perClass: z.array(classMetricsSchema),
  accuracy: metric,
  weightedF1: metric,
  balancedAccuracy: metric,
  rocAuc: metric.optional(),
  roc: rocSchema.optional(),
  count
})

const thresholdSchema = z.looseObject({
  positiveClass: className,
  value: probability,
  rule: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('argmax') }),
    z.looseObject({ kind: z.literal('max-balanced-accuracy') }),
    z.looseObject({ kind: z.literal('target-sensitivity'), target: probability, reached: metric }),
    z.looseObject({ kind: z.literal('target-specificity'), target: probability, reached: metric })
  ]),
  validation: z.looseObject({ balancedAccuracy: metric, sensitivity: metric, specificity: metric })
})

const epochSchema = z.looseObject({
  epoch: z.number().int().min(1),
  loss: metric,
  accuracy: metric,
  valLoss: metric,
  valAccuracy: metric,
  learningRate: metric,
  seconds: metric
})

/**
 * The trust profile as an archive may carry it: every number the scan uses has its range. A temperature of -1
 * inverts every prediction and 0 divides by zero; a flag threshold outside [0, 1] flags everything or nothing; the
 * detector's dimensions decide how much memory a scan takes (the feature size is checked against them on import).
 */
const share = probability
const size = z.number().int().min(1, 'must be at least 1').max(65536, 'must be at most 65536')
export const archivedTrustSchema = ModelTrust.extend({
  temperature: finite
    .min(0.001, 'must be a temperature between 0.001 and 100 (it divides the logits)')
    .max(100, 'must be a temperature between 0.001 and 100 (it divides the logits)'),
  flag: ModelTrust.shape.flag.extend({
    threshold: share,
    target: share,
    errorsFlagged: share,
    workload: share
  }),
  ood: ModelTrust.shape.ood.extend({
    threshold: finite,
    quantile: share,
    dim: size,
    rank: size.optional(),
    valUnfamiliar: share,
    testUnfamiliar: share.nullable()
  })
})

/** The `version` of an archive's metadata: the fields an import reads. */
export const archivedVersionSchema = z.looseObject({
  id: plainName(100),
  name: plainName(200),
  createdAt: plainName(40),
  backbone: plainName(100),
  backboneSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 digest (64 hex digits)'),
  featureDim: z.number().int().min(1).max(65536),
  classes: z
    .array(className)
    .min(2, 'a model has at least 2 classes')
    .max(100)
    .refine((c) => new Set(c).size === c.length, 'class names must be distinct'),
  preprocessing: preprocessingSchema,
  hyperparameters: z.looseObject({}).nullable(),
  dataset: plainName(200).nullable(),
  split: z
    .looseObject({
      by: z.enum(['subject', 'image']).nullable(),
      seed: z.number().int().nullable(),
      counts: z.object({ train: count, val: count, test: count })
    })
    .nullable(),
  history: z.array(epochSchema).max(10000),
  bestEpoch: z.number().int().min(1).nullable(),
  metrics: z.looseObject({
    test: classificationMetricsSchema.optional(),
    testArgmax: classificationMetricsSchema.optional(),
    validation: classificationMetricsSchema.optional()
  }),
  threshold: thresholdSchema.nullable(),
  backend: plainName(60),
  timings: z.record(z.string(), metric),
  note: z
    .string()
    .max(4000)
    .refine((s) => !CONTROL.test(s.replace(/[\n\t]/g, ' ')), 'must not contain control characters')
    .nullable(),
  /** Calibration, flag operating point and detector profile; its arrays are `trust/ood.bin`. */
  trust: archivedTrustSchema.nullable().optional()
})

export const archiveMetaSchema = z.object({ format: z.string(), version: archivedVersionSchema })

/** The first problem zod found, as "field.path: reason" — one clause for a one-sentence error. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '')
  return `${path || 'value'}: ${issue.message}`
}
