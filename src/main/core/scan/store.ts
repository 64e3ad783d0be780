import type { Database } from 'better-sqlite3'
import type { Prediction, ScanRecord, ScanStatus, UnreadableFile } from '../../../shared/types/scan'

/**
 * SQL of the scan domain (migration 004): scans, predictions and the files each scan saw. Insert-and-read only —
 * a prediction, once stored, is never edited; a rescan adds a newer one.
 */

interface ScanRow {
  id: number
  folder: string
  recursive: number
  model_id: string
  tta: number
  flag_threshold: number
  status: ScanStatus
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
  ood_score: number | null
  ood: number | null
  flag_reason: string | null
}

function fromScanRow(r: ScanRow): ScanRecord {
  return {
    id: r.id,
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
  folder: string
  recursive: boolean
  modelId: string
  tta: boolean
  flagThreshold: number
  backend: string
}

export function createScan(db: Database, s: NewScan): ScanRecord {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO scans (folder, recursive, model_id, tta, flag_threshold, status, pid, backend, started_at)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`
    )
    .run(s.folder, s.recursive ? 1 : 0, s.modelId, s.tta ? 1 : 0, s.flagThreshold, process.pid, s.backend, new Date().toISOString())
  return getScan(db, Number(lastInsertRowid))!
}

export function getScan(db: Database, id: number): ScanRecord | undefined {
  const r = db.prepare('SELECT * FROM scans WHERE id = ?').get(id) as ScanRow | undefined
  return r && fromScanRow(r)
}

export function listScans(db: Database, limit = 50): ScanRecord[] {
  return (db.prepare('SELECT * FROM scans ORDER BY id DESC LIMIT ?').all(limit) as ScanRow[]).map(fromScanRow)
}

function processAlive(pid: number | null): boolean {
  if (!pid || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The newest scan of the same folder with the same options that did not finish (killed or cancelled) and whose
 * process is gone — a rerun continues it instead of starting a second scan of the same files.
 */
export function findResumableScan(db: Database, s: Omit<NewScan, 'backend' | 'flagThreshold'>): ScanRecord | undefined {
  const rows = db
    .prepare(
      `SELECT *, pid FROM scans WHERE folder = ? AND model_id = ? AND status IN ('running', 'cancelled')
       AND recursive = ? AND tta = ? ORDER BY id DESC`
    )
    .all(s.folder, s.modelId, s.recursive ? 1 : 0, s.tta ? 1 : 0) as (ScanRow & { pid: number | null })[]
  const r = rows.find((row) => !processAlive(row.pid))
  if (!r) return undefined
  db.prepare("UPDATE scans SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?").run(process.pid, r.id)
  return getScan(db, r.id)
}

export function finishScan(db: Database, id: number, status: Exclude<ScanStatus, 'running'>): void {
  db.prepare('UPDATE scans SET status = ?, finished_at = ? WHERE id = ?').run(status, new Date().toISOString(), id)
}

/** Paths this scan has already recorded (a result or an error), so a resumed scan skips them. */
export function scannedPaths(db: Database, scanId: number): Set<string> {
  const rows = db.prepare('SELECT path FROM scan_items WHERE scan_id = ?').pluck().all(scanId) as string[]
  return new Set(rows)
}

/** The newest prediction of this content by this model version, if any. */
export function latestPrediction(db: Database, sha256: string, modelId: string, tta: boolean): Prediction | undefined {
  const r = db
    .prepare('SELECT * FROM predictions WHERE sha256 = ? AND model_id = ? AND tta = ? ORDER BY id DESC LIMIT 1')
    .get(sha256, modelId, tta ? 1 : 0) as PredictionRow | undefined
  return r && fromPredictionRow(r)
}

export function getPrediction(db: Database, id: number): Prediction | undefined {
  const r = db.prepare('SELECT * FROM predictions WHERE id = ?').get(id) as PredictionRow | undefined
  return r && fromPredictionRow(r)
}

export type NewPrediction = Omit<Prediction, 'id' | 'scannedAt'>

/** One finished file of a scan: either a prediction (new or reused by id) or the reason it could not be read. */
export type ScanItemResult =
  | { path: string; sha256: string; prediction: NewPrediction; duplicates?: readonly string[] }
  | { path: string; sha256: string; predictionId: number }
  | { path: string; sha256: string | null; error: string }

/**
 * Writes a batch of finished files (and, through `duplicates`, the other paths of the same content) in one transaction: a crash loses at most the batch in flight, and no file
 * is ever half-recorded. Returns the prediction id of each item (undefined for unreadable files).
 */
export function recordScanItems(db: Database, scanId: number, items: readonly ScanItemResult[]): (number | undefined)[] {
  const insertPrediction = db.prepare(
    `INSERT INTO predictions (sha256, model_id, tta, classes, probabilities, predicted, confidence, flagged, backend, created_at,
       ood_score, ood, flag_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertItem = db.prepare(
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
      if ('prediction' in it) for (const dup of it.duplicates ?? []) insertItem.run(scanId, dup, it.sha256, id!, null, now)
      return id
    })
  })()
}

export function unreadableFiles(db: Database, scanId: number): UnreadableFile[] {
  return db
    .prepare('SELECT scan_id AS scanId, path, error AS reason FROM scan_items WHERE scan_id = ? AND error IS NOT NULL ORDER BY path')
    .all(scanId) as UnreadableFile[]
}

/** Files of a scan whose prediction marked the image unfamiliar. */
export function unfamiliarCount(db: Database, scanId: number): number {
  return db
    .prepare('SELECT count(*) FROM scan_items i JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ? AND p.ood = 1')
    .pluck()
    .get(scanId) as number
}

/** Count of files of a scan per predicted class (files, not distinct contents: a duplicate counts twice). */
export function classCounts(db: Database, scanId: number): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT p.predicted AS cls, count(*) AS n FROM scan_items i JOIN predictions p ON p.id = i.prediction_id
       WHERE i.scan_id = ? GROUP BY p.predicted ORDER BY p.predicted`
    )
    .all(scanId) as { cls: string; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.cls, r.n]))
}
