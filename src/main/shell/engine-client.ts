import type { EngineState, EventName, Events, WireError } from '../../shared/contract'
import type { HostMessage, HostRequest, HostRequestBody } from '../services/host'

type Pending = { resolve: (m: HostMessage) => void }

/** The part of Electron's UtilityProcess this client uses (a Node child process fits it too, for tests). */
export interface EngineChild {
  postMessage(message: HostRequest): void
  on(event: 'message', listener: (m: HostMessage) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}
export type ForkEngine = (entry: string, env: Record<string, string>) => EngineChild
type Listener = <K extends EventName>(name: K, payload: Events[K]) => void

/**
 * Owns the engine process: starts it, forwards requests, routes replies and events, and when it dies (a crash
 * in a native module, memory) fails the calls in flight with a clear message, tells the window, and starts a
 * new one — the window stays usable. Restarts back off so a process that dies at start does not spin.
 * No `electron` import: the shell passes `utilityProcess.fork` in, a test passes a Node child process.
 */
export class EngineClient {
  private child: EngineChild | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private restarts = 0
  private stopping = false

  constructor(
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly onEvent: Listener,
    private readonly fork: ForkEngine,
    private readonly backoffMs = 500
  ) {}

  start(): void {
    this.state('starting')
    const child = this.fork(this.entry, this.env)
    this.child = child
    child.on('message', (m: HostMessage) => this.receive(m))
    child.on('exit', (code) => this.exited(code))
  }

  private receive(m: HostMessage): void {
    if (m.kind === 'ready') {
      this.restarts = 0
      this.state('ready')
    } else if (m.kind === 'event') {
      this.onEvent(m.name, m.payload)
    } else {
      const p = this.pending.get(m.id)
      this.pending.delete(m.id)
      p?.resolve(m)
    }
  }

  private exited(code: number): void {
    this.child = null
    const error: WireError = {
      name: 'EngineCrashed',
      message: `The engine stopped (exit code ${code}); the task in progress was lost and the engine is restarting.`
    }
    for (const [id, p] of this.pending) p.resolve({ kind: 'reply', id, ok: false, error })
    this.pending.clear()
    if (this.stopping) return
    this.state('crashed', error.message)
    const delay = Math.min(30_000, this.backoffMs * 2 ** this.restarts++)
    setTimeout(() => {
      if (this.stopping) return
      this.state('restarting')
      this.start()
    }, delay)
  }

  /** Sends one request; resolves with the engine's reply (never rejects: a crash is a reply too). */
  request(req: HostRequestBody): Promise<HostMessage> {
    const id = this.nextId++
    return new Promise((resolve) => {
      if (!this.child) {
        resolve({
          kind: 'reply',
          id,
          ok: false,
          error: { name: 'EngineUnavailable', message: 'The engine is restarting; try again in a moment.' }
        })
        return
      }
      this.pending.set(id, { resolve })
      this.child.postMessage({ ...req, id } as HostRequest)
    })
  }

  stop(): void {
    this.stopping = true
    this.child?.kill()
  }

  private state(state: EngineState, message?: string): void {
    this.onEvent('engine:state', { state, message })
  }
}
