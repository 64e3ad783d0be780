import { touchScan, type ScanLease } from '../db/queries/scans'
import type { Queries } from '../db/store'
import { thisMachine } from '../machine'
import { otherProcessAlive } from '../process-alive'

/**
 * Whether a scan whose row says `running` still runs. On its own machine the process id answers it. Another machine
 * cannot ask a process id (it does not exist there, or is some other process), so the running scan refreshes a
 * heartbeat in its row and other machines judge it by how recent that is.
 *
 * The lease: two minutes, with a beat every 15 s. A beat can be late — the database busy (a write waits for the
 * lock), a long step holding the scan's thread (decoding a very large field, a TTA batch), workstation clocks a
 * little apart — and one late beat must not let another machine start the same scan alongside; eight missed beats
 * in a row mean the scan's machine or process is gone. Two minutes is also how long a scan whose machine crashed
 * shows as running, and blocks a rerun elsewhere, before it can be resumed.
 *
 * Queued scans have no process of their own: their batches are leased by the job queue (core/queue), a lapsed
 * batch goes back to the queue, and the scan ends when its batches do. One still marked running is alive.
 */

export const SCAN_LEASE_MS = 120_000
export const HEARTBEAT_MS = 15_000

/** Who is asking, and when: this machine and process, and the clock (tests inject one). */
export interface Liveness {
  host: string
  pid: number
  now(): number
  leaseMs: number
  /** Whether another process with this id runs on this machine. */
  pidAlive(pid: number | null): boolean
}

export function localLiveness(over: Partial<Liveness> = {}): Liveness {
  return {
    host: thisMachine(),
    pid: process.pid,
    now: () => Date.now(),
    leaseMs: SCAN_LEASE_MS,
    pidAlive: otherProcessAlive,
    ...over
  }
}

/** What a scan row says about who runs it. */
export interface ScanRunner {
  status: string
  pid: number | null
  host: string | null
  heartbeat_at: string | null
  queued: number
}

/** The lease a scan starting (or resumed) now by this process takes. */
export function leaseNow(live: Liveness): ScanLease {
  return { host: live.host, heartbeatAt: new Date(live.now()).toISOString() }
}

/** Milliseconds since the row's heartbeat (negative: the writer's clock is ahead), or undefined without one. */
export function heartbeatAge(row: Pick<ScanRunner, 'heartbeat_at'>, live: Liveness): number | undefined {
  const at = row.heartbeat_at ? Date.parse(row.heartbeat_at) : NaN
  return Number.isNaN(at) ? undefined : live.now() - at
}

/**
 * Alive by its row alone: a queued scan still running; one of this machine (or from before machines were
 * recorded, all of which were this workstation's own) whose process runs; one of another machine whose heartbeat
 * is within the lease. A scan of this very process is not judged here (the caller knows which it runs).
 */
export function scanAlive(row: ScanRunner, live: Liveness): boolean {
  if (row.status !== 'running') return false
  if (row.queued === 1) return true
  if (row.host === null || row.host === live.host) return live.pidAlive(row.pid)
  const age = heartbeatAge(row, live)
  return age !== undefined && age < live.leaseMs
}

/** "on lab-pc-2 (process 4121, last heard from 20 s ago)", or "(process 4121)" on this machine. */
export function describeRunner(row: ScanRunner, live: Liveness): string {
  if (row.queued === 1) return 'as a queued scan (its batches are on the queue for the workers)'
  if (row.host === null || row.host === live.host) return `(process ${row.pid})`
  const age = heartbeatAge(row, live)
  const heard = age === undefined ? '' : `, last heard from ${Math.max(0, Math.round(age / 1000))} s ago`
  return `on ${row.host} (process ${row.pid}${heard})`
}

/**
 * The running scan's heartbeat: a beat every HEARTBEAT_MS while it runs — planning (hashing a large folder writes
 * nothing for minutes), loading the backbone, extracting — not only when a batch is written. A failed beat (the
 * database unreachable for a moment) is left to the next one: the scan's own writes report a real outage.
 */
export class ScanHeartbeat {
  private timer?: NodeJS.Timeout

  constructor(
    private readonly q: Queries,
    private readonly scanId: number,
    private readonly live: Liveness
  ) {}

  /** Refreshes the row's heartbeat now; false when the row is no longer this process's (another took it over). */
  beat(): Promise<boolean> {
    return touchScan(
      this.q,
      this.scanId,
      { pid: this.live.pid, host: this.live.host },
      new Date(this.live.now()).toISOString()
    )
  }

  start(intervalMs = HEARTBEAT_MS): this {
    this.timer ??= setInterval(() => void this.beat().catch(() => undefined), intervalMs)
    // A heartbeat never keeps the process alive on its own.
    this.timer.unref()
    return this
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
