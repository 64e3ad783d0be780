import { writeFileSync } from 'node:fs'
import { writeAtomicallySync } from '../files/staging'
import { fieldCellPlaces } from '../db/queries/field-cells'
import sharp from 'sharp'
import { decodeImageFile } from '../images/decode'
import { resizeRgb } from '../images/preprocess'
import { reviewLog } from '../review/log'
import { queryHistory } from '../scan/history'
import { classCounts, getScan, unreadableFiles, type ScanDbs } from '../scan/store'
import { verifyChain } from '../review/chain'
import type { Store } from '../db/store'
import { scanResultView } from '../scan/result'
import { splitFlagReason } from '../../../shared/flag-reasons'
import { MAX_REPORT_THUMBNAILS } from './flagged-html'
import { renderReportHtml, type ReportData, type ReportImage, type ReportModel } from './html'

/**
 * Who and what the report is for: the sample id (default: the scanned folder's name) and the operator (default:
 * none written; the sign-off line is there to be filled in by hand).
 */
export type ReportHeader = Partial<Pick<ReportData, 'sampleId' | 'operator'>>

export { MAX_REPORT_THUMBNAILS }

/**
 * A small JPEG of an image file as a data URI (any format the app reads, BMP included, via the shared decoder);
 * undefined when the file is gone or unreadable now — the report says so instead of failing.
 */
export async function thumbnailDataUri(path: string, size = 128): Promise<string | undefined> {
  try {
    const img = resizeRgb(await decodeImageFile(path), size, 'antialias')
    const jpeg = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
      raw: { width: img.width, height: img.height, channels: 3 }
    })
      .jpeg({ quality: 80 })
      .toBuffer()
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`
  } catch {
    return undefined
  }
}

/**
 * Collects what the report of one scan shows. `model` describes the scan's model version from the registry
 * (undefined when it was deleted); it is passed in so this module does not depend on how the registry stores it.
 */
export async function buildReportData(
  dbs: ScanDbs,
  scanId: number,
  model: ReportModel | undefined,
  unfamiliarLimit: number,
  header: ReportHeader = {},
  reviews: Store = dbs.store
): Promise<ReportData> {
  const { store } = dbs
  const scan = await getScan(store.k, scanId)
  if (!scan) throw new RangeError(`no scan with id ${scanId}`)
  const rows = await queryHistory(store, { scanId })
  const classes = model?.classes ?? [...new Set(rows.flatMap((r) => r.prediction.classes))]
  // The counts, per sample for a whole-field scan, by the label each cell has now; the folder's own sample goes
  // by the sample id the report is for.
  const view = await scanResultView(
    dbs,
    scanId,
    classes,
    unfamiliarLimit,
    header.sampleId,
    rows,
    model?.validation
  )
  const samples = view.samples
  const unreadable = await unreadableFiles(store.k, scanId)
  // A cell of a field is named by its field and number on paper, not by its crop file in the data folder.
  const cellOf = new Map(
    samples
      ? [...(await fieldCellPlaces(store.k, scanId))].map(([crop, f]) => [
          crop,
          `cell ${f.cell} of ${f.path}`
        ])
      : []
  )
  // Every flagged image is listed; the first ones with a thumbnail, so the file stays a few MB.
  const flagged: ReportImage[] = []
  for (const r of rows.filter((r) => r.prediction.flagged)) {
    const p = r.prediction
    flagged.push({
      path: cellOf.get(r.path) ?? r.path,
      sha256: r.sha256,
      predicted: p.predicted,
      confidence: p.confidence,
      probabilities: Object.fromEntries(p.classes.map((c, i) => [c, p.probabilities[i]])),
      reasons: splitFlagReason(p.flagReason),
      thumbnail: flagged.length < MAX_REPORT_THUMBNAILS ? await thumbnailDataUri(r.path) : undefined,
      review: r.review ? { label: r.review.label, reviewer: r.review.reviewer } : undefined
    })
  }
  return {
    scan,
    model,
    files: rows.length + unreadable.length,
    countsByClass: await classCounts(store.k, scanId),
    flagged,
    unreadable,
    reviews: await reviewLog(reviews.k, { scanId }),
    auditChain: await auditChainState(reviews),
    generatedAt: new Date().toISOString(),
    sampleId: view.result.sample,
    operator: header.operator?.trim() ?? '',
    samples,
    result: view.result,
    signOff: view.signOff,
    drift: view.drift
  }
}

async function auditChainState(store: Store): Promise<NonNullable<ReportData['auditChain']>> {
  const c = await verifyChain(store)
  return { ok: c.ok, entries: c.entries, lastHash: c.lastHash, brokenAt: c.broken?.id }
}

/** Writes the report through a temporary file and a rename. */
export async function writeScanReport(
  dbs: ScanDbs,
  scanId: number,
  model: ReportModel | undefined,
  unfamiliarLimit: number,
  file: string,
  header: ReportHeader = {},
  /** Where the review log lives (default: the scans' store). */
  reviews: Store = dbs.store
): Promise<ReportData> {
  const data = await buildReportData(dbs, scanId, model, unfamiliarLimit, header, reviews)
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, renderReportHtml(data)))
  return data
}
