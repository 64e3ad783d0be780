import { sql } from 'kysely'
import type { Queries } from '../store'
import type { NewScan } from './scans'

/**
 * SQL of queued scans (migration 016): the scan row a queue run makes, its batches, who works on them, and how far
 * the scan has come. The files a batch records go through scan-items-once.ts.
 */

export type BatchState = 'queued' | 'running' | 'done' | 'failed'

export interface BatchRow {
  scanId: number
  batch: number
  /** JSON: the batch's compute jobs (core/scan/plan.ts ComputeJob). */
  paths: string
  images: number
  state: BatchState
  attempts: number
}

/**
 * A queued scan: a running scan with no process of its own (its batches name their workers). A field scan keeps
 * its crop style, and `rescan` (compute every cell again), for the workers that find and classify its cells.
 */
export async function insertQueuedScan(
  q: Queries,
  s: NewScan & { cropStyle?: 'masked' | 'plain'; rescan?: boolean }
): Promise<number> {
  const row = await q
    .insertInto('scans')
    .values({
      kind: 'scan',
      fields: s.fields ? 1 : 0,
      crop_style: s.fields ? (s.cropStyle ?? 'masked') : null,
      rescan: s.rescan ? 1 : 0,
      folder: s.folder,
      recursive: s.recursive ? 1 : 0,
      model_id: s.modelId,
      tta: s.tta ? 1 : 0,
      flag_threshold: s.flagThreshold,
      status: 'running',
      queued: 1,
      pid: null,
      backend: s.backend,
      started_at: new Date().toISOString()
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertBatches(
  q: Queries,
  scanId: number,
  batches: readonly { paths: string; images: number }[]
): Promise<void> {
  for (let i = 0; i < batches.length; i += 200)
    await q
      .insertInto('scan_batches')
      .values(
        batches.slice(i, i + 200).map((b, j) => ({ scan_id: scanId, batch: i + j, ...b, state: 'queued' }))
      )
      .execute()
}

/** What a worker needs of the scan its batch belongs to: its model version and options, as a plain scan has them. */
export interface QueuedScanOptions {
  modelId: string
  flagThreshold: number
  tta: boolean
  /** A whole-field scan: its batches hold fields, whose cells the worker finds, crops and classifies. */
  fields: boolean
  cropStyle: 'masked' | 'plain'
  /** Compute every cell again (a field scan; a scan of cell images applied it when it was planned). */
  rescan: boolean
  status: string
}

export async function queuedScanOf(q: Queries, scanId: number): Promise<QueuedScanOptions | undefined> {
  const r = await q
    .selectFrom('scans')
    .select(['model_id', 'flag_threshold', 'tta', 'fields', 'crop_style', 'rescan', 'status'])
    .where('id', '=', scanId)
    .executeTakeFirst()
  return (
    r && {
      modelId: r.model_id,
      flagThreshold: r.flag_threshold,
      tta: r.tta === 1,
      fields: r.fields === 1,
      cropStyle: r.crop_style === 'plain' ? 'plain' : 'masked',
      rescan: r.rescan === 1,
      status: r.status
    }
  )
}

/**
 * A worker takes a batch: it is marked running on `machine` by process `pid`; undefined when the batch is done
 * already (its job came round again after another worker finished it).
 */
export async function takeBatch(
  q: Queries,
  scanId: number,
  batch: number,
  worker: { machine: string; pid: number }
): Promise<BatchRow | undefined> {
  const r = await q
    .updateTable('scan_batches')
    .set((eb) => ({
      state: 'running',
      machine: worker.machine,
      pid: worker.pid,
      attempts: eb('attempts', '+', 1),
      started_at: new Date().toISOString(),
      error: null
    }))
    .where('scan_id', '=', scanId)
    .where('batch', '=', batch)
    .where('state', '<>', 'done')
    .returning(['scan_id', 'batch', 'paths', 'images', 'state', 'attempts'])
    .executeTakeFirst()
  return (
    r && {
      scanId: r.scan_id,
      batch: r.batch,
      paths: r.paths,
      images: r.images,
      state: r.state as BatchState,
      attempts: r.attempts
    }
  )
}

export async function finishBatch(
  q: Queries,
  scanId: number,
  batch: number,
  done: { computed: number; classified: number; backend: string; machine: string; pid: number }
): Promise<void> {
  await q
    .updateTable('scan_batches')
    .set({
      state: 'done',
      computed: done.computed,
      classified: done.classified,
      backend: done.backend,
      machine: done.machine,
      pid: done.pid,
      finished_at: new Date().toISOString()
    })
    .where('scan_id', '=', scanId)
    .where('batch', '=', batch)
    // Done twice (a lapsed lease): the first worker's record stands.
    .where('state', '<>', 'done')
    .execute()
}

/** A batch that failed (`error`: one sentence); with `final` its scan failed too (no worker will try again). */
export async function failBatch(
  q: Queries,
  scanId: number,
  batch: number,
  error: string,
  final: boolean
): Promise<void> {
  await q
    .updateTable('scan_batches')
    .set({ state: 'failed', error, finished_at: new Date().toISOString() })
    .where('scan_id', '=', scanId)
    .where('batch', '=', batch)
    .where('state', '<>', 'done')
    .execute()
  if (final)
    await q
      .updateTable('scans')
      .set({ status: 'failed', finished_at: new Date().toISOString() })
      .where('id', '=', scanId)
      .where('status', '=', 'running')
      .execute()
}

/** A batch as it stands: its state, its files, how often it was taken and by whom last, its recorded failure. */
export async function batchOf(
  q: Queries,
  scanId: number,
  batch: number
): Promise<(BatchRow & { machine: string | null; pid: number | null; error: string | null }) | undefined> {
  const r = await q
    .selectFrom('scan_batches')
    .select(['paths', 'images', 'state', 'attempts', 'machine', 'pid', 'error'])
    .where('scan_id', '=', scanId)
    .where('batch', '=', batch)
    .executeTakeFirst()
  return r && { scanId, batch, ...r, state: r.state as BatchState }
}

/** Marks the scan done once every batch is; returns whether it did. */
export async function finishScanIfComplete(q: Queries, scanId: number): Promise<boolean> {
  const open = await q
    .selectFrom('scan_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scan_id', '=', scanId)
    .where('state', '<>', 'done')
    .executeTakeFirstOrThrow()
  if (Number(open.n) > 0) return false
  const backends = await q
    .selectFrom('scan_batches')
    .select('backend')
    .distinct()
    .where('scan_id', '=', scanId)
    .where('backend', 'is not', null)
    .orderBy('backend')
    .execute()
  await q
    .updateTable('scans')
    .set({
      status: 'done',
      finished_at: new Date().toISOString(),
      ...(backends.length ? { backend: backends.map((b) => b.backend).join('+') } : {})
    })
    .where('id', '=', scanId)
    .where('status', '=', 'running')
    .execute()
  return true
}

export interface QueuedScanProgress {
  scanId: number
  folder: string
  modelId: string
  status: string
  startedAt: string
  finishedAt: string | null
  backend: string | null
  /** `waiting`: queued, or failed and waiting for another try. */
  batches: { total: number; done: number; running: number; failed: number; waiting: number }
  /** Files in batches, and those of finished batches. */
  images: { total: number; done: number }
  /** Contents computed and the files they stand for (duplicates included), over finished batches. */
  computed: number
  classified: number
  /** Worker processes that took a batch of this scan: how many each finished and holds now, since when. */
  machines: { machine: string; pid: number | null; done: number; running: number; since: string }[]
  /** The first failed batch's reason, if any. */
  error: string | null
}

/** Where a queued scan stands; undefined when there is no such scan, or it was not queued. */
export async function queuedScanProgress(
  q: Queries,
  scanId: number
): Promise<QueuedScanProgress | undefined> {
  const scan = await q
    .selectFrom('scans')
    .selectAll()
    .where('id', '=', scanId)
    .where('queued', '=', 1)
    .executeTakeFirst()
  if (!scan) return undefined
  const agg = await q
    .selectFrom('scan_batches')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0)`.as('done'),
      sql<number>`coalesce(sum(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0)`.as('running'),
      sql<number>`coalesce(sum(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0)`.as('failed'),
      sql<number>`coalesce(sum(CASE WHEN state IN ('queued', 'failed') THEN 1 ELSE 0 END), 0)`.as('waiting'),
      sql<number>`coalesce(sum(images), 0)`.as('images'),
      sql<number>`coalesce(sum(CASE WHEN state = 'done' THEN images ELSE 0 END), 0)`.as('imagesDone'),
      sql<number>`coalesce(sum(computed), 0)`.as('computed'),
      sql<number>`coalesce(sum(classified), 0)`.as('classified'),
      sql<string | null>`min(error)`.as('error')
    ])
    .where('scan_id', '=', scanId)
    .executeTakeFirstOrThrow()
  const machines = await q
    .selectFrom('scan_batches')
    .select([
      'machine',
      'pid',
      sql<number>`sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END)`.as('done'),
      sql<number>`sum(CASE WHEN state = 'running' THEN 1 ELSE 0 END)`.as('running'),
      sql<string>`min(started_at)`.as('since')
    ])
    .where('scan_id', '=', scanId)
    .where('machine', 'is not', null)
    .groupBy(['machine', 'pid'])
    .orderBy('machine')
    .orderBy('pid')
    .execute()
  return {
    scanId,
    folder: scan.folder,
    modelId: scan.model_id,
    status: scan.status,
    startedAt: scan.started_at,
    finishedAt: scan.finished_at,
    backend: scan.backend,
    batches: {
      total: Number(agg.total),
      done: Number(agg.done),
      running: Number(agg.running),
      failed: Number(agg.failed),
      waiting: Number(agg.waiting)
    },
    images: { total: Number(agg.images), done: Number(agg.imagesDone) },
    computed: Number(agg.computed),
    classified: Number(agg.classified),
    machines: machines.map((m) => ({
      machine: m.machine!,
      pid: m.pid,
      done: Number(m.done),
      running: Number(m.running),
      since: m.since
    })),
    error: agg.error
  }
}

/**
 * Queued scans still running (`finishedToo`: and those that ended, which the app lists until they are reviewed),
 * newest first, each with its progress (what the app lists with its machines).
 */
export async function listQueuedScans(
  q: Queries,
  limit = 20,
  opts: { finishedToo?: boolean } = {}
): Promise<QueuedScanProgress[]> {
  const ids = await q
    .selectFrom('scans')
    .select('id')
    .$if(!opts.finishedToo, (b) => b.where('status', '=', 'running'))
    .where((eb) =>
      eb.exists(eb.selectFrom('scan_batches').select('batch').whereRef('scan_id', '=', 'scans.id'))
    )
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  const all = await Promise.all(ids.map((r) => queuedScanProgress(q, r.id)))
  return all.filter((p): p is QueuedScanProgress => p !== undefined)
}
