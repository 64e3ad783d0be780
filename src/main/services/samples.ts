import { resolve } from 'node:path'
import type { DifferentialView, SampleWork, SignedResult } from '../../shared/types/differential'
import type { ReviewState, ScanRecord } from '../../shared/types/scan'
import { write } from '../core/db/store'
import { anchorStore } from '../core/review/anchor'
import { appendReviewIn } from '../core/review/log'
import { differentialCells, DifferentialError, type DifferentialCell } from '../core/samples/differential'
import { cellsOfSample, differentialView, samplesOfScan, signSample } from '../core/samples/sign'
import { getDifferentialTarget } from '../core/samples/target'
import { getScan, listScans } from '../core/scan/store'
import type { ServiceContext } from './context'
import { requireRole } from './people'
import { config } from './settings'
import { workstationStore } from './workstation-store'

/**
 * The counted differential for the window and `leukolens sample`: each sample's count toward its target, a
 * person's class for cells named on the command line, and the sign-off (core/samples/sign.ts).
 */

async function scanOf(ctx: ServiceContext, scanId: number): Promise<ScanRecord> {
  const scan = await getScan(ctx.store.k, scanId)
  if (!scan) throw new DifferentialError(`no scan ${scanId} (see \`leukolens history --scans\`)`)
  return scan
}

/** Every sample of the scan (or the one named), as it stands now. */
export async function showSamples(
  ctx: ServiceContext,
  req: { scanId: number; sample?: string }
): Promise<DifferentialView[]> {
  const scan = await scanOf(ctx, req.scanId)
  const target = await getDifferentialTarget(workstationStore(ctx).k)
  // The scan's cells are read once for all its samples.
  const all = await differentialCells(ctx.store, scan)
  const names = req.sample === undefined ? samplesOfScan(all) : [req.sample]
  const views: DifferentialView[] = []
  for (const s of names) views.push(await differentialView(ctx.store, scan, s, target, { all }))
  return views
}

/** How many of the newest scans the day's work looks through. */
export const WORK_SCANS = 20

/**
 * The samples of the newest folder scans (running or done; quick checks and control runs are no patient's
 * samples), each with its count
 * toward the target, its flagged cells not reviewed, whether it can be signed (or why not) and its signed state;
 * `waiting`: only those not signed yet or changed since they were signed. Newest scan first, samples by name.
 */
export async function listSampleWork(
  ctx: ServiceContext,
  req: { waiting?: boolean; scans?: number } = {}
): Promise<SampleWork[]> {
  const target = await getDifferentialTarget(workstationStore(ctx).k)
  // A control run's scan is quality control's, not a patient's sample (the QC card shows it).
  const controls = new Set(
    (await (await import('./qc')).listQc(ctx)).flatMap((set) => set.runs.map((r) => r.scanId))
  )
  const scans = (await listScans(ctx.store.k, req.scans ?? WORK_SCANS)).filter(
    (s) => s.kind === 'scan' && (s.status === 'done' || s.status === 'running') && !controls.has(s.id)
  )
  const out: SampleWork[] = []
  for (const scan of scans) {
    const all = await differentialCells(ctx.store, scan)
    for (const sample of samplesOfScan(all)) {
      const view = await differentialView(ctx.store, scan, sample, target, { all })
      const waiting = !view.signed || view.changedSinceSigned
      if (req.waiting && !waiting) continue
      out.push({
        ...view,
        folder: scan.folder,
        scanStartedAt: scan.startedAt,
        scanStatus: scan.status,
        waiting
      })
    }
  }
  return out
}

/** One sample's cells in scan order, for `sample show --cells` (what `sample classify --cell` names). */
export async function cellsOfScanSample(
  ctx: ServiceContext,
  req: { scanId: number; sample: string }
): Promise<DifferentialCell[]> {
  const scan = await scanOf(ctx, req.scanId)
  return cellsOfSample(scan, req.sample, await differentialCells(ctx.store, scan)).cells
}

/**
 * The scan's cells a reference names: a SHA-256 prefix of the cell's content (6 characters or more, as `sample
 * show --cells` prints 12), the path of an image or cell crop, or `FIELD:N` — cell N of a whole field (the number
 * the scan's CSV and overlays give it).
 */
