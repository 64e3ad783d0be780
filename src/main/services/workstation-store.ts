import { sqliteStore, type Store } from '../core/db/store'
import type { ServiceContext } from './context'

const KEY = 'workstation-store'

/**
 * The workstation's own SQLite file as a store. Settings configure this workstation — its backend, its screen,
 * its image size limit, who sits at it, its review threshold, where it sends results — so they stay in its own
 * file even when the lab's rows are in a shared database; and they can be read and changed while that server
 * cannot be reached.
 */
export function workstationStore(ctx: Pick<ServiceContext, 'db' | 'store' | 'state'>): Store {
  if (ctx.store.engine === 'sqlite') return ctx.store
  return ctx.state.get<Store>(KEY) ?? ctx.state.set(KEY, sqliteStore(ctx.db))
}
