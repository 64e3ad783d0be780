import type { Database } from 'better-sqlite3'
import type { Store } from '../core/db/store'
import type { DataDir } from '../core/paths'
import type { CallRequest, CallResponse, EventName, Events } from '../../shared/contract'
import type { Jobs } from './jobs'
import type { EdgeConfig } from './config'
import type { SaveTargets } from './save-targets'
import type { SessionState } from './session-state'

/**
 * What every service needs, passed in (never imported), so the same services run in Electron's engine process,
 * in the end-to-end test server and in unit tests under plain Node.
 */
export interface ServiceContext {
  dirs: DataDir
  /** The workstation's own SQLite file: domains not yet on the shared store keep their rows here. */
  db: Database
  /**
   * Where converted domains keep their rows: the shared PostgreSQL database when one is configured, otherwise
   * the same SQLite file as `db`, through the same connection.
   */
  store: Store
  version: string
  /** What the edge (flags, environment) fixed for this process; stored settings fill in the rest (config.ts). */
  edge: EdgeConfig
  jobs: Jobs
  dialogs: Dialogs
  /** The save locations the user chose, each behind a one-time token the export calls spend. */
  saveTargets: SaveTargets
  /** What services keep between calls; released when the session closes. */
  state: SessionState
  emit<K extends EventName>(name: K, payload: Events[K]): void
}

/** Native dialogs exist only in the Electron shell; elsewhere an implementation says plainly there are none. */
export interface Dialogs {
  open(req: CallRequest<'dialog:open'>): Promise<CallResponse<'dialog:open'>>
  /** The path the user chose, or null when cancelled. */
  save(req: CallRequest<'dialog:save'>): Promise<string | null>
}
