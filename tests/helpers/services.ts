import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { createDispatcher } from '../../src/main/services/dispatch'
import { createHandlers } from '../../src/main/services/handlers'
import { createImageGuard } from '../../src/main/services/image-roots'
import { Jobs } from '../../src/main/services/jobs'
import type { ServiceContext } from '../../src/main/services/context'
import type { Database } from '../../src/main/core/db/database'
import type { DataDir } from '../../src/main/core/paths'
import type { CallName, CallRequest, CallResponse, EventName, Events } from '../../src/shared/contract'

/**
 * The real service layer on a fresh data folder, called the way both transports call it: through the
 * dispatcher, so every argument is validated against the contract. No native dialogs (none are asked for).
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

export function serviceHarness(root: string): ServiceHarness {
  const dirs = dataDir(root)
  const db = openDatabase(dirs.db)
  const events: { name: EventName; payload: unknown }[] = []
  const listeners: ((name: EventName, payload: unknown) => void)[] = []
  const ctx: ServiceContext = {
    dirs,
    db,
    version: 'test',
    jobs: new Jobs(),
    dialogs: {
      open: async () => [],
      save: async () => null
    },
    emit<K extends EventName>(name: K, payload: Events[K]) {
      events.push({ name, payload })
      for (const l of listeners) l(name, payload)
    }
  }
  const dispatch = createDispatcher(createHandlers(createImageGuard(ctx)), ctx)
  /** One call; rejects with the wire error's message, as the window would show it. */
  async function call<K extends CallName>(name: K, arg?: CallRequest<K>): Promise<CallResponse<K>> {
    const reply = await dispatch(name, arg)
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name })
    return reply.result as CallResponse<K>
  }
  const onEvent = (l: (name: EventName, payload: unknown) => void) => void listeners.push(l)
  return { ctx, dirs, db, events, call, onEvent, close: () => db.close() }
}
