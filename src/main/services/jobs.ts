/**
 * Long calls (import, training, scan, quick check) run under a renderer-chosen job id, so progress events can
 * name it and `job:cancel` can stop it. Cancelling aborts the job's AbortSignal; the engine module decides
 * what "stop" means (training leaves the registry as it was, a scan keeps finished results).
 */
export class Jobs {
  private readonly running = new Map<string, AbortController>()

  /** Registers a job and returns its signal; a job id in use is refused (a second click, a replayed message). */
  start(jobId: string): AbortSignal {
    if (this.running.has(jobId)) throw new Error(`job ${jobId} is already running`)
    const controller = new AbortController()
    this.running.set(jobId, controller)
    return controller.signal
  }

  finish(jobId: string): void {
    this.running.delete(jobId)
  }

  /** Runs `work` as job `jobId`, always unregistering it afterwards. */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.start(jobId)
    try {
      return await work(signal)
    } finally {
      this.finish(jobId)
    }
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId)
    if (!c) return false
    c.abort(new Error('cancelled by the user'))
    return true
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort(new Error('the app is closing'))
  }

  get size(): number {
    return this.running.size
  }
}
