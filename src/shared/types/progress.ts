/** A long task's progress, as the command line prints it and the app shows it. */
import { z } from 'zod'

export const Progress = z.object({
  /** What is happening, e.g. 'hashing', 'extracting features', 'scanning'. */
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  /** Items per second over the task so far. */
  rate: z.number().optional(),
  /** Seconds left at the current rate. */
  etaSeconds: z.number().optional(),
  /** The item just finished, when there is one (a file path, an image hash). */
  item: z.string().optional()
})
export type Progress = z.infer<typeof Progress>

export type ProgressListener = (p: Progress) => void
