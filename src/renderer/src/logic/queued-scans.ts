/** What the Queued scans card says about scans spread over the lab's workers (pure, unit-tested). */
import type { QueuedScanView } from '../../../shared/calls/people'

/** How often the card asks again while a scan is unfinished. */
export const QUEUE_REFRESH_MS = 3000

/**
 * A scan is finished when every batch is done (a failed batch of a running scan is not done: it waits to be taken
 * again), or when it stopped: failed (a batch failed on every try) or cancelled.
 */
export function isFinished(s: QueuedScanView): boolean {
  return s.status !== 'running' || (s.batches.total > 0 && s.batches.done >= s.batches.total)
}

export function anyUnfinished(scans: readonly QueuedScanView[] | undefined): boolean {
  return (scans ?? []).some((s) => !isFinished(s))
}

const n = (x: number) => x.toLocaleString('en-US')

/** "3 of 8 batches done · 2 running · 3 waiting (1 failed, to be taken again)". */
export function batchesText(s: QueuedScanView): string {
  const b = s.batches
  const parts = [`${n(b.done)} of ${n(b.total)} batches done`]
  if (b.running) parts.push(`${n(b.running)} running`)
  if (b.waiting)
    parts.push(
      s.status === 'running'
        ? `${n(b.waiting)} waiting${b.failed ? ` (${n(b.failed)} failed, to be taken again)` : ''}`
        : `${n(b.waiting)} not finished${b.failed ? ` (${n(b.failed)} failed on every try)` : ''}`
    )
  return parts.join(' · ')
}

/** "310 of 1,000 images". */
export function imagesText(s: QueuedScanView): string {
  return `${n(s.images.done)} of ${n(s.images.total)} images`
}

/** Done share of the images in [0, 100], for the progress bar (0 when the total is not known yet). */
export function donePercent(s: QueuedScanView): number {
  return s.images.total > 0 ? Math.min(100, (100 * s.images.done) / s.images.total) : 0
}

const batches = (k: number) => `${n(k)} batch${k === 1 ? '' : 'es'}`

/** "lab-pc-2 (pid 4121): 3 batches done, 1 running" for each worker process, or that none has taken a batch yet. */
export function machinesText(s: QueuedScanView): string {
  if (!s.machines.length) return 'no machine has taken a batch yet'
  return s.machines
    .map(
      (m) =>
        `${m.machine}${m.pid === null ? '' : ` (pid ${m.pid})`}: ${batches(m.done)} done${m.running ? `, ${n(m.running)} running` : ''}`
    )
    .join(' · ')
}
