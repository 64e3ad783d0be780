import type { Progress, ProgressListener } from '../../shared/types/progress'

/**
 * Turns "one more item done" into Progress events with a rate and an ETA, throttled so that a fast loop
 * does not flood a terminal or an IPC channel.
 */
export class ProgressTracker {
  private readonly started = performance.now()
  private lastEmit = 0
  done = 0

  constructor(
    private readonly phase: string,
    private readonly total: number,
    private readonly listener?: ProgressListener,
    private readonly minIntervalMs = 100
  ) {}

  tick(n = 1, item?: string): void {
    this.done += n
    const now = performance.now()
    if (this.done < this.total && now - this.lastEmit < this.minIntervalMs) return
    this.lastEmit = now
    this.listener?.(this.snapshot(item))
  }

  snapshot(item?: string): Progress {
    const seconds = (performance.now() - this.started) / 1000
    const rate = seconds > 0 ? this.done / seconds : undefined
    const etaSeconds = rate && rate > 0 ? Math.max(0, (this.total - this.done) / rate) : undefined
    return { phase: this.phase, done: this.done, total: this.total, rate, etaSeconds, item }
  }
}
