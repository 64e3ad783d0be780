import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/cli'
import { queueLab, type QueueLab } from '../helpers/queue-lab'
import { ariaFiles, copyInto } from './scan-model.fixture'

/**
 * A scan spread over worker processes on the shared PostgreSQL database, as a lab runs it: queued by one command,
 * worked on by two `leukolens worker` processes, one of them SIGKILLed while it holds a batch, a third started
 * after. Every image ends with exactly one prediction — none lost with the killed worker, none made twice when
 * its batch is taken over — and each gets the label a plain scan on the workstation's SQLite file gives it.
 */
const IMAGES = 400
const LEASE_SECONDS = 3

let root: string
let lab: QueueLab
let dataDir: string
let dbFile: string
let folder: string
const env = (): Record<string, string> => lab.env()
/** The workstation on its own SQLite file: no shared database, nobody signs in. */
const alone = (): Record<string, string | undefined> => lab.alone()
const startWorker = (...args: string[]) => lab.startWorker(args)

async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return lab.rows<T>(text, values)
}

/** The batch of the scan that process `pid` holds, once it holds one (waits up to 15 s). */
async function batchHeldBy(scanId: number, pid: number): Promise<{ batch: number }> {
  for (let i = 0; i < 600; i++) {
    const [held] = await rows<{ batch: number }>(
      "SELECT batch FROM scan_batches WHERE scan_id = $1 AND pid = $2 AND state = 'running'",
      [scanId, pid]
    )
    if (held) return held
    await sleep(25)
  }
  throw new Error(`process ${pid} never held a batch of scan ${scanId}`)
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-queue-'))
  lab = await queueLab(root, LEASE_SECONDS)
  dataDir = lab.dataDir
  dbFile = lab.setup.dirs.db
  // 400 distinct real cells not used in training.
  folder = join(root, 'incoming')
  copyInto(folder, [...ariaFiles('Benign', IMAGES / 2, 24), ...ariaFiles('Early', IMAGES / 2, 24)])
}, 300_000)

