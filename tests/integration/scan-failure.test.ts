import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqliteStore } from '../../src/main/core/db/store'
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { openDatabase } from '../../src/main/core/db/database'
import { loadScanModel } from '../../src/main/core/scan/model'
import { runScan } from '../../src/main/core/scan/run'
import { ariaFiles, copyInto, trainedSetup, type TrainedSetup } from './scan-model.fixture'
import { SHARED } from '../helpers/shared'
import { dbsOf } from '../helpers/scan-store'

/**
 * Every scan ends. The step that saves results of images whose features are already stored (the training images
 * here) used to run outside the scan's error handling: an error there left the extraction workers running, so the
 * process never exited and the scan stayed `running`. Each trigger below must end the scan process with a
 * non-zero exit and a clear message, and a rerun must resume the same scan.
 */
const BIN = resolve(__dirname, '../../bin/leukolens.mjs')
const ENV = { ...process.env, LEUKOLENS_BACKEND: 'wasm', LEUKOLENS_SHARED: SHARED }
/** Far above any normal end of this small scan: a process still alive then is hung, and is killed. */
const HUNG_AFTER_MS = 120_000

let root: string
let setup: TrainedSetup
let folder: string
let files: number

interface Run {
  code: number | null
  hung: boolean
  stdout: string
  stderr: string
}

function scanCli(...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [BIN, '--data-dir', setup.dirs.root, ...args], {
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += String(d)))
  child.stderr.on('data', (d) => (stderr += String(d)))
  let hung = false
  const timer = setTimeout(() => {
    hung = true
    child.kill('SIGKILL')
  }, HUNG_AFTER_MS)
  return new Promise((res) =>
    child.on('exit', (code) => {
      clearTimeout(timer)
      res({ code, hung, stdout, stderr })
    })
  )
}

function withDb<T>(f: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(setup.dirs.db)
  try {
    return f(db)
  } finally {
    db.close()
  }
}

const scans = (): { id: number; status: string }[] =>
  withDb((db) => db.prepare('SELECT id, status FROM scans ORDER BY id').all() as never)

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-scanfail-'))
  setup = await trainedSetup(root)
  setup.db.close()
  // Training images (features stored: only the head runs) and new cells (the extraction workers start).
  folder = join(root, 'incoming')
  const train = join(root, 'train', 'Benign')
  copyInto(
    folder,
    readdirSync(train)
      .slice(0, 6)
      .map((f) => join(train, f))
  )
  copyInto(folder, ariaFiles('Pre', 4, 200))
  files = readdirSync(folder).length
}, 400_000)

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a scan that fails ends, and a rerun resumes it', () => {
  let firstScan = 0

  it('disk full while saving results of images with stored features: exits non-zero, scan failed', async () => {
    // An injected failing statement where the results are saved (the first prediction of the scan).
    withDb((db) =>
      db.exec(
        `CREATE TRIGGER inject_full BEFORE INSERT ON predictions BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`
      )
    )
    const r = await scanCli('scan', folder, '--workers', '1')
    expect(r.hung, `the scan process hung: ${r.stderr}`).toBe(false)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /scan \d+ of .*incoming stopped: database or disk is full\. Finished results are kept; run the same scan again to resume it\./
    )
    const s = scans()
    expect(s.map((x) => x.status)).toEqual(['failed'])
    firstScan = s[0].id
    withDb((db) => db.exec('DROP TRIGGER inject_full'))
  }, 200_000)

  it('a locked database: exits non-zero naming the database file, the scan is left resumable', async () => {
    const holder = new BetterSqlite3(setup.dirs.db)
    holder.exec('BEGIN IMMEDIATE')
    holder.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('lock.test', '1', 'now')").run()
    let r: Run
    try {
      r = await scanCli('scan', folder, '--workers', '1')
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect(r.hung, `the scan process hung: ${r.stderr}`).toBe(false)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${setup.dirs.db} is locked by another process`)
    expect(scans().every((x) => x.status !== 'done')).toBe(true)
  }, 200_000)

  it('a model version with a bad threshold: exits non-zero, no scan left running', async () => {
    const good = withDb(
      (db) => db.prepare('SELECT threshold FROM models WHERE id = ?').pluck().get(setup.modelId) as string
    )
    withDb((db) =>
      db
        .prepare('UPDATE models SET threshold = ? WHERE id = ?')
        .run(JSON.stringify({ positiveClass: 'BANANA', value: 0.5 }), setup.modelId)
    )
    let r: Run
    try {
      r = await scanCli('scan', folder, '--workers', '1')
    } finally {
      withDb((db) => db.prepare('UPDATE models SET threshold = ? WHERE id = ?').run(good, setup.modelId))
    }
    expect(r.hung, `the scan process hung: ${r.stderr}`).toBe(false)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('BANANA')
    expect(scans().every((x) => x.status !== 'running')).toBe(true)
  }, 200_000)

  it('the rerun resumes the first scan and records every file once', async () => {
    const r = await scanCli('--json', 'scan', folder, '--workers', '1')
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout)
    expect(summary.scanId).toBe(firstScan)
    expect(summary.files).toBe(files)
    expect(scans()).toEqual([{ id: firstScan, status: 'done' }])
    const perPath = withDb((db) =>
      db
        .prepare('SELECT count(*) FROM scan_items WHERE scan_id = ? AND prediction_id IS NOT NULL')
        .pluck()
        .get(firstScan)
    )
    expect(perPath).toBe(files)
  }, 200_000)

  it('real SQLITE_FULL (max_page_count) in the scan itself: the error says the disk holding the database is full', async () => {
    const db = openDatabase(setup.dirs.db)
    const store = sqliteStore(db)
    const { model } = await loadScanModel(store, setup.dirs)
    try {
      const pages = db.pragma('page_count', { simple: true }) as number
      db.pragma(`max_page_count = ${pages}`)
      const more = join(root, 'more')
      copyInto(more, ariaFiles('Pro', 40, 200))
      await expect(runScan(dbsOf(db), setup.dirs, model, { folder: more, workers: 1 })).rejects.toThrow(
        new RegExp(
          `(stopped: )?the disk holding ${setup.dirs.db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is full`
        )
      )
      expect(db.prepare("SELECT count(*) FROM scans WHERE status = 'running'").pluck().get() as number).toBe(
        0
      )
    } finally {
      model.head.dispose()
      db.close()
    }
  }, 200_000)
})
