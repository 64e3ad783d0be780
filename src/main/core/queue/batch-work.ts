import type { Queries } from '../db/store'
import type { PredictedBatch } from '../scan/batch'

/** What a batch computed, ready to record: its predictions (for the thumbnails) and how to write them. */
export interface BatchWork {
  predicted: PredictedBatch
  backend: string
  /** Writes what no one recorded yet, inside the batch's transaction; the new predictions and their files. */
  record(trx: Queries): Promise<{ predictions: number; files: number }>
}