afterAll(async () => {
  await lab?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a queued scan over worker processes', () => {
  it('survives a worker killed mid-batch: one prediction per image, the labels of a plain scan', async () => {
    const queued = await runCliWith(
      env(),
      '--data-dir',
      dataDir,
      '--json',
      'scan',
      folder,
      '--queue',
      '--batch-size',
      '50'
    )
    expect(queued.err).toBe('')
    expect(queued.code).toBe(0)
    const { scanId, batches, files } = JSON.parse(queued.out) as {
      scanId: number
      batches: number
      files: number
    }
    expect(files).toBe(IMAGES)
    expect(batches).toBe(IMAGES / 50)

    const a = startWorker()
    const b = startWorker()
    // Kill A while it holds a batch (its first one includes loading the model: seconds to catch it in).
    const held = await batchHeldBy(scanId, a.child.pid!)
    a.child.kill('SIGKILL')
    expect((await a.done).code).toBe(null)
    const c = startWorker('--once')
    const cEnd = await c.done
    expect(cEnd.err).not.toMatch(/failed/)
    expect(cEnd.code).toBe(0)
    // B works until stopped: SIGTERM ends it cleanly.
    b.child.kill('SIGTERM')
    const bEnd = await b.done
    expect(bEnd.code).toBe(0)

    const waited = await runCliWith(env(), '--data-dir', dataDir, '--json', 'scan', '--wait', String(scanId))
    expect(waited.code).toBe(0)
    const summary = JSON.parse(waited.out) as { files: number; computed: number; unreadable: number }
    expect(summary).toMatchObject({ files: IMAGES, computed: IMAGES, unreadable: 0 })

    const [counts] = await rows<{ items: number; paths: number; predictions: number; contents: number }>(
      `SELECT (SELECT count(*) FROM scan_items WHERE scan_id = $1)::int AS items,
              (SELECT count(DISTINCT path) FROM scan_items WHERE scan_id = $1)::int AS paths,
              (SELECT count(*) FROM predictions)::int AS predictions,
              (SELECT count(DISTINCT sha256) FROM predictions)::int AS contents`,
      [scanId]
    )
    expect(counts).toEqual({ items: IMAGES, paths: IMAGES, predictions: IMAGES, contents: IMAGES })
    const [scan] = await rows<{ status: string }>('SELECT status FROM scans WHERE id = $1', [scanId])
    expect(scan.status).toBe('done')
    // The killed worker's batch was taken over by another process.
    const [taken] = await rows<{ attempts: number; pid: number; state: string }>(
      'SELECT attempts, pid, state FROM scan_batches WHERE scan_id = $1 AND batch = $2',
      [scanId, held.batch]
    )
    expect(taken.state).toBe('done')
    expect(taken.attempts).toBeGreaterThanOrEqual(2)
    expect(taken.pid).not.toBe(a.child.pid)
    // Every batch names the machine and the process that recorded it.
    const workers = await rows<{ machine: string; pid: number }>(
      'SELECT DISTINCT machine, pid FROM scan_batches WHERE scan_id = $1',
      [scanId]
    )
    for (const w of workers) {
      expect(w.machine).toBe(hostname())
      expect([b.child.pid, c.child.pid]).toContain(w.pid)
    }

    // The same folder scanned on the workstation's SQLite file gives every image the same label.
    const plain = await runCliWith(alone(), '--data-dir', dataDir, '--json', 'scan', folder)
    expect(plain.code).toBe(0)
    const plainId = (JSON.parse(plain.out) as { scanId: number }).scanId
    const local = new BetterSqlite3(dbFile, { readonly: true })
    const plainLabels = new Map(
      (
        local
          .prepare(
            'SELECT i.path, p.predicted FROM scan_items i JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = ?'
          )
          .all(plainId) as { path: string; predicted: string }[]
      ).map((r) => [r.path, r.predicted])
    )
    local.close()
    const queuedLabels = new Map(
      (
        await rows<{ path: string; predicted: string }>(
          'SELECT i.path, p.predicted FROM scan_items i JOIN predictions p ON p.id = i.prediction_id WHERE i.scan_id = $1',
          [scanId]
        )
      ).map((r) => [r.path, r.predicted])
    )
    expect(plainLabels.size).toBe(IMAGES)
    expect(queuedLabels).toEqual(plainLabels)

    // Queued again, nothing is computed: every content has its prediction, reused; the scan is done at once.
    const again = await runCliWith(env(), '--data-dir', dataDir, '--json', 'scan', folder, '--queue')
    expect(JSON.parse(again.out)).toMatchObject({ files: IMAGES, batches: 0, known: IMAGES })
    const againId = (JSON.parse(again.out) as { scanId: number }).scanId
    const text = await runCliWith(env(), '--data-dir', dataDir, 'scan', '--wait', String(againId))
    expect(text.err).toMatch(/0\/0 batches, 0\/0 images; nothing to compute/)
    expect(text.code).toBe(0)
    expect(text.out).toMatch(
      new RegExp(
        `Finished scan ${againId} of .*\\n  ${IMAGES} files: 0 classified now .*, ${IMAGES} already known`
      )
    )
    const [{ n }] = await rows<{ n: number }>('SELECT count(*)::int AS n FROM predictions')
    expect(n).toBe(IMAGES)
  })

  it('a stopped worker (SIGTERM) finishes the batch in hand and takes no other', async () => {
    const more = join(root, 'more')
    copyInto(more, ariaFiles('Early', 100, 24 + IMAGES / 2))
    const queued = await runCliWith(env(), '--data-dir', dataDir, '--json', 'scan', more, '--queue')
    const { scanId } = JSON.parse(queued.out) as { scanId: number }
    const w = startWorker()
    const held = await batchHeldBy(scanId, w.child.pid!)
    w.child.kill('SIGTERM')
    const end = await w.done
    expect(end.code).toBe(0)
    expect(end.err).toMatch(/stopping after the batch in hand/)
    const states = await rows<{ batch: number; state: string }>(
      'SELECT batch, state FROM scan_batches WHERE scan_id = $1 ORDER BY batch',
      [scanId]
    )
    expect(states).toEqual([
      { batch: 0, state: held.batch === 0 ? 'done' : 'queued' },
      { batch: 1, state: held.batch === 1 ? 'done' : 'queued' }
    ])
    const rest = startWorker('--once')
    expect((await rest.done).code).toBe(0)
    const [scan] = await rows<{ status: string; items: number }>(
      'SELECT status, (SELECT count(*)::int FROM scan_items WHERE scan_id = $1) AS items FROM scans WHERE id = $1',
      [scanId]
    )
    expect(scan).toEqual({ status: 'done', items: 100 })
  })

  it('refuses --queue without a PostgreSQL database in one sentence', async () => {
    const r = await runCliWith(alone(), '--data-dir', dataDir, 'scan', folder, '--queue')
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n').pop()).toMatch(
      /needs the lab's shared PostgreSQL database: give --database/
    )
  })
})
