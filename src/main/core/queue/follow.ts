import { setTimeout as sleep } from 'node:timers/promises'
import { basename } from 'node:path'
import type { SampleCount, ScanSummary, UnreadableFile } from '../../../shared/types/scan'
import { countSample } from '../cells/sample-counts'
import { queuedScanProgress, type QueuedScanProgress } from '../db/queries/scan-batches'
import { scanItemCounts, scanOutcomes, scanUnreadable } from '../db/queries/queued-scan-result'
import type { Queries } from '../db/store'

/**
 * `scan --wait ID`: follows a queued scan from any machine — batches done of all, images, the machines on it —
 * until it stops running, then summarises it as a plain scan's summary reads (same figures, counted from what is
 * stored), its workers' rate measured over the scan's own start and finish.
 */

export class NotQueuedScanError extends Error {
  override name = 'NotQueuedScanError'
}

export async function followQueuedScan(
  q: Queries,
  scanId: number,
  opts: { onProgress?: (p: QueuedScanProgress) => void; signal?: AbortSignal; pollMs?: number } = {}
): Promise<QueuedScanProgress> {
  for (;;) {
    const p = await queuedScanProgress(q, scanId)
    if (!p) throw new NotQueuedScanError(`scan ${scanId} is not a queued scan of this database`)
    opts.onProgress?.(p)
    if (p.status !== 'running' || opts.signal?.aborted) return p
    await sleep(opts.pollMs ?? 1000, undefined, { signal: opts.signal }).catch(() => undefined)
  }
}

export interface QueuedScanResult {
  summary: ScanSummary
  unreadable: UnreadableFile[]
  result: SampleCount
}

/** The summary of a queued scan as it stands (`unfamiliarLimit`: the share above which the result is withheld). */
export async function queuedScanResult(
  q: Queries,
  p: QueuedScanProgress,
  unfamiliarLimit: number
): Promise<QueuedScanResult> {
  const [counts, unreadable, { outcomes, classes }] = await Promise.all([
    scanItemCounts(q, p.scanId),
    scanUnreadable(q, p.scanId),
    scanOutcomes(q, p.scanId)
  ])
  const end = p.finishedAt ? Date.parse(p.finishedAt) : Date.now()
  const seconds = Math.max(0, (end - Date.parse(p.startedAt)) / 1000)
  const summary: ScanSummary = {
    scanId: p.scanId,
    modelId: p.modelId,
    folder: p.folder,
    files: counts.files,
    computed: p.computed,
    reused: counts.classified - p.classified,
    duplicates: p.classified - p.computed,
    unreadable: counts.unreadable,
    flagged: counts.flagged,
    unfamiliar: counts.unfamiliar,
    countsByClass: counts.countsByClass,
    seconds,
    rate: seconds > 0 ? p.computed / seconds : 0,
    backend: p.machines.length
      ? `${p.backend ?? 'queue'} (${p.machines.map((m) => `${workerName(m)}: ${m.done} batch(es)`).join(', ')})`
      : (p.backend ?? 'queue'),
    cancelled: p.status === 'cancelled',
    // Counted by each worker in its own process (its pool's leak check); this process holds no tensors.
    tensorsLeaked: 0,
    skippedFolders: []
  }
  const result = countSample(basename(p.folder), outcomes, classes, counts.files, unfamiliarLimit)
  return { summary, unreadable, result }
}

function workerName(m: QueuedScanProgress['machines'][number]): string {
  return m.pid === null ? m.machine : `${m.machine}:${m.pid}`
}

/**
 * Why a failed queued scan stopped and how to finish it: the batches that failed on every try (the first one's
 * reason), and the command that records what is missing — a new queued scan of the folder reuses every content
 * recorded already, so only the failed batches' images are classified again.
 */
export function queuedScanFailure(p: QueuedScanProgress): string {
  const b = p.batches
  return `scan ${p.scanId} failed: ${b.failed} of ${b.total} batch(es) failed on every try (${p.error ?? 'no reason recorded'}); the ${b.done} finished batch(es) are kept — to finish, fix the cause and run \`leukolens scan ${p.folder} --queue\` again: it classifies only the images not recorded yet`
}

/** One line of progress: batches, images, the worker processes on it. */
export function formatQueueProgress(p: QueuedScanProgress): string {
  const machines = p.machines.length
    ? `; ${p.machines.map((m) => `${workerName(m)} ${m.done} done${m.running ? `, ${m.running} running` : ''}`).join('; ')}`
    : p.batches.total === 0
      ? '; nothing to compute (every image known already)'
      : '; waiting for a worker'
  const failed = p.batches.failed ? `, ${p.batches.failed} failed (retried while tries are left)` : ''
  return `scan ${p.scanId}: ${p.batches.done}/${p.batches.total} batches, ${p.images.done}/${p.images.total} images${failed}${machines}`
}
