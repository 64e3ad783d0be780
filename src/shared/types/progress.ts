/** A long task's progress, as the command line prints it and the app shows it. */
export interface Progress {
  /** What is happening, e.g. 'hashing', 'extracting features', 'scanning'. */
  phase: string
  done: number
  total: number
  /** Items per second over the task so far. */
  rate?: number
  /** Seconds left at the current rate. */
  etaSeconds?: number
  /** The item just finished, when there is one (a file path, an image hash). */
  item?: string
}

export type ProgressListener = (p: Progress) => void