export function cellsNamed(
  cells: readonly DifferentialCell[],
  ref: string,
  scanId: number
): DifferentialCell[] {
  const fieldCell = /^(.*):(\d+)$/.exec(ref)
  let found: DifferentialCell[] = []
  if (fieldCell) {
    const field = resolve(fieldCell[1])
    found = cells.filter((c) => c.field?.path === field && c.field.cell === Number(fieldCell[2]))
  } else if (/^[0-9a-f]{6,64}$/i.test(ref)) {
    found = cells.filter((c) => c.sha256.startsWith(ref.toLowerCase()))
    if (new Set(found.map((c) => c.sha256)).size > 1)
      throw new DifferentialError(
        `${ref} is the start of ${new Set(found.map((c) => c.sha256)).size} cells' SHA-256 in scan ${scanId}: give more characters`
      )
  } else {
    const path = resolve(ref)
    found = cells.filter((c) => c.path === path)
    const inField = cells.filter((c) => c.field?.path === path)
    if (!found.length && inField.length > 1)
      throw new DifferentialError(
        `${ref} is a whole field with ${inField.length} cells: name one as ${ref}:N`
      )
    if (!found.length) found = inField
  }
  if (!found.length)
    throw new DifferentialError(
      `scan ${scanId} has no cell "${ref}" (its cells: \`leukolens sample show ${scanId} --sample S --cells\`)`
    )
  return found
}

/**
 * A person's class for cells of a scan: one review each (the class must be one of the model's or `unidentified`),
 * all or none — a refused class stores nothing.
 */
export async function classifyCells(
  ctx: ServiceContext,
  req: { scanId: number; cells: readonly string[]; label: string; note?: string }
): Promise<{ cell: DifferentialCell; review: ReviewState }[]> {
  const scan = await scanOf(ctx, req.scanId)
  const all = (await differentialCells(ctx.store, scan)).cells
  const chosen = req.cells.flatMap((ref) => cellsNamed(all, ref, scan.id))
  const person = await requireRole(ctx, 'review')
  const reviewer = person?.name ?? (await config(ctx)).reviewer
  const out = await write(ctx.store, async (trx) => {
    const done = new Map<string, ReviewState>()
    const classed: { cell: DifferentialCell; review: ReviewState }[] = []
    for (const cell of chosen) {
      // The same content twice (a duplicate image) is one review: its class is a property of the content.
      let review = done.get(cell.sha256)
      if (!review) {
        const e = await appendReviewIn(ctx.store, trx, {
          sha256: cell.sha256,
          label: req.label,
          note: req.note,
          predictionId: cell.predictionId,
          reviewer
        })
        review = { label: e.newLabel, reviewer: e.reviewer, note: e.note, reviewedAt: e.createdAt }
        done.set(cell.sha256, review)
      }
      classed.push({ cell, review })
    }
    return classed
  })
  await anchorStore(ctx.store)
  return out
}

/**
 * Signs one sample. Where people sign in (a shared database, or users defined), the signer is the signed-in person,
 * whose role must allow signing; a workstation without users signs with the reviewer in force, which must be a
 * name somebody chose (flag, environment or setting): a signature under a login name nobody typed is not one.
 */
export async function signSampleResult(
  ctx: ServiceContext,
  req: { scanId: number; sample: string; reason?: string }
): Promise<SignedResult> {
  const person = await requireRole(ctx, 'sign')
  let signer = person?.name
  if (!signer) {
    const c = await config(ctx)
    if (c.sources.reviewer === 'default' || !c.reviewer.trim())
      throw new DifferentialError(
        'sign with your name: --reviewer NAME, LEUKOLENS_REVIEWER or the reviewer setting (it goes into the audit log)'
      )
    signer = c.reviewer
  }
  return signSample(ctx.store, {
    scan: await scanOf(ctx, req.scanId),
    sample: req.sample,
    signer,
    target: await getDifferentialTarget(workstationStore(ctx).k),
    reason: req.reason
  })
}
