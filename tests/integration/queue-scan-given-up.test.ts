import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../src/main/core/db/postgres/store'
import type { Store } from '../../src/main/core/db/store'
import { getModel } from '../../src/main/core/engine/models/registry'
import { startQueue } from '../../src/main/core/queue/boss'
import { enqueueScan } from '../../src/main/core/queue/enqueue'
import { queuedScans } from '../../src/main/services/queue'
import { runCliWith } from '../helpers/cli'
import { queueLab, type QueueLab } from '../helpers/queue-lab'
import { ariaFiles, copyInto } from './scan-model.fixture'

/**
 * A queued scan whose batch dies on every try: each worker that takes it is killed while it holds it (a batch that
 * crashes its worker), so pg-boss gives the batch up once its lease has lapsed one time more than its retry limit
 * allows. The scan then ends failed, saying which batch and how to finish it; `scan --wait` exits 1 with that, the
 * app lists it so; and queuing the folder again, once nothing kills the workers, classifies only what is missing —
 * every image with exactly one prediction.
 */
const IMAGES = 20
const BATCH = 10
// Long enough for a live worker to finish a 10-image batch (model loading included) within its lease.
const LEASE_SECONDS = 5
// One retry: the batch is taken twice, by two workers killed in turn (the default allows five).
const TIMING = { leaseSeconds: LEASE_SECONDS, retryLimit: 1 }

let root: string
let lab: QueueLab
let store: Store
let folder: string

/** Waits (up to 60 s) until process `pid` holds batch `batch` of the scan, or any batch when none is named. */
async function holding(scanId: number, pid: number, batch?: number): Promise<number> {
  for (let i = 0; i < 2400; i++) {
    const [held] = await lab.rows<{ batch: number }>(
      `SELECT batch FROM scan_batches WHERE scan_id = $1 AND pid = $2 AND state = 'running'
         AND ($3::int IS NULL OR batch = $3)`,
      [scanId, pid, batch ?? null]
    )
    if (held) return held.batch
    await sleep(25)
  }
  throw new Error(`process ${pid} never held batch ${batch ?? 'any'} of scan ${scanId}`)
}

const cli = (...args: string[]) => runCliWith(lab.env(), '--data-dir', lab.dataDir, ...args)

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-given-up-'))
  lab = await queueLab(root, LEASE_SECONDS)
  folder = join(root, 'incoming')
  copyInto(folder, [...ariaFiles('Benign', IMAGES / 2, 24), ...ariaFiles('Early', IMAGES / 2, 24)])
  store = await openPostgresStore(lab.database.url)
}, 300_000)

afterAll(async () => {
  await store?.close()
  await lab?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a queued scan whose batch dies on every try', () => {
  it('ends failed with its reason and how to finish; queued again, it records only what is missing', async () => {
    // Queued as `scan --queue` queues it, with one retry (the command line keeps the default).
    const boss = await startQueue(store, { maintain: false, timing: TIMING })
    const queued = await enqueueScan(store, boss, TIMING, {
      folder,
      recursive: false,
      rescan: false,
      tta: false,
      fields: false,
      // The version active on the shared database (as `scan --queue` picks it).
      modelId: (await getModel(store, undefined)).id,
      batchSize: BATCH,
      flagThreshold: 0.5
    }).finally(() => boss.stop({ graceful: false, wait: true }))
    const { scanId } = queued
    expect(queued.batches).toBe(IMAGES / BATCH)

    // Each worker that holds the doomed batch is killed: the first takes it fresh, the second after its lease lapsed.
    const a = lab.startWorker()
    const doomed = await holding(scanId, a.child.pid!)
    a.child.kill('SIGKILL')
    await a.done
    const b = lab.startWorker()
    await holding(scanId, b.child.pid!, doomed)
    b.child.kill('SIGKILL')
    await b.done
    const [{ first }] = await lab.rows<{ first: string }>(
      `SELECT paths::json->0->>'path' AS first FROM scan_batches WHERE scan_id = $1 AND batch = $2`,
      [scanId, doomed]
    )

    // A third worker finishes what is left, sees the batch given up once its lease lapses, and ends the scan.
    const c = lab.startWorker(['--once'])
    const cEnd = await c.done
    expect(cEnd.code).toBe(0)
    expect(cEnd.err).toContain(`batch ${doomed} of scan ${scanId} (${BATCH} image(s) from ${first})`)
    expect(cEnd.err).toContain('was given up after 2 tries')
    const [scan] = await lab.rows<{ status: string; finished_at: string | null }>(
      'SELECT status, finished_at FROM scans WHERE id = $1',
      [scanId]
    )
    expect(scan.status).toBe('failed')
    expect(scan.finished_at).not.toBeNull()
    const batches = await lab.rows<{ batch: number; state: string; error: string | null }>(
      'SELECT batch, state, error FROM scan_batches WHERE scan_id = $1 ORDER BY batch',
      [scanId]
    )
    expect(batches.map((r) => r.state)).toEqual(batches.map((r) => (r.batch === doomed ? 'failed' : 'done')))
    expect(batches.find((r) => r.batch === doomed)!.error).toContain(first)

    // `scan --wait` ends at once: exit 1, one sentence with the count, the reason and the command to finish.
    const waited = await cli('scan', '--wait', String(scanId))
    expect(waited.code).toBe(1)
    expect(waited.err).toContain(`scan ${scanId} failed: 1 of 2 batch(es) failed on every try`)
    expect(waited.err).toContain(first)
    expect(waited.err).toContain(`leukolens scan ${folder} --queue`)
    // The app's list of queued scans says the same.
    const [view] = (await queuedScans({ store })).filter((s) => s.scanId === scanId)
    expect(view.status).toBe('failed')
    expect(view.error).toContain('1 of 2 batch(es) failed on every try')

    // Queued again with nothing killing its workers: only the given-up batch's images are classified.
    const again = await cli('--json', 'scan', folder, '--queue', '--batch-size', String(BATCH))
    expect(again.code).toBe(0)
    const rerun = JSON.parse(again.out) as { scanId: number; known: number; batches: number }
    expect(rerun).toMatchObject({ known: IMAGES - BATCH, batches: 1 })
    const w = lab.startWorker(['--once'])
    expect((await w.done).code).toBe(0)
    const done = await cli('--json', 'scan', '--wait', String(rerun.scanId))
    expect(done.code).toBe(0)
    expect(JSON.parse(done.out)).toMatchObject({ files: IMAGES, computed: BATCH, unreadable: 0 })
    const [counts] = await lab.rows<{ items: number; paths: number; predictions: number; contents: number }>(
      `SELECT (SELECT count(*) FROM scan_items WHERE scan_id = $1)::int AS items,
              (SELECT count(DISTINCT path) FROM scan_items WHERE scan_id = $1)::int AS paths,
              (SELECT count(*) FROM predictions)::int AS predictions,
              (SELECT count(DISTINCT sha256) FROM predictions)::int AS contents`,
      [rerun.scanId]
    )
    expect(counts).toEqual({ items: IMAGES, paths: IMAGES, predictions: IMAGES, contents: IMAGES })
  }, 240_000)
})
