import type { ScanSummary } from '../views'

type ScanState = Pick<ScanSummary, 'status' | 'alive' | 'host' | 'heartbeatAt' | 'queued'>

/**
 * A scan's status as the lists show it, naming the machine for one that runs: "running on lab-pc-2", "queued for
 * the lab's workers", or — a scan whose record says running but whose process or machine is gone — "stopped on
 * lab-pc-2 without finishing (last heard from 2026-01-05 10:42 UTC); scan the folder again to resume it".
 */
export function scanActivity(s: ScanState): string {
  if (s.status !== 'running') return s.status
  const on = s.host ? ` on ${s.host}` : ''
  // A queued scan runs while its batches are on the queue (their leases are the queue's).
  if (s.queued) return "queued for the lab's workers"
  if (s.alive !== false) return `running${on}`
  const heard = s.heartbeatAt ? ` (last heard from ${s.heartbeatAt.slice(0, 16).replace('T', ' ')} UTC)` : ''
  return `stopped${on} without finishing${heard}; scan the folder again to resume it`
}
