/**
 * What a stored scan amounts to as a result, read from what is stored now (reviews made since the scan count):
 * the scan as one sample — its class percentages without the unfamiliar cells, or withheld when too many are
 * unfamiliar — the per-sample counts of a whole-field scan, whether a person may sign it, and whether the batch
 * looks unlike what the model was validated on.
 */
import { basename } from 'node:path'
import type { BatchDrift, HistoryRow, ScanResultView } from '../../../shared/types/scan'
import { splitFlagReason } from '../../../shared/flag-reasons'
import { batchDrift } from '../trust/drift'
import { countSample, outcomeOf } from '../cells/sample-counts'
import { fieldCellCount } from '../db/queries/field-cells'
import { signOffGate } from '../samples/sign-off-gate'
import { fieldScanSampleCounts } from './fields'
import { queryHistory } from './history'
import { getScan, unreadableFiles, type ScanDbs } from './store'

/** The model version's shares on its validation split, which a batch is compared with. */
export interface ValidationShares {
  unfamiliar: number
  flagged: number
}

/** The batch-drift test on a scan's rows: unfamiliar by the feature score (as validation counts it), flagged. */
export function scanDrift(rows: readonly HistoryRow[], validation: ValidationShares): BatchDrift {
  const unfamiliar = rows.filter((r) =>
    splitFlagReason(r.prediction.flagReason).some((p) => p.kind === 'unfamiliar')
  ).length
  return batchDrift(
    { n: rows.length, unfamiliar, flagged: rows.filter((r) => r.prediction.flagged).length },
    validation
  )
}

/**
 * `sampleId`: what the report calls the sample (default: the scanned folder's name); it also names the folder's
 * own sample of a field scan. `rows`: the scan's history rows, when the caller has them already.
 */
export async function scanResultView(
  dbs: ScanDbs,
  scanId: number,
  classes: readonly string[],
  /** The `samples.unfamiliarLimit` setting (core/scan/settings.ts), read by the caller. */
  unfamiliarLimit: number,
  sampleId?: string,
  given?: readonly HistoryRow[],
  validation?: ValidationShares
): Promise<ScanResultView> {
  const { store } = dbs
  const scan = await getScan(store.k, scanId)
  if (!scan) throw new RangeError(`no scan with id ${scanId}`)
  const rows = given ?? (await queryHistory(store, { scanId }))
  const name = sampleId?.trim() || basename(scan.folder)
  const samples =
    (await fieldCellCount(store.k, scanId)) > 0
      ? (await fieldScanSampleCounts(dbs, scanId, classes, scan.folder, unfamiliarLimit)).map((s) =>
          s.sample === basename(scan.folder) ? { ...s, sample: name } : s
        )
      : undefined
  const files = samples
    ? samples.reduce((n, s) => n + s.fields, 0)
    : rows.length + (await unreadableFiles(store.k, scanId)).length
  const result = countSample(
    name,
    rows.map((r) => outcomeOf(r)),
    classes,
    files,
    unfamiliarLimit
  )
  return {
    scanId,
    result,
    samples,
    signOff: signOffGate(samples ?? [result]),
    ...(validation ? { drift: scanDrift(rows, validation) } : {})
  }
}
