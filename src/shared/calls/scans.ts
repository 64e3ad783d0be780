/**
 * The scan calls of the contract: folder and quick scans, their results and predictions, Grad-CAM and the report.
 * Spread into CALLS (contract.ts); kept in their own file so the contract stays readable.
 */
import { z } from 'zod'
import { call, jobId, saveToken } from './call'
import { ScanFields, ScanResultView, UnreadableFile } from '../types/scan'
import { GradCamView, PredictionFilter, PredictionPage, QuickCheckItem, ScanSummary } from '../views'
import { exactObject, int, none, text } from '../wire'

export const SCAN_CALLS = {
  'scan:start': call(
    exactObject({
      jobId,
      folder: text(),
      modelId: text(100).optional(),
      recursive: z.boolean().optional(),
      tta: z.boolean().optional(),
      rescan: z.boolean().optional(),
      /** Whole fields: find every white cell in each image, then classify each cell (`scan --fields`). */
      fields: z.boolean().optional()
    }),
    z.object({
      scan: ScanSummary,
      unreadable: z.array(UnreadableFile),
      /** Whole-field scans only: fields read and those in which no white cell was found. */
      fields: z.object({ fields: z.number(), withoutCells: z.array(z.string()) }).optional(),
      /** Subfolders a recursive scan left out (unreadable, a symlink loop, a broken link), each with why. */
      skippedFolders: z.array(z.object({ path: z.string(), reason: z.string() }))
    })
  ),
  /** A whole-field scan's fields with each cell's box (field pixels) and its per-sample counts as they stand now. */
  'scan:fields': call(exactObject({ scanId: int(1) }), ScanFields),
  /** A scan's result as it stands now (reviews included): counts, withheld samples, whether it can be signed. */
  'scan:result': call(exactObject({ scanId: int(1), sampleId: text(200).optional() }), ScanResultView),
  'scans:list': call(none, z.array(ScanSummary)),
  'predictions:query': call(PredictionFilter, PredictionPage),
  'predictions:export': call(exactObject({ filter: PredictionFilter, saveToken }), z.string()),
  'explain:gradcam': call(
    exactObject({ path: text(), className: text(200).optional(), modelId: text(100).optional() }),
    GradCamView
  ),
  /** Sample id (default: the scanned folder's name) and operator (default: the reviewer) head the report. */
  'report:write': call(
    exactObject({
      scanId: int(1),
      saveToken,
      sampleId: text(200).optional(),
      operator: text(200).optional()
    }),
    z.string()
  ),
  'quick:check': call(exactObject({ jobId, paths: z.array(text()).max(64) }), z.array(QuickCheckItem))
}
