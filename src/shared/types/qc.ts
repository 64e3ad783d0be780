/**
 * Plain data of quality control: control sets, their runs with the Westgard verdict of the day, and who
 * acknowledged a rejected run. No Node or Electron imports here.
 */
import { z } from 'zod'

/** k of n as a percentage with its 95% Wilson interval. */
export const QcShare = z.object({
  count: z.number(),
  of: z.number(),
  percent: z.number(),
  low: z.number(),
  high: z.number()
})
export type QcShare = z.infer<typeof QcShare>

export const QcTarget = z.object({ mean: z.number(), sd: z.number() })
export type QcTarget = z.infer<typeof QcTarget>

export const QcAck = z.object({
  person: z.string(),
  note: z.string(),
  at: z.string(),
  /** Its entry in the hash-chained audit log; null for an acknowledgement given before they had one. */
  auditEntry: z.number().nullable()
})
export type QcAck = z.infer<typeof QcAck>

export const QcRunView = z.object({
  id: z.number(),
  setName: z.string(),
  scanId: z.number(),
  modelId: z.string(),
  at: z.string(),
  /** Images of the set the scan classified (the shares rest on these), and those it could not read or find. */
  scored: z.number(),
  missing: z.number(),
  accuracy: QcShare,
  blasts: QcShare,
  /** Distance from the target in SDs, when the set has a target for that measure. */
  accuracyZ: z.number().nullable(),
  blastZ: z.number().nullable(),
  /** Westgard rules broken that day, prefixed by the measure (`accuracy 1-3s`). */
  rules: z.array(z.string()),
  reject: z.boolean(),
  ack: QcAck.nullable()
})
export type QcRunView = z.infer<typeof QcRunView>

export const QcSetView = z.object({
  name: z.string(),
  folder: z.string(),
  blastClass: z.string(),
  /** Reference images per expected class. */
  expected: z.record(z.string(), z.number()),
  accuracyTarget: QcTarget.nullable(),
  blastTarget: QcTarget.nullable(),
  runs: z.array(QcRunView),
  /** Rejected runs nobody has acknowledged yet: reporting should stop until someone does. */
  openAlerts: z.number(),
  /** Its newest run is older than the `qcEveryHours` schedule (or it never ran); false without a schedule. */
  due: z.boolean()
})
export type QcSetView = z.infer<typeof QcSetView>
