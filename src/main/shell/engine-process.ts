/**
 * Entry of the engine process (Electron `utilityProcess`): a plain Node process that opens the database and
 * hosts the service layer, so decoding, feature extraction and training never run on the main process and a
 * crash here (native module, out of memory) cannot take the window down — main restarts it.
 * No `electron` import: `process.parentPort` is the utility-process channel Electron provides.
 */
import { dataDir } from '../core/paths'
import { openDatabase } from '../core/db/database'
import { Jobs } from '../services/jobs'
import { createHost, type HostMessage, type HostRequest } from '../services/host'
import { createHandlers } from '../services/handlers'
import { createImageGuard } from '../services/image-roots'
import type { ServiceContext } from '../services/context'
import { registerBundledWeights } from '../services/bundled-weights'

interface ParentPort {
  on(event: 'message', listener: (e: { data: HostRequest }) => void): void
  postMessage(message: HostMessage): void
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!port) throw new Error('engine-process must be started by Electron utilityProcess.fork')

const root = process.env.LEUKOLENS_DATA_DIR
if (!root) throw new Error('engine-process: LEUKOLENS_DATA_DIR not set by the shell')
const dirs = dataDir(root)
const db = openDatabase(dirs.db)
const send = (m: HostMessage): void => port.postMessage(m)

const ctx: ServiceContext = {
  dirs,
  db,
  version: process.env.LEUKOLENS_VERSION ?? '0.0.0',
  jobs: new Jobs(),
  // The shell answers dialog calls itself on the main process; reaching here would be a routing bug.
  dialogs: {
    open: async () => {
      throw new Error('dialogs are shown by the shell, not the engine')
    },
    save: async () => {
      throw new Error('dialogs are shown by the shell, not the engine')
    }
  },
  emit: (name, payload) => send({ kind: 'event', name, payload })
}
const guard = createImageGuard(ctx)
const host = createHost(createHandlers(guard), ctx, guard, send)
port.on('message', (e) => void host(e.data))
process.on('exit', () => {
  ctx.jobs.cancelAll()
  db.close()
})
send({ kind: 'ready' })
registerBundledWeights(ctx, process.env.LEUKOLENS_BUNDLED_WEIGHTS).catch((err: Error) =>
  ctx.emit('engine:state', { state: 'ready', message: `the bundled DenseNet121 weights could not be registered: ${err.message}` })
)
