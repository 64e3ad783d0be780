import type { Database } from 'better-sqlite3'
import type {
  Prediction,
  ScanKind,
  ScanRecord,
  ScanStatus,
  UnreadableFile
} from '../../../../shared/types/scan'
import { stmt } from './statements'

/**
 * SQL of the scan domain (migrations 004, 005, 006): scans, predictions and the files each scan saw. Insert-and-read
 * only — a prediction, once stored, is never edited; a rescan adds a newer one.
 */

export interface ScanRow {
  id: number
  kind: ScanKind
  folder: string
  recursive: number
  model_id: string
  tta: number
  flag_threshold: number
  status: ScanStatus
  pid: number | null
  backend: string | null
  started_at: string
  finished_at: string | null
}

export interface PredictionRow {
  id: number
  sha256: string
  model_id: string
  tta: number
  classes: string
  probabilities: string
  predicted: string
  confidence: number
  flagged: number
  backend: string
  created_at: string
  /** Migration 006: the unfamiliar-image score and verdict, and why the prediction was flagged. */
  ood_score: number | null
  ood: number | null
  flag_reason: string | null
}

export function fromScanRow(r: ScanRow): ScanRecord {
  return {
    id: r.id,
    kind: r.kind,
    folder: r.folder,
    recursive: r.recursive === 1,
    modelId: r.model_id,
    tta: r.tta === 1,
    flagThreshold: r.flag_threshold,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at
  }
}

export function fromPredictionRow(r: PredictionRow): Prediction {
  return {
    id: r.id,
    sha256: r.sha256,
    modelId: r.model_id,
    classes: JSON.parse(r.classes) as string[],
    probabilities: JSON.parse(r.probabilities) as number[],
    predicted: r.predicted,
    confidence: r.confidence,
    flagged: r.flagged === 1,
    oodScore: r.ood_score ?? null,
    ood: r.ood === null || r.ood === undefined ? null : r.ood === 1,
    flagReason: r.flag_reason ?? null,
    tta: r.tta === 1,
    backend: r.backend,
    scannedAt: r.created_at
  }
}

export interface NewScan {
  /** `quick`: a check of picked files (`folder` is then only a label); `scan` by default. */
  kind?: ScanKind
  /** A whole-field scan (its files are the crops of the folder's cells): never resumed by a plain scan. */
  fields?: boolean
  folder: string
  recursive: boolean
  modelId: string
  tta: boolean
  flagThreshold: number
  backend: string
}

export function insertScan(db: Database, s: NewScan, pid: number): number {
  const { lastInsertRowid } = stmt(
    db,
    `INSERT INTO scans (kind, fields, folder, recursive, model_id, tta, flag_threshold, status, pid, backend, started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)`
  ).run(
    s.kind ?? 'scan',
    s.fields ? 1 : 0,
    s.folder,
    s.recursive ? 1 : 0,
    s.modelId,
    s.tta ? 1 : 0,
    s.flagThreshold,
    pid,
    s.backend,
    new Date().toISOString()
  )
  return Number(lastInsertRowid)
}

export function getScan(db: Database, id: number): ScanRecord | undefined {
  const r = stmt(db, 'SELECT * FROM scans WHERE id = ?').get(id) as ScanRow | undefined
  return r && fromScanRow(r)
}

export function listScans(db: Database, limit = 50): ScanRecord[] {
  return (stmt(db, 'SELECT * FROM scans ORDER BY id DESC LIMIT ?').all(limit) as ScanRow[]).map(fromScanRow)
}

/**
 * Unfinished folder scans (never quick checks) with these options, newest first, with the process that ran them:
 * field scans with field scans, plain ones with plain ones.
 */
export function unfinishedScans(
  db: Database,
  s: Pick<NewScan, 'folder' | 'modelId' | 'recursive' | 'tta' | 'fields'>
): ScanRow[] {
  return stmt(
    db,
    `SELECT * FROM scans WHERE folder = ? AND model_id = ? AND status IN ('running', 'cancelled', 'failed')
     AND recursive = ? AND tta = ? AND kind = 'scan' AND fields = ? ORDER BY id DESC`
  ).all(s.folder, s.modelId, s.recursive ? 1 : 0, s.tta ? 1 : 0, s.fields ? 1 : 0) as ScanRow[]
}

