import { resolve } from 'node:path'
import { workstationStore } from './workstation-store'
import { getUnfamiliarLimit } from '../core/scan/settings'
import { parseClassMap } from '../core/import/class-map'
import { readManualCounts, readReferenceCsv } from '../core/lab/reference'
import { scanSampleCounts } from '../core/lab/scan-samples'
import { queryHistory } from '../core/scan/history'
import type { ScanRecord } from '../../shared/types/scan'
import type { ValidationStudyView } from '../../shared/types/validation'
import { collectStudyItems, ValidationStudyError, type CollectedItems } from '../core/validation/collect'
import { renderValidationHtml, type ValidationReportHeader } from '../core/validation/html'
import { validationStudy, type ValidationStudy } from '../core/validation/study'
import { writeFileSync } from 'node:fs'
import { writeAtomicallySync } from '../core/files/staging'
import { getScan } from '../core/scan/store'
import type { ServiceContext } from './context'

export interface ValidationRequest {
  scanId: number
  /** A CSV of file → reference class; or `reviewed` for the classes people gave in review. */
  reference?: string
  reviewed?: boolean
  /** A manual differential per sample (CSV: sample, cells, blasts): compared with the model's per-sample share. */
  counts?: string
  map?: string
  blastClass?: string
  /** Where to write the HTML report. */
  out?: string
}

/** A validation study of one scan against its reference, and the HTML report when asked for. */
export async function validateScan(
  ctx: ServiceContext,
  req: ValidationRequest
): Promise<{ study: ValidationStudy; header: ValidationReportHeader; file?: string }> {
  if (req.reference && req.reviewed)
    throw new ValidationStudyError('give one cell reference: --reference CSV or --reviewed, not both')
  if (!req.reference && !req.reviewed && !req.counts)
    throw new ValidationStudyError('give the reference: --reference CSV, --reviewed or --counts CSV')
  const scan = await getScan(ctx.store.k, req.scanId)
  if (!scan) throw new ValidationStudyError(`no scan ${req.scanId} (see \`leukolens history --scans\`)`)
  const blastClass = req.blastClass ?? 'ALL'
  const collected = await cellItems(ctx, req, scan.folder)
  const limit = await getUnfamiliarLimit(workstationStore(ctx).k)
  const manual = req.counts
    ? await manualCounts(ctx, scan, resolve(req.counts), blastClass, limit)
    : undefined
  const study = validationStudy(collected.items, blastClass, manual)
  const header: ValidationReportHeader = {
    scanId: scan.id,
    folder: scan.folder,
    modelId: scan.modelId,
    referenceSource: [
      req.reference && `reference CSV ${resolve(req.reference)}`,
      req.reviewed && 'the classes people gave in review',
      req.counts && `manual counts ${resolve(req.counts)}`
    ]
      .filter(Boolean)
      .join(' and '),
    classified: collected.classified,
    withoutReference: collected.withoutReference,
    generatedAt: new Date().toISOString(),
    caveat:
      req.reviewed && collected.withoutReference
        ? 'Only reviewed cells are compared, and reviews are mostly of cells the model flagged: these figures describe that selection, not every cell. Review a random or complete set of cells for an unbiased study.'
        : undefined
  }
  let file: string | undefined
  if (req.out) {
    file = resolve(req.out)
    const html = renderValidationHtml(study, header)
    writeAtomicallySync(file, (tmp) => writeFileSync(tmp, html))
  }
  return { study, header, file }
}

/** The cell pairs of the study: none when only manual counts are given. */
async function cellItems(
  ctx: ServiceContext,
  req: ValidationRequest,
  folder: string
): Promise<CollectedItems> {
  if (!req.reference && !req.reviewed) {
    const classified = (await queryHistory(ctx.store, { scanId: req.scanId })).length
    return { items: [], withoutReference: classified, classified, fieldScan: false, folder }
  }
  const map = req.map ? parseClassMap(req.map) : undefined
  const source = req.reference
    ? { reference: readReferenceCsv(resolve(req.reference), map) }
    : ({ reviewed: true } as const)
  const collected = await collectStudyItems(ctx.store, req.scanId, source)
  if (!collected.items.length)
    throw new ValidationStudyError(
      req.reference
        ? `${resolve(req.reference)} names none of the ${collected.classified} files scan ${req.scanId} classified (by path under ${folder}, or by file name)`
        : `no cell of scan ${req.scanId} has been reviewed yet: review cells first, or give --reference CSV`
    )
  return collected
}

async function manualCounts(
  ctx: ServiceContext,
  scan: ScanRecord,
  file: string,
  blastClass: string,
  unfamiliarLimit: number
) {
  const counts = readManualCounts(file, blastClass)
  // the model's own answers: a validation judges the model, not the reviewed result
  const modelSamples = (await scanSampleCounts(ctx, scan, unfamiliarLimit, { followReviews: false })).map(
    (s) => ({
      sample: s.sample,
      cells: s.cells,
      blasts: s.byClass[blastClass]?.count ?? 0
    })
  )
  const known = new Set(modelSamples.map((s) => s.sample))
  if (!counts.some((c) => known.has(c.sample)))
    throw new ValidationStudyError(
      `${file} names none of scan ${scan.id}'s samples (${[...known].join(', ') || 'none'})`
    )
  return { counts, modelSamples }
}

/** The study as the window shows it: its figures and what it compared. */
export async function validationView(
  ctx: ServiceContext,
  req: Omit<ValidationRequest, 'out'>
): Promise<ValidationStudyView> {
  const { study, header } = await validateScan(ctx, req)
  return { ...study, header }
}
