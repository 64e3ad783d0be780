import { resolve } from 'node:path'
import { parseClassMap } from '../core/import/class-map'
import { readReferenceCsv } from '../core/lab/reference'
import { collectStudyItems, ValidationStudyError } from '../core/validation/collect'
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
  map?: string
  blastClass?: string
  /** Where to write the HTML report. */
  out?: string
}

/** A validation study of one scan against its reference, and the HTML report when asked for. */
export function validateScan(
  ctx: ServiceContext,
  req: ValidationRequest
): { study: ValidationStudy; header: ValidationReportHeader; file?: string } {
  if (Boolean(req.reference) === Boolean(req.reviewed))
    throw new ValidationStudyError('give the reference: --reference CSV or --reviewed (one of them)')
  const scan = getScan(ctx.db, req.scanId)
  if (!scan) throw new ValidationStudyError(`no scan ${req.scanId} (see \`leukolens history --scans\`)`)
  const map = req.map ? parseClassMap(req.map) : undefined
  const source = req.reference
    ? { reference: readReferenceCsv(resolve(req.reference), map) }
    : ({ reviewed: true } as const)
  const collected = collectStudyItems(ctx.db, req.scanId, source)
  if (!collected.items.length)
    throw new ValidationStudyError(
      req.reference
        ? `${resolve(req.reference)} names none of the ${collected.classified} files scan ${req.scanId} classified (by path under ${scan.folder}, or by file name)`
        : `no cell of scan ${req.scanId} has been reviewed yet: review cells first, or give --reference CSV`
    )
  const study = validationStudy(collected.items, req.blastClass ?? 'ALL')
  const header: ValidationReportHeader = {
    scanId: scan.id,
    folder: scan.folder,
    modelId: scan.modelId,
    referenceSource: req.reference
      ? `reference CSV ${resolve(req.reference)}`
      : 'the classes people gave in review',
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
