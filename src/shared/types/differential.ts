/**
 * Plain data of the counted differential: a sample's cells counted by a person's class toward a target (100 or
 * 200), each class's share with its 95% Wilson interval, and the signed results, frozen once signed. No Node or
 * Electron imports here.
 */
import { z } from 'zod'
import { ScanStatus, SignOffState } from './scan'

/** One class of a differential: its count, its share of the counted cells and that share's 95% Wilson interval. */
export const ClassShare = z.object({
  name: z.string(),
  count: z.number(),
  /** Percent of `counted`. */
  percent: z.number(),
  low: z.number(),
  high: z.number()
})
export type ClassShare = z.infer<typeof ClassShare>

/** A signed, frozen result. A correction is a new result whose `replaces` names the one it supersedes. */
export const SignedResult = z.object({
  id: z.number(),
  scanId: z.number(),
  sample: z.string(),
  status: z.enum(['final', 'corrected']),
  replaces: z.number().nullable(),
  target: z.number(),
  counted: z.number(),
  classes: z.array(ClassShare),
  modelId: z.string(),
  signer: z.string(),
  /** Why the count stops short of its target, as the signer stated it; null when it reached it. */
  reason: z.string().nullable(),
  signedAt: z.string(),
  /** The audit-log entry that records the signature, and the SHA-256 of the result's content it carries. */
  auditEntry: z.number(),
  contentSha256: z.string()
})
export type SignedResult = z.infer<typeof SignedResult>

/** One sample's differential as it stands now, with whether it may be signed and its newest signed result. */
export const DifferentialView = z.object({
  scanId: z.number(),
  sample: z.string(),
  modelId: z.string(),
  target: z.number(),
  /** Cells a person has given a class: what the shares rest on. */
  counted: z.number(),
  classes: z.array(ClassShare),
  keys: z.array(z.object({ key: z.string(), label: z.string() })),
  /** Cells the scan found in the sample, those unlike the training data, flagged, and flagged not reviewed. */
  cells: z.number(),
  unfamiliar: z.number(),
  flagged: z.number(),
  flaggedUnreviewed: z.number(),
  signOff: SignOffState,
  signed: SignedResult.nullable(),
  /** The counts differ from the newest signed result's: signing again makes a corrected result. */
  changedSinceSigned: z.boolean()
})
export type DifferentialView = z.infer<typeof DifferentialView>

/**
 * One sample of a recent scan as the day's work lists it (Home, `leukolens sample list`): its differential now,
 * the scan it belongs to, and whether it still waits for a person — not signed, or changed since it was signed.
 */
export const SampleWork = DifferentialView.extend({
  folder: z.string(),
  scanStartedAt: z.string(),
  scanStatus: ScanStatus,
  waiting: z.boolean()
})
export type SampleWork = z.infer<typeof SampleWork>
