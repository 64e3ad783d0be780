/**
 * One service session over one data folder: the context every service takes, and `call()`, which goes through
 * the dispatcher (each argument checked against the contract, as the window's calls are). The command line, the
 * engine process and the tests open it the same way. The handlers are loaded on the first call, each domain's
 * module when one of its calls comes, so a command that lists models never loads TF.js or sharp.
 */
import { openDatabase, type Database } from '../core/db/database'
import { afterFailure, damageScope, refuseWritesIfDamaged } from '../core/db/damage'
import { explainStoreFailure } from '../core/db/postgres/errors'
import { postgresStore } from '../core/db/postgres/store'
import { sqliteStore, type Store } from '../core/db/store'
import { removeStaleStaging } from '../core/stale-staging'
import { dataDir as openDataDir, type DataDir } from '../core/paths'
import type { CallName, CallRequest, CallResponse, EventName, Events } from '../../shared/contract'
import type { Dialogs, ServiceContext } from './context'
import { resolveDatabase, resolveDataDir, type ConfigSource, type EdgeConfig } from './config'
import type { DispatchResult } from './dispatch'
import { Jobs } from './jobs'
import { SaveTargets } from './save-targets'
import { SessionState } from './session-state'
import type { PathGuard } from './path-guard'

export interface ServiceSession {
  ctx: ServiceContext
  /** Where the data folder came from (flag, environment, the Settings choice, the default). */
  dataDirSource: ConfigSource
  dispatch(name: unknown, arg: unknown): Promise<DispatchResult>
  /** One call through the dispatcher; rejects with an Error carrying the service error's name and message. */
  call<K extends CallName>(
    name: K,
    ...arg: CallRequest<K> extends void ? [] : [CallRequest<K>]
  ): Promise<CallResponse<K>>
  guard(): Promise<PathGuard>
  /** What a failure outside the dispatcher (a command calling a service itself) becomes: see core/db/damage.ts. */
  afterFailure(err: unknown): unknown
  close(): void
}

/** Native dialogs exist only in the Electron shell. */
export const NO_DIALOGS: Dialogs = {
  open: async () => {
    throw new Error('there are no file dialogs here')
  },
  save: async () => {
    throw new Error('there are no file dialogs here')
  }
}

export interface SessionOptions {
  edge: EdgeConfig
  version: string
  emit?: <K extends EventName>(name: K, payload: Events[K]) => void
  dialogs?: Dialogs
}

export function openServiceSession(opts: SessionOptions): ServiceSession {
  const { dataDir, source } = resolveDataDir(opts.edge)
  const dirs = openDataDir(dataDir)
  const db = openDamageAware(dirs)
  // What killed operations left in tmp/ (the Grad-CAM folder there is output, not staging).
  removeStaleStaging(dirs.tmp, { keep: ['explain'] })
  // And what killed backups left half-written beside the copies (`<name>.<pid>.tmp`).
  removeStaleStaging(damageScope(dirs).backups, { ownedOnly: true })
  const ctx: ServiceContext = {
    dirs,
    db,
    store: openStore(opts.edge, dirs, db),
    version: opts.version,
    edge: opts.edge,
    jobs: new Jobs(),
    dialogs: opts.dialogs ?? NO_DIALOGS,
    saveTargets: new SaveTargets(),
    state: new SessionState(),
    emit: opts.emit ?? (() => undefined)
  }
  let guardP: Promise<PathGuard> | undefined
  let dispatchP: Promise<(name: unknown, arg: unknown) => Promise<DispatchResult>> | undefined
  const guard = (): Promise<PathGuard> =>
    (guardP ??= import('./image-roots').then((m) => m.createImageGuard(ctx)))
  const dispatch = async (name: unknown, arg: unknown): Promise<DispatchResult> => {
    // The dispatcher checks arguments against the contract's schemas (zod): loaded with the first call.
    dispatchP ??= Promise.all([import('./dispatch'), import('./handlers'), guard()]).then(([d, h, g]) =>
      d.createDispatcher(h.createHandlers(g), ctx)
    )
    return (await dispatchP)(name, arg)
  }
  return {
    ctx,
    dataDirSource: source,
    dispatch,
    guard,
    async call(name, ...arg) {
      const reply = await dispatch(name, arg[0])
      if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name })
      return reply.result as never
    },
    afterFailure: (err) => afterFailure(db, damageScope(dirs), explainStoreFailure(ctx.store, err)),
    close() {
      ctx.jobs.cancelAll()
      ctx.state.close()
      void ctx.store.close()
      db.close()
    }
  }
}

/**
 * The store the converted domains use: the lab's shared PostgreSQL database when one is chosen (flag, environment
 * or Settings), else the workstation's own file through the connection already open.
 */
function openStore(edge: EdgeConfig, dirs: DataDir, db: Database): Store {
  const { database } = resolveDatabase(edge, dirs.root)
  return database ? postgresStore(database.href) : sqliteStore(db, dirs.db)
}

/** Opens the database; one found damaged (now, or by an earlier process) refuses writes from the start. */
function openDamageAware(dirs: DataDir): Database {
  let db: Database
  try {
    db = openDatabase(dirs.db)
  } catch (err) {
    throw afterFailure(undefined, damageScope(dirs), err)
  }
  refuseWritesIfDamaged(db, dirs.db)
  return db
}
