/**
 * Scans spread over the lab's workers as the window lists them: running ones and those that ended, newest first,
 * with their batches and the machines that took them (core/db/queries/scan-batches.ts). A workstation that never
 * queued a scan has none.
 */
import type { CallRequest, CallResponse } from '../../shared/contract'
import type { QueuedScanView } from '../../shared/calls/people'
import { listQueuedScans, type QueuedScanProgress } from '../core/db/queries/scan-batches'
import type { ServiceContext } from './context'

export async function queuedScanViews(
  ctx: ServiceContext,
  req: CallRequest<'queue:scans'>
): Promise<CallResponse<'queue:scans'>> {
  const list = await listQueuedScans(ctx.store.k, req?.limit ?? 20, { finishedToo: true })
  return list.map(toView)
}

function toView(p: QueuedScanProgress): QueuedScanView {
  const b = p.batches
  return {
    scanId: p.scanId,
    folder: p.folder,
    modelId: p.modelId,
    status: p.status,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    batches: { ...b, waiting: Math.max(0, b.total - b.done - b.running - b.failed) },
    images: p.images,
    machines: p.machines,
    error: p.error
  }
}
