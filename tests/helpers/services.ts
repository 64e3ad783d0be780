import { join } from 'node:path'
import { edgeConfig, type ConfigOverrides } from '../../src/main/services/config'
import { openServiceSession } from '../../src/main/services/session'
import type { ServiceContext } from '../../src/main/services/context'
import type { Database } from '../../src/main/core/db/database'
import type { DataDir } from '../../src/main/core/paths'
import type { CallName, CallRequest, CallResponse, EventName, Events } from '../../src/shared/contract'

/**
 * The real service layer on a fresh data folder, opened as the app's engine process and the command line open it
 * (services/session.ts) and called the way both transports call it: through the dispatcher, so every argument is
 * validated against the contract. No native dialogs (none are asked for).
 */
export interface ServiceHarness {
  ctx: ServiceContext
  dirs: DataDir
  db: Database
  events: { name: EventName; payload: unknown }[]
  call<K extends CallName>(name: K, arg?: CallRequest<K>): Promise<CallResponse<K>>
  onEvent(listener: (name: EventName, payload: unknown) => void): void
  close(): void
}

export interface HarnessOptions {
  /** The default folder, where the Settings' data-folder pointer lives (default: `<root>/.default`). */
  defaultDataDir?: string
  /** Flags and environment of this process (the data folder is `root`). */
  overrides?: ConfigOverrides
}

export function serviceHarness(root: string, opts: HarnessOptions = {}): ServiceHarness {
  const events: { name: EventName; payload: unknown }[] = []
  const listeners: ((name: EventName, payload: unknown) => void)[] = []
  const session = openServiceSession({
    edge: edgeConfig({ ...opts.overrides, dataDir: root }, {}, opts.defaultDataDir ?? join(root, '.default')),
    version: 'test',
    dialogs: {
      open: async () => [],
      save: async () => null
    },
    emit<K extends EventName>(name: K, payload: Events[K]) {
      events.push({ name, payload })
      for (const l of listeners) l(name, payload)
    }
  })
  /** One call; rejects with the wire error's message, as the window would show it. */
  async function call<K extends CallName>(name: K, arg?: CallRequest<K>): Promise<CallResponse<K>> {
    const reply = await session.dispatch(name, arg)
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name })
    return reply.result as CallResponse<K>
  }
  const onEvent = (l: (name: EventName, payload: unknown) => void) => void listeners.push(l)
  const { ctx } = session
  return { ctx, dirs: ctx.dirs, db: ctx.db, events, call, onEvent, close: () => session.close() }
}