/** The newest finished folder scan of the same folder, model version and options: a plain rerun continues it. */
export function finishedScanOf(
  db: Database,
  s: Pick<NewScan, 'folder' | 'modelId' | 'recursive' | 'tta'>
): ScanRecord | undefined {
  const r = stmt(
    db,
    `SELECT * FROM scans WHERE folder = ? AND model_id = ? AND status = 'done'
     AND recursive = ? AND tta = ? AND kind = 'scan' AND fields = 0 ORDER BY id DESC LIMIT 1`
  ).get(s.folder, s.modelId, s.recursive ? 1 : 0, s.tta ? 1 : 0) as ScanRow | undefined
  return r && fromScanRow(r)
}

/** The other field scans of a scan's folder with the same model version, oldest first. */
export function otherFieldScansOf(db: Database, scanId: number): number[] {
  return stmt(
    db,
    `SELECT o.id FROM scans s JOIN scans o ON o.folder = s.folder AND o.model_id = s.model_id AND o.fields = 1
     WHERE s.id = ? AND o.id <> s.id ORDER BY o.id`
  )
    .pluck()
    .all(scanId) as number[]
}

/** Scans of a model version still marked running (their process may be gone). */
export function runningScansOfModel(db: Database, modelId: string): ScanRow[] {
  return stmt(db, "SELECT * FROM scans WHERE model_id = ? AND status = 'running'").all(modelId) as ScanRow[]
}

/** Marks a scan as running again in process `pid`. */
export function reopenScan(db: Database, id: number, pid: number): void {
  stmt(db, "UPDATE scans SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?").run(pid, id)
}

export function finishScan(db: Database, id: number, status: Exclude<ScanStatus, 'running'>): void {
  stmt(db, 'UPDATE scans SET status = ?, finished_at = ? WHERE id = ?').run(
    status,
    new Date().toISOString(),
    id
  )
}

/** Paths this scan has already recorded (a result or an error), so a resumed scan skips them. */
export function scannedPaths(db: Database, scanId: number): Set<string> {
  const rows = stmt(db, 'SELECT path FROM scan_items WHERE scan_id = ?').raw(true).all(scanId) as [string][]
  return new Set(rows.map((r) => r[0]))
}

/** The newest prediction of this content by this model version, if any. */
export function latestPrediction(
  db: Database,
  sha256: string,
  modelId: string,
  tta: boolean
): Prediction | undefined {
  const r = stmt(
    db,
    'SELECT * FROM predictions WHERE sha256 = ? AND model_id = ? AND tta = ? ORDER BY id DESC LIMIT 1'
  ).get(sha256, modelId, tta ? 1 : 0) as PredictionRow | undefined
  return r && fromPredictionRow(r)
}

export function getPrediction(db: Database, id: number): Prediction | undefined {
  const r = stmt(db, 'SELECT * FROM predictions WHERE id = ?').get(id) as PredictionRow | undefined
  return r && fromPredictionRow(r)
}

export type NewPrediction = Omit<Prediction, 'id' | 'scannedAt'>

/** One finished file of a scan: either a prediction (new or reused by id) or the reason it could not be read. */
export type ScanItemResult =
  | { path: string; sha256: string; prediction: NewPrediction; duplicates?: readonly string[] }
  | { path: string; sha256: string; predictionId: number }
  | { path: string; sha256: string | null; error: string }

/**
 * Writes a batch of finished files (and, through `duplicates`, the other paths of the same content) in one
 * transaction: a crash loses at most the batch in flight, and no file is ever half-recorded. Returns the
 * prediction id of each item (undefined for unreadable files).
 */
