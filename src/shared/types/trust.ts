/**
 * What a model version knows about when not to trust it, as stored with the version and shown by
 * `models show`, `evaluate` and the Training and Models screens. Plain data, no Node imports.
 */
import { z } from 'zod'

/** One bar of a reliability diagram: answers whose confidence fell in (lo, hi]. */
export const ReliabilityBin = z.object({
  lo: z.number(),
  hi: z.number(),
  count: z.number(),
  /** Mean confidence in the bin; null when empty. */
  confidence: z.number().nullable(),
  /** Share of the bin's answers that were right; null when empty. */
  accuracy: z.number().nullable()
})
export type ReliabilityBin = z.infer<typeof ReliabilityBin>

/** Expected calibration error (15 equal-width bins) and the bins it was computed from. */
export const Calibration = z.object({
  ece: z.number(),
  bins: z.array(ReliabilityBin)
})
export type Calibration = z.infer<typeof Calibration>

export const OodMethod = z.enum(['mahalanobis', 'knn'])
export type OodMethod = z.infer<typeof OodMethod>

/**
 * The colour check's reference (trust/colour.ts): the training images' mean colour statistics (mean and spread
 * of red, green, blue), the inverse of their shrunk covariance, and the squared-distance threshold chosen on
 * validation images.
 */
export const ColourProfile = z.object({
  mean: z.array(z.number()).length(6),
  precision: z.array(z.number()).length(36),
  threshold: z.number().nonnegative()
})
export type ColourProfile = z.infer<typeof ColourProfile>

/** The cheap image checks' reference: what the training images looked like. */
export const ImageProfile = z.object({
  formats: z.array(z.string()),
  width: z.object({ min: z.number(), max: z.number() }),
  height: z.object({ min: z.number(), max: z.number() }),
  /** Absent on versions trained before the colour check, or with too few readable images. */
  colour: ColourProfile.optional()
})
export type ImageProfile = z.infer<typeof ImageProfile>

export const ModelTrust = z.object({
  /** Temperature dividing the logits; fitted on validation (1 = unchanged). */
  temperature: z.number(),
  /** Validation split after temperature scaling; `before` is the same without it. */
  calibration: Calibration.extend({ before: z.number() }),
  /** Test split after temperature scaling. */
  testCalibration: Calibration.nullable(),
  /**
   * Review flag operating point chosen on validation: flag answers with calibrated confidence below `threshold`
   * (unfamiliar images are flagged whatever their confidence); `errorsFlagged` and `workload` are validation
   * shares of errors caught and of all images flagged.
   */
  flag: z.object({
    threshold: z.number(),
    target: z.number(),
    errorsFlagged: z.number(),
    workload: z.number(),
    /**
     * `expected`: where the answers below hold the target share of the calibrated expected errors; `errors`: of
     * the validation errors themselves (trust/operating-point.ts). Absent on versions before the choice: `errors`.
     */
    rule: z.enum(['errors', 'expected']).optional(),
    /**
     * Two-class versions: the same flag as the band of the positive class's calibrated probability it covers
     * around the decision threshold (from min(t, 1 − threshold) to max(t, threshold); trust/operating-point.ts).
     */
    band: z.object({ low: z.number(), high: z.number() }).optional()
  }),
  /** The same operating point applied to the test split. */
  testFlag: z.object({ errorsFlagged: z.number(), workload: z.number() }).nullable(),
  /** OOD detector: its arrays live in the version's folder (`ood.bin`); scores above `threshold` are unfamiliar. */
  ood: z.object({
    method: OodMethod,
    threshold: z.number(),
    /** Quantile of validation scores the threshold sits at. */
    quantile: z.number(),
    dim: z.number(),
    /**
     * kNN in its compact form: the training rows are stored projected on this many principal directions (with
     * the directions). Absent: all training rows at full size (versions trained before the compact form).
     */
    rank: z.number().int().positive().optional(),
    /** Shares of validation and test images above the threshold. */
    valUnfamiliar: z.number(),
    testUnfamiliar: z.number().nullable()
  }),
  images: ImageProfile
})
export type ModelTrust = z.infer<typeof ModelTrust>

/** How often reviewers agreed with a version's answers: `agree` of `reviewed`, with a 95% Wilson interval. */
export const Agreement = z.object({
  agree: z.number(),
  reviewed: z.number(),
  /** null before any review. */
  rate: z.number().nullable(),
  low: z.number(),
  high: z.number()
})
export type Agreement = z.infer<typeof Agreement>

/**
 * A version in use, watched through its reviews: agreement on flagged and on unflagged cells apart (1 − the
 * unflagged agreement estimates the silent error rate: wrong answers nobody was asked to look at), and the same
 * figures as they stood at the end of each day with reviews.
 */
export const ModelAgreement = z.object({
  modelId: z.string(),
  flagged: Agreement,
  unflagged: Agreement,
  history: z.array(z.object({ date: z.string(), flagged: Agreement, unflagged: Agreement }))
})
export type ModelAgreement = z.infer<typeof ModelAgreement>
