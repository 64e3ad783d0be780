/**
 * A sample's counted differential as it stands (view) and its sign-off: the gate (sign-off-gate.ts) decides, the
 * result is frozen in `sample_results` with an entry in the audit log's hash chain, and a later review followed by
 * a new signature makes a corrected result that replaces the one before. Nothing here edits a signed result.
 */
import { createHash } from 'node:crypto'
import type { DifferentialView, SignedResult } from '../../../shared/types/differential'
import { differentialKeys } from '../../../shared/differential'
import type { ScanRecord } from '../../../shared/types/scan'
import { fromSampleResultRow, insertSampleResult, latestSampleResult } from '../db/queries/sample-results'
import { lockFor, write, type Store } from '../db/store'
import { openQcAlerts } from '../qc/record'
import { anchorStore } from '../review/anchor'
import { REVIEW_LOG_LOCK } from '../review/log'
import { appendSignOffEntry } from './audit-entry'
import {
  cellsBySample,
  classShareText,
  countDifferential,
  differentialCells,
  differsFromSigned,
  DifferentialError
} from './differential'
import { differentialGate } from './sign-off-gate'

/** The sample's cells and the model's classes, or one clear sentence naming the scan's samples. */
export function cellsOfSample(scan: ScanRecord, sample: string, all: ScanCells): ScanCells {
  const bySample = cellsBySample(all.cells)
  const cells = bySample.get(sample)
  if (!cells)
    throw new DifferentialError(
      `scan ${scan.id} has no sample "${sample}" (its samples: ${[...bySample.keys()].join(', ') || 'none'})`
    )
  return { classes: all.classes, cells }
}

/** The samples of a scan in name order, from the scan's cells. */
export function samplesOfScan(all: ScanCells): string[] {
  return [...cellsBySample(all.cells).keys()]
}

/** A scan's classified cells with its model's classes. */
export type ScanCells = Awaited<ReturnType<typeof differentialCells>>

/**
 * One sample's differential now, with what its sign-off would say (`reason`: why the count stops short; `all`: the
 * scan's cells, when the caller has them). Cells, reviews, signed results and the lab's QC alerts come from the
 * store.
 */
export async function differentialView(
  store: Store,
  scan: ScanRecord,
  sample: string,
  target: number,
  opts: { reason?: string; all?: ScanCells } = {}
): Promise<DifferentialView> {
  const { reason } = opts
  const { cells, classes } = cellsOfSample(scan, sample, opts.all ?? (await differentialCells(store, scan)))
  const count = countDifferential(cells, classes)
  const latest = await latestSampleResult(store.k, scan.id, sample)
  const signed = latest ? fromSampleResultRow(latest) : null
  const changedSinceSigned = signed ? differsFromSigned(count, signed) : false
  const flagged = cells.filter((c) => c.flagged)
  const flaggedUnreviewed = flagged.filter((c) => c.label === null).length
  return {
    scanId: scan.id,
    sample,
    modelId: scan.modelId,
    target,
    ...count,
    keys: differentialKeys(classes),
    cells: cells.length,
    unfamiliar: cells.filter((c) => c.unfamiliar).length,
    flagged: flagged.length,
    flaggedUnreviewed,
    signOff: differentialGate({
      counted: count.counted,
      target,
      flagged: flagged.length,
      flaggedUnreviewed,
      reason,
      openQcAlerts: await openQcAlerts(store.k),
      signed,
      changedSinceSigned
    }),
    signed,
    changedSinceSigned
  }
}

export class SignOffRefused extends DifferentialError {
  override name = 'SignOffRefused'
}

/** What a signature covers, hashed into its audit entry: the counts, their target and model, who and why. */
export function resultContentSha256(
  r: Omit<SignedResult, 'id' | 'signedAt' | 'auditEntry' | 'contentSha256'>
): string {
  const content = [
    r.scanId,
    r.sample,
    r.status,
    r.replaces,
    r.target,
    r.counted,
    r.classes.map((c) => [c.name, c.count, c.percent, c.low, c.high]),
    r.modelId,
    r.signer,
    r.reason
  ]
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

/**
 * Signs a sample's differential: refused (one sentence per reason) unless the gate allows it. The first signature
 * makes a final result; signing again after reviews changed the counts makes a corrected one that replaces the
 * newest. The gate is judged, and the result and its audit entry written, in one write transaction that holds the
 * review log's lock: two people signing one sample at once make one result, and the second is told it is signed.
 */
export async function signSample(
  store: Store,
  req: { scan: ScanRecord; sample: string; signer: string; target: number; reason?: string }
): Promise<SignedResult> {
  const signer = req.signer.trim()
  if (!signer) throw new SignOffRefused('a signature needs the name of who signs')
  const reason = req.reason?.trim() || undefined
  const result = await write(store, async (trx) => {
    await lockFor(store, trx, REVIEW_LOG_LOCK)
    // Read inside the transaction (the store's view of it): the gate judges what the result will freeze.
    const view = await differentialView({ ...store, k: trx }, req.scan, req.sample, req.target, {
      reason
    })
    if (!view.signOff.possible)
      throw new SignOffRefused(
        `Sample ${req.sample} of scan ${req.scan.id} cannot be signed: ${view.signOff.reasons.join('; ')}.`
      )
    const content = {
      scanId: req.scan.id,
      sample: req.sample,
      status: view.signed ? ('corrected' as const) : ('final' as const),
      replaces: view.signed?.id ?? null,
      target: view.target,
      counted: view.counted,
      classes: view.classes,
      modelId: view.modelId,
      signer,
      // A count that reached its target needs no reason; one given anyway is kept only when it explains a gap.
      reason: view.counted < view.target ? (reason ?? null) : null
    }
    const contentSha256 = resultContentSha256(content)
    const what = content.replaces === null ? 'signed' : `corrected (replaces result ${content.replaces})`
    const entry = await appendSignOffEntry(store, trx, {
      contentSha256,
      replaces: content.replaces,
      signer,
      note:
        `sample ${req.sample} of scan ${req.scan.id} ${what}: ` +
        `${view.counted} of ${view.target} cells; ` +
        view.classes.map((c) => classShareText(c, view.counted)).join(', ') +
        (content.reason ? `; short of the target because: ${content.reason}` : '')
    })
    const row = await insertSampleResult(trx, {
      scan_id: content.scanId,
      sample: content.sample,
      status: content.status,
      replaces: content.replaces,
      target: content.target,
      counted: content.counted,
      classes: JSON.stringify(content.classes),
      model_id: content.modelId,
      signer,
      reason: content.reason,
      signed_at: entry.createdAt,
      audit_entry: entry.id,
      content_sha256: contentSha256
    })
    return fromSampleResultRow(row)
  })
  // The anchor outside the database (review/anchor.ts) once the entry is committed.
  await anchorStore(store)
  return result
}

/** The newest signed result of a sample, or one sentence saying it is not signed. */
export async function signedResultOf(store: Store, scan: ScanRecord, sample: string): Promise<SignedResult> {
  cellsOfSample(scan, sample, await differentialCells(store, scan))
  const latest = await latestSampleResult(store.k, scan.id, sample)
  if (!latest)
    throw new DifferentialError(
      `sample ${sample} of scan ${scan.id} is not signed: only a signed result leaves for the LIS (\`leukolens sample sign ${scan.id} --sample ${sample}\`)`
    )
  return fromSampleResultRow(latest)
}
