/**
 * A pool of extraction workers, each holding one copy of the backbone. Batches go to whichever worker is
 * free; with wasm (single-threaded under Node) one worker per core is what makes extraction scale.
 * A DenseNet121 on TF.js is read once, before the workers start (workers/weights-reader.ts), and every worker
 * builds its model from the same shared buffer: no worker opens the Keras file or loads h5wasm.
 */
import type { Worker } from 'node:worker_threads'
import type { BackendInfo } from '../../../../shared/types/engine'
import type { SharedBackboneWeights } from '../backbones/shared-weights'
import type { BackboneSpec } from '../backbones/spec'
import type { RunnerChoice } from '../runners'
import type { BatchItem, BatchResult, FromWorker, ToWorker } from './protocol'
import { boundWorkers } from './limits'
import { extractWorkerFile, startWorker } from './spawn'
import { readWeightsOffThread } from './weights-reader'

interface Slot {
  worker: Worker
  busy: boolean
  /** Tensors alive after each of this worker's batches. */
  tensors: number[]
}

/** The shared weights for a TF.js pool; a failed read names the backbone and (in the reader's message) the file. */
async function readPoolWeights(spec: BackboneSpec): Promise<SharedBackboneWeights | undefined> {
  try {
    return await readWeightsOffThread(spec)
  } catch (err) {
    throw new Error(`could not read the weights of backbone ${spec.name}: ${(err as Error).message}`)
  }
}

/** Resolves with a worker's 'ready' (listening from its start, so an early failure is not missed). */
function whenReady(w: Worker, spec: BackboneSpec): Promise<Extract<FromWorker, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromWorker): void => {
      w.off('message', onMessage)
      if (m.type === 'ready') resolve(m)
      else
        reject(
          new Error(
            m.type === 'fatal'
              ? `worker could not load backbone ${spec.name}: ${m.message}`
              : 'unexpected worker message'
          )
        )
    }
    w.on('message', onMessage)
    w.once('error', reject)
    w.once('exit', (code) =>
      reject(new Error(`extraction worker exited (code ${code}) while loading ${spec.name}`))
    )
  })
}

export class ExtractionPool {
  private nextId = 1
  private readonly waiting: (() => void)[] = []
  private readonly pending = new Map<
    number,
    { resolve: (r: BatchResult) => void; reject: (e: Error) => void }
  >()
  private closed = false

  private constructor(
    private readonly slots: Slot[],
    readonly info: BackendInfo,
    readonly featureDim: number,
    /** Workers that loaded h5wasm while starting: 0 whenever the pool handed them the weights. */
    readonly workersWithH5wasm: number
  ) {}

  /**
   * Starts `workers` workers (default: the runner's choice) and waits until each has loaded the backbone.
   * `weights`: already read with `readWeightsOffThread` (else the pool reads them when its runner is TF.js).
   * The pool keeps no reference to them once the workers are ready, so the buffer goes with the last worker's
   * copy of the message (each worker's model holds its own tensors).
   */
  static async start(
    spec: BackboneSpec,
    choice: RunnerChoice,
    workers = choice.workers,
    weights?: SharedBackboneWeights
  ): Promise<ExtractionPool> {
    const file = extractWorkerFile()
    const started: Worker[] = []
    try {
      for (let i = 0; i < boundWorkers(workers); i++) started.push(startWorker(file))
      const ready = started.map((w) => whenReady(w, spec))
      // Marked handled now: a worker may fail while the weights are read; Promise.all below still sees it.
      for (const r of ready) r.catch(() => undefined)
      // The workers load their modules meanwhile; they build their models when the weights arrive.
      const shared = weights ?? (choice.runner === 'tfjs' ? await readPoolWeights(spec) : undefined)
      const init: ToWorker = {
        type: 'init',
        spec,
        runner: choice.runner,
        backend: choice.backend,
        provider: choice.provider,
        weights: shared
      }
      for (const w of started) w.postMessage(init)
      const loaded = await Promise.all(ready)
      const pool = new ExtractionPool(
        started.map((worker) => ({ worker, busy: false, tensors: [] })),
        { ...loaded[0].info, workers: started.length },
        loaded[0].featureDim,
        loaded.filter((r) => r.h5wasm).length
      )
      pool.listen()
      return pool
    } catch (err) {
      await Promise.all(started.map((w) => w.terminate()))
      throw err
    }
  }

  get size(): number {
    return this.slots.length
  }

  /** Tensors alive in each worker after its last batch vs its first: > 0 means a leak. */
  tensorsLeaked(): number {
    return this.slots.reduce(
      (n, s) => n + (s.tensors.length > 1 ? s.tensors[s.tensors.length - 1] - s.tensors[0] : 0),
      0
    )
  }

  private listen(): void {
    for (const slot of this.slots) {
      // Only the start-up listeners, by event: a bare removeAllListeners() also drops Node's own 'newListener'
      // hook on the Worker, after which its message port stays unref'd and no result ever arrives.
      for (const event of ['message', 'error', 'exit']) slot.worker.removeAllListeners(event)
      slot.worker.on('message', (m: FromWorker) => {
        if (m.type === 'result') {
          slot.tensors.push(m.numTensors)
          this.pending.get(m.id)?.resolve(m)
          this.pending.delete(m.id)
        } else if (m.type === 'fatal') this.failAll(new Error(`extraction worker failed: ${m.message}`))
      })
      slot.worker.on('error', (err) => this.failAll(err))
      slot.worker.on('exit', (code) => {
        if (!this.closed) this.failAll(new Error(`extraction worker exited unexpectedly (code ${code})`))
      })
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy)
      if (free) {
        free.busy = true
        return free
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
  }

  /** Runs one batch on the next free worker. */
  async run(items: BatchItem[]): Promise<BatchResult['items']> {
    if (this.closed) throw new Error('extraction pool is closed')
    const slot = await this.acquire()
    try {
      const id = this.nextId++
      const result = new Promise<BatchResult>((resolve, reject) => this.pending.set(id, { resolve, reject }))
      slot.worker.postMessage({ type: 'batch', id, items } satisfies ToWorker)
      return (await result).items
    } finally {
      slot.busy = false
      this.waiting.shift()?.()
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}