export function recordScanItems(
  db: Database,
  scanId: number,
  items: readonly ScanItemResult[]
): (number | undefined)[] {
  const insertPrediction = stmt(
    db,
    `INSERT INTO predictions (sha256, model_id, tta, classes, probabilities, predicted, confidence, flagged, backend, created_at,
       ood_score, ood, flag_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertItem = stmt(
    db,
    `INSERT INTO scan_items (scan_id, path, sha256, prediction_id, error, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scan_id, path) DO UPDATE SET sha256 = excluded.sha256, prediction_id = excluded.prediction_id,
       error = excluded.error, created_at = excluded.created_at`
  )
  return db.transaction(() => {
    const now = new Date().toISOString()
    return items.map((it) => {
      let id: number | undefined
      if ('prediction' in it) {
        const p = it.prediction
        id = Number(
          insertPrediction.run(
            p.sha256,
            p.modelId,
            p.tta ? 1 : 0,
            JSON.stringify(p.classes),
            JSON.stringify(p.probabilities),
            p.predicted,
            p.confidence,
            p.flagged ? 1 : 0,
            p.backend,
            now,
            p.oodScore ?? null,
            p.ood === undefined || p.ood === null ? null : p.ood ? 1 : 0,
            p.flagReason ?? null
          ).lastInsertRowid
        )
      } else if ('predictionId' in it) id = it.predictionId
      insertItem.run(scanId, it.path, it.sha256, id ?? null, 'error' in it ? it.error : null, now)
      // Other files of this scan with the same content share the one prediction.
      if ('prediction' in it)
        for (const dup of it.duplicates ?? []) insertItem.run(scanId, dup, it.sha256, id!, null, now)
      return id
    })
  })()
}

export function unreadableFiles(db: Database, scanId: number): UnreadableFile[] {
  return stmt(
    db,
    'SELECT scan_id AS scanId, path, error AS reason FROM scan_items WHERE scan_id = ? AND error IS NOT NULL ORDER BY path'
  ).all(scanId) as UnreadableFile[]
}

/** Files of a scan whose prediction marked the image unfamiliar. */
export function unfamiliarCount(db: Database, scanId: number): number {
  return stmt(
    db,
    'SELECT count(*) FROM scan_items i JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ? AND p.ood = 1'
  )
    .pluck()
    .get(scanId) as number
}

/** Count of files of a scan per predicted class (files, not distinct contents: a duplicate counts twice). */
export function classCounts(db: Database, scanId: number): Record<string, number> {
  const rows = stmt(
    db,
    `SELECT p.predicted AS cls, count(*) AS n FROM scan_items i JOIN predictions p ON p.id = i.prediction_id
     WHERE i.scan_id = ? GROUP BY p.predicted ORDER BY p.predicted`
  ).all(scanId) as { cls: string; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.cls, r.n]))
}

/** What a scan's summary counts: its files, the unreadable ones, the flagged and the reviewed ones. */
export function scanCounts(
  db: Database,
  scanId: number
): { files: number; classified: number; unreadable: number; flagged: number; reviewed: number } {
  return stmt(
    db,
    `SELECT count(*) AS files, count(i.prediction_id) AS classified, count(i.error) AS unreadable,
       coalesce(sum(p.flagged), 0) AS flagged,
       coalesce(sum(EXISTS (SELECT 1 FROM review_log r WHERE r.sha256 = i.sha256)), 0) AS reviewed
     FROM scan_items i LEFT JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ?`
  ).get(scanId) as {
    files: number
    classified: number
    unreadable: number
    flagged: number
    reviewed: number
  }
}

/** Files seen by quick checks: each stays viewable on its own (their folders do not). */
export function quickCheckedFiles(db: Database): string[] {
  return (
    stmt(db, "SELECT i.path FROM scan_items i JOIN scans s ON s.id = i.scan_id WHERE s.kind = 'quick'")
      .raw(true)
      .all() as [string][]
  ).map((r) => r[0])
}

/** Folders the window may show images from: every dataset's root and every scanned folder (not quick checks). */
export function viewableFolders(db: Database): string[] {
  return (
    stmt(db, "SELECT root FROM datasets UNION SELECT folder FROM scans WHERE kind = 'scan'")
      .raw(true)
      .all() as [string][]
  ).map((r) => r[0])
}

/** The content hash the newest scan recorded for a file path, if any scan read it. */
export function latestShaAtPath(db: Database, path: string): string | undefined {
  return stmt(
    db,
    'SELECT sha256 FROM scan_items WHERE path = ? AND sha256 IS NOT NULL ORDER BY id DESC LIMIT 1'
  )
    .pluck()
    .get(path) as string | undefined
}
