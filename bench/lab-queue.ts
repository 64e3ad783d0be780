/**
 * The queue part of `npm run bench:lab`: what the job queue adds per batch, and images per second of a queued scan
 * with one and with two worker processes on this machine, against a plain scan of the same images in one process.
 * Prints measured figures only.
 *
 * Overhead per batch: everything a worker does for a batch except reading and classifying its images — the
 * queue's fetch and completion, taking the batch, looking up what is recorded, and the transaction that records
 * 50 predictions and 50 items, marks the batch done and checks for the scan's end — timed in this process on
 * synthetic results. Throughput: real worker processes (the built CLI) on real Aria cells, from the moment the
 * scan is queued to the moment it is done, model loading included, as a lab sees it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { resolve } from 'node:path'
import pg from 'pg'
import { write, lockFor, type Store } from '../src/main/core/db/store'
import { openPostgresStore } from '../src/main/core/db/postgres/store'
import {
  finishBatch,
  finishScanIfComplete,
  insertBatches,
  insertQueuedScan,
  queuedScanProgress,
  takeBatch
} from '../src/main/core/db/queries/scan-batches'
import { recordedPaths, recordItemsOnce } from '../src/main/core/db/queries/scan-items-once'
import { SCAN_BATCH_QUEUE, sendBatchJobs, startQueue, type ScanBatchJob } from '../src/main/core/queue/boss'
import { DEFAULT_TIMING } from '../src/main/core/queue/timing'
import type { ScanItemResult } from '../src/main/core/db/queries/scan-items'

const BIN = resolve(import.meta.dirname, '../bin/leukolens.mjs')
const BATCH = 50

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** 50 synthetic results of distinct content, as a batch's transaction writes them. */
function syntheticBatch(scan: number, batch: number): ScanItemResult[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const sha256 = `${scan}-${batch}-${i}`.padEnd(64, '0')
    return {
      path: `/bench/${batch}/${i}.jpg`,
      sha256,
      prediction: {
        sha256,
        modelId: 'bench',
        classes: ['ALL', 'HEM'],
        probabilities: [0.7, 0.3],
        predicted: 'ALL',
        confidence: 0.7,
        flagged: true,
        oodScore: 0.2,
        ood: false,
        flagReason: 'confidence 0.70 below 0.80',
        tta: false,
        backend: 'wasm'
      }
    }
  })
}

/** Milliseconds per batch of the queue's own work (median over `batches`). */
export async function queueOverhead(
  store: Store,
  batches = 40
): Promise<{ median: number; batches: number }> {
  const boss = await startQueue(store, { maintain: false })
  try {
    const scanId = await write(store, async (trx) => {
      const id = await insertQueuedScan(trx, {
        folder: '/bench',
        recursive: false,
        modelId: 'bench',
        tta: false,
        flagThreshold: 0.8,
        backend: 'queue'
      })
      await insertBatches(
        trx,
        id,
        Array.from({ length: batches }, () => ({ paths: '[]', images: BATCH }))
      )
      await sendBatchJobs(
        boss,
        trx,
        Array.from({ length: batches }, (_, batch) => ({ scanId: id, batch })),
        DEFAULT_TIMING
      )
      return id
    })
    const times: number[] = []
    const me = { machine: 'bench', pid: process.pid }
    for (;;) {
      const t0 = performance.now()
      const [job] = await boss.fetch<ScanBatchJob>(SCAN_BATCH_QUEUE, { batchSize: 1 })
      if (!job) break
      const { batch } = job.data
      await takeBatch(store.k, scanId, batch, me)
      const items = syntheticBatch(scanId, batch)
      await recordedPaths(
        store.k,
        scanId,
        items.map((i) => i.path)
      )
      await write(store, async (trx) => {
        await lockFor(store, trx, `queued-scan:${scanId}`)
        const r = await recordItemsOnce(trx, scanId, items)
        await finishBatch(trx, scanId, batch, {
          computed: r.predictions,
          classified: r.files,
          backend: 'wasm',
          ...me
        })
        await finishScanIfComplete(trx, scanId)
      })
      await boss.complete(SCAN_BATCH_QUEUE, job.id)
      times.push(performance.now() - t0)
    }
    return { median: median(times), batches: times.length }
  } finally {
    await boss.stop({ graceful: false, wait: true })
  }
}

function cli(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`leukolens ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

function worker(dataDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'worker', '--once'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit']
    })
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`worker exited with ${code}`))))
  })
}

/** Images per second of a queued scan of `folder` with `workers` worker processes, queue to done. */
export async function queuedRate(
  url: string,
  dataDir: string,
  folder: string,
  workers: number,
  env: NodeJS.ProcessEnv
): Promise<{ rate: number; seconds: number; images: number; machines: string[] }> {
  const e = { ...env, LEUKOLENS_DATABASE_URL: url }
  const t0 = performance.now()
  const { scanId } = JSON.parse(
    cli(dataDir, e, '--json', 'scan', folder, '--queue', '--rescan', '--batch-size', String(BATCH))
  ) as { scanId: number }
  await Promise.all(Array.from({ length: workers }, () => worker(dataDir, e)))
  const seconds = (performance.now() - t0) / 1000
  const store = await openPostgresStore(url)
  try {
    const p = (await queuedScanProgress(store.k, scanId))!
    if (p.status !== 'done') throw new Error(`queued scan ${scanId} ended ${p.status}`)
    return {
      rate: p.computed / seconds,
      seconds,
      images: p.computed,
      machines: p.machines.map((m) => `${m.machine}:${m.pid} ${m.done} batches`)
    }
  } finally {
    await store.close()
  }
}

/** Images per second of a plain scan (one process, `workers` extraction threads), command to summary. */
export function plainRate(
  dataDir: string,
  folder: string,
  workers: number,
  env: NodeJS.ProcessEnv
): { rate: number; seconds: number; images: number } {
  const t0 = performance.now()
  const s = JSON.parse(
    cli(dataDir, env, '--json', 'scan', folder, '--rescan', '--workers', String(workers))
  ) as { computed: number }
  const seconds = (performance.now() - t0) / 1000
  return { rate: s.computed / seconds, seconds, images: s.computed }
}

/** A fresh database on the server at `admin` (copied from its migrated template); its URL. */
export async function benchDatabase(admin: string, template: string): Promise<string> {
  const c = new pg.Client({ connectionString: `${admin}/postgres` })
  await c.connect()
  const name = `bench_${process.pid}`
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name}`)
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  } finally {
    await c.end()
  }
  return `${admin}/${name}`
}
