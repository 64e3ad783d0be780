import type { Database } from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { writeAtomicallySync } from '../files/staging'
import sharp from 'sharp'
import { decodeImageFile } from '../images/decode'
import { resizeRgb } from '../images/preprocess'
import { reviewLog } from '../review/log'
import { queryHistory } from '../scan/history'
import { classCounts, getScan, unreadableFiles } from '../scan/store'
import { verifyChain } from '../review/chain'
import { renderReportHtml, type ReportData, type ReportImage, type ReportModel } from './html'

/** Thumbnails per report: enough to review on paper, few enough that the file stays a few MB. */
export const MAX_REPORT_THUMBNAILS = 200

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
  db: Database,
  scanId: number,
  model: ReportModel | undefined
): Promise<ReportData> {
  const scan = getScan(db, scanId)
  if (!scan) throw new RangeError(`no scan with id ${scanId}`)
  const rows = queryHistory(db, { scanId })
  const flaggedRows = rows.filter((r) => r.prediction.flagged)
  const shown = flaggedRows.slice(0, MAX_REPORT_THUMBNAILS)
  const flagged: ReportImage[] = []
  for (const r of shown) {
    const p = r.prediction
    flagged.push({
      path: r.path,
      sha256: r.sha256,
      predicted: p.predicted,
      confidence: p.confidence,
      probabilities: Object.fromEntries(p.classes.map((c, i) => [c, p.probabilities[i]])),
      thumbnail: await thumbnailDataUri(r.path),
      review: r.review ? { label: r.review.label, reviewer: r.review.reviewer } : undefined
    })
  }
  const unreadable = unreadableFiles(db, scanId)
  return {
    scan,
    model,
    files: rows.length + unreadable.length,
    countsByClass: classCounts(db, scanId),
    flagged,
    flaggedNotShown: flaggedRows.length - shown.length,
    unreadable,
    reviews: reviewLog(db, { scanId }),
    auditChain: auditChainState(db),
    generatedAt: new Date().toISOString()
  }
}

function auditChainState(db: Database): NonNullable<ReportData['auditChain']> {
  const c = verifyChain(db)
  return { ok: c.ok, entries: c.entries, lastHash: c.lastHash, brokenAt: c.broken?.id }
}

/** Writes the report through a temporary file and a rename. */
export async function writeScanReport(
  db: Database,
  scanId: number,
  model: ReportModel | undefined,
  file: string
): Promise<ReportData> {
  const data = await buildReportData(db, scanId, model)
  writeAtomicallySync(file, (tmp) => writeFileSync(tmp, renderReportHtml(data)))
  return data
}
