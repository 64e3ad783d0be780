/**
 * The per-sample counts of any stored scan: a whole-field scan's own (cells of each sample's fields), else the
 * images of a scan grouped by sample the same way (subject in the file name, else folder). Reported counts
 * follow reviews (the technologist's class over the model's); a validation of the model asks for its own answers.
 */
import { sampleCounts } from '../cells/sample-counts'
import { fieldCellPlaces } from '../db/queries/field-cells'
import { fieldScanSampleCounts } from '../scan/fields'
import { queryHistory } from '../scan/history'
import type { ScanDbs } from '../scan/store'
import type { SampleCount, ScanRecord } from '../../../shared/types/scan'

export async function scanSampleCounts(
  dbs: ScanDbs,
  scan: ScanRecord,
  /** The `samples.unfamiliarLimit` setting (core/scan/settings.ts), read by the caller. */
  unfamiliarLimit: number,
  opts: { followReviews: boolean } = { followReviews: true }
): Promise<SampleCount[]> {
  const rows = await queryHistory(dbs.store, { scanId: scan.id })
  const classes = rows[0]?.prediction.classes ?? []
  const fieldOf = await fieldCellPlaces(dbs.store.k, scan.id)
  if (fieldOf.size && opts.followReviews)
    return fieldScanSampleCounts(dbs, scan.id, classes, scan.folder, unfamiliarLimit)
  const outcomes = rows.flatMap((r) => {
    const fieldPath = fieldOf.size ? fieldOf.get(r.path)?.path : r.path
    if (fieldPath === undefined) return []
    return [
      {
        fieldPath,
        predicted: r.prediction.predicted,
        flagged: r.prediction.flagged,
        reviewed: r.review !== null,
        label: opts.followReviews ? r.review?.label : undefined
      }
    ]
  })
  return sampleCounts(outcomes, classes, scan.folder)
}
