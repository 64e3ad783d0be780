import { sql } from 'kysely'
import type {
  Prediction,
  ScanKind,
  ScanRecord,
  ScanStatus,
  UnreadableFile
} from '../../../../shared/types/scan'
import type { Queries } from '../store'

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
  /** Migration 016: a queued scan (its batches name their workers; no process of its own). */
  queued: number
  /** Migration 018: the machine running it and when it last said so (null on rows from before). */
  host: string | null
  heartbeat_at: string | null
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
    finishedAt: r.finished_at,
    host: r.host,
    pid: r.pid,
    heartbeatAt: r.heartbeat_at,
    queued: r.queued === 1
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

/** Which machine runs a scan, and when it last said so (ISO time): what another machine judges it alive by. */
export interface ScanLease {
  host: string
  heartbeatAt: string
}

export async function insertScan(q: Queries, s: NewScan, pid: number, lease?: ScanLease): Promise<number> {
  const r = await q
    .insertInto('scans')
    .values({
      kind: s.kind ?? 'scan',
      fields: s.fields ? 1 : 0,
      folder: s.folder,
      recursive: s.recursive ? 1 : 0,
      model_id: s.modelId,
      tta: s.tta ? 1 : 0,
      flag_threshold: s.flagThreshold,
      status: 'running',
      pid,
      host: lease?.host ?? null,
      heartbeat_at: lease?.heartbeatAt ?? null,
      backend: s.backend,
      started_at: new Date().toISOString()
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

export async function getScan(q: Queries, id: number): Promise<ScanRecord | undefined> {
  const r = await q.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst()
  return r && fromScanRow(r as ScanRow)
}

export async function listScans(q: Queries, limit = 50): Promise<ScanRecord[]> {
  const rows = await q.selectFrom('scans').selectAll().orderBy('id', 'desc').limit(limit).execute()
  return rows.map((r) => fromScanRow(r as ScanRow))
}

/**
 * Unfinished folder scans (never quick checks) with these options, newest first, with the machine and process that
 * ran them: field scans with field scans, plain ones with plain ones. Queued ones are among them (one still running
 * is a scan of the same files in progress; none is resumed by a plain scan).
 */
export async function unfinishedScans(
  q: Queries,
  s: Pick<NewScan, 'folder' | 'modelId' | 'recursive' | 'tta' | 'fields'>
): Promise<ScanRow[]> {
  const rows = await q
    .selectFrom('scans')
    .selectAll()
    .where('folder', '=', s.folder)
    .where('model_id', '=', s.modelId)
    .where('status', 'in', ['running', 'cancelled', 'failed'])
    .where('recursive', '=', s.recursive ? 1 : 0)
    .where('tta', '=', s.tta ? 1 : 0)
    .where('kind', '=', 'scan')
    .where('fields', '=', s.fields ? 1 : 0)
    .orderBy('id', 'desc')
    .execute()
  return rows as ScanRow[]
}

/** The newest finished folder scan of the same folder, model version and options: a plain rerun continues it. */
export async function finishedScanOf(
  q: Queries,
  s: Pick<NewScan, 'folder' | 'modelId' | 'recursive' | 'tta'>
): Promise<ScanRecord | undefined> {
  const r = await q
    .selectFrom('scans')
    .selectAll()
    .where('folder', '=', s.folder)
    .where('model_id', '=', s.modelId)
    .where('status', '=', 'done')
    .where('recursive', '=', s.recursive ? 1 : 0)
    .where('tta', '=', s.tta ? 1 : 0)
    .where('kind', '=', 'scan')
    .where('fields', '=', 0)
    // A queued scan's record belongs to its batches: a plain rerun makes its own.
    .where('queued', '=', 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r && fromScanRow(r as ScanRow)
}

/** The other field scans of a scan's folder with the same model version, oldest first. */
export async function otherFieldScansOf(q: Queries, scanId: number): Promise<number[]> {
  const rows = await q
    .selectFrom('scans as s')
    .innerJoin('scans as o', (j) =>
      j.onRef('o.folder', '=', 's.folder').onRef('o.model_id', '=', 's.model_id').on('o.fields', '=', 1)
    )
    .select('o.id')
    .where('s.id', '=', scanId)
    .whereRef('o.id', '<>', 's.id')
    .orderBy('o.id')
    .execute()
  return rows.map((r) => r.id)
}

/** Scans of a model version still marked running (their process may be gone). */
export async function runningScansOfModel(q: Queries, modelId: string): Promise<ScanRow[]> {
  const rows = await q
    .selectFrom('scans')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('status', '=', 'running')
    .execute()
  return rows as ScanRow[]
}

/** Marks a scan as running again in process `pid` (of `lease.host`). */
export async function reopenScan(q: Queries, id: number, pid: number, lease?: ScanLease): Promise<void> {
  await q
    .updateTable('scans')
    .set({
      status: 'running',
      pid,
      host: lease?.host ?? null,
      heartbeat_at: lease?.heartbeatAt ?? null,
      finished_at: null
    })
    .where('id', '=', id)
    .execute()
}

/**
 * The running scan says it still runs (`at`, ISO time). Only while the row is still its own: a scan that another
 * machine took over after this one went quiet (stalled past the lease) is not taken back by a late beat. Returns
 * whether the row was its own.
 */
export async function touchScan(
  q: Queries,
  id: number,
  owner: { pid: number; host: string },
  at: string
): Promise<boolean> {
  const r = await q
    .updateTable('scans')
    .set({ heartbeat_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('pid', '=', owner.pid)
    .where('host', '=', owner.host)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function finishScan(
  q: Queries,
  id: number,
  status: Exclude<ScanStatus, 'running'>
): Promise<void> {
  await q
    .updateTable('scans')
    .set({ status, finished_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute()
}

/** Paths this scan has already recorded (a result or an error), so a resumed scan skips them. */
export async function scannedPaths(q: Queries, scanId: number): Promise<Set<string>> {
  const rows = await q.selectFrom('scan_items').select('path').where('scan_id', '=', scanId).execute()
  return new Set(rows.map((r) => r.path))
}

/** The newest prediction of this content by this model version, if any. */
export async function latestPrediction(
  q: Queries,
  sha256: string,
  modelId: string,
  tta: boolean
): Promise<Prediction | undefined> {
  const r = await q
    .selectFrom('predictions')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('model_id', '=', modelId)
    .where('tta', '=', tta ? 1 : 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r && fromPredictionRow(r)
}

export async function getPrediction(q: Queries, id: number): Promise<Prediction | undefined> {
  const r = await q.selectFrom('predictions').selectAll().where('id', '=', id).executeTakeFirst()
  return r && fromPredictionRow(r)
}

export async function unreadableFiles(q: Queries, scanId: number): Promise<UnreadableFile[]> {
  return q
    .selectFrom('scan_items')
    .select(['scan_id as scanId', 'path', 'error as reason'])
    .where('scan_id', '=', scanId)
    .where('error', 'is not', null)
    .orderBy('path')
    .execute() as Promise<UnreadableFile[]>
}

/** Files of a scan whose prediction marked the image unfamiliar. */
export async function unfamiliarCount(q: Queries, scanId: number): Promise<number> {
  const r = await q
    .selectFrom('scan_items as i')
    .innerJoin('predictions as p', 'p.id', 'i.prediction_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.scan_id', '=', scanId)
    .where('p.ood', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Count of files of a scan per predicted class (files, not distinct contents: a duplicate counts twice). */
export async function classCounts(q: Queries, scanId: number): Promise<Record<string, number>> {
  const rows = await q
    .selectFrom('scan_items as i')
    .innerJoin('predictions as p', 'p.id', 'i.prediction_id')
    .select((eb) => ['p.predicted as cls', eb.fn.countAll<number>().as('n')])
    .where('i.scan_id', '=', scanId)
    .groupBy('p.predicted')
    .orderBy('p.predicted')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.cls, Number(r.n)]))
}

export interface ScanCounts {
  files: number
  classified: number
  unreadable: number
  flagged: number
  reviewed: number
}

/** What a scan's summary counts: its files, the unreadable ones, the flagged and the reviewed ones. */
export async function scanCounts(q: Queries, scanId: number): Promise<ScanCounts> {
  const r = await sql<ScanCounts>`
    SELECT count(*) AS files, count(i.prediction_id) AS classified, count(i.error) AS unreadable,
      coalesce(sum(p.flagged), 0) AS flagged,
      coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM review_log r WHERE r.sha256 = i.sha256) THEN 1 ELSE 0 END), 0)
        AS reviewed
    FROM scan_items i LEFT JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ${scanId}`.execute(
    q
  )
  const c = r.rows[0]
  return {
    files: Number(c.files),
    classified: Number(c.classified),
    unreadable: Number(c.unreadable),
    flagged: Number(c.flagged),
    reviewed: Number(c.reviewed)
  }
}

/** Files seen by quick checks: each stays viewable on its own (their folders do not). */
export async function quickCheckedFiles(q: Queries): Promise<string[]> {
  const rows = await q
    .selectFrom('scan_items as i')
    .innerJoin('scans as s', 's.id', 'i.scan_id')
    .select('i.path')
    .where('s.kind', '=', 'quick')
    .execute()
  return rows.map((r) => r.path)
}

/** Folders of folder scans (not quick checks): the window may show images from them. */
export async function scannedFolders(q: Queries): Promise<string[]> {
  const rows = await q.selectFrom('scans').select('folder').distinct().where('kind', '=', 'scan').execute()
  return rows.map((r) => r.folder)
}

/** The content hash the newest scan recorded for a file path, if any scan read it. */
export async function latestShaAtPath(q: Queries, path: string): Promise<string | undefined> {
  const r = await q
    .selectFrom('scan_items')
    .select('sha256')
    .where('path', '=', path)
    .where('sha256', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r?.sha256 ?? undefined
}
