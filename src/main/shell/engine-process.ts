/**
 * Entry of the engine process (Electron `utilityProcess`): a plain Node process that opens the database and
 * hosts the service layer, so decoding, feature extraction and training never run on the main process and a
 * crash here (native module, out of memory) cannot take the window down — main restarts it.
 * No `electron` import: `process.parentPort` is the utility-process channel Electron provides.
 *
 * This process's edge: its environment (set by main, src/main/index.ts) is read here once — the data folder main
 * resolved, the app's default folder (where the Settings pointer lives), and the LEUKOLENS_* overrides.
 */
import { openServiceSession } from '../services/session'
import { createHost, type HostMessage, type HostRequest } from '../services/host'
import { edgeConfig, envOverrides, platformDataDir } from '../services/config'
import { registerBundledWeights } from '../services/bundled-weights'

interface ParentPort {
  on(event: 'message', listener: (e: { data: HostRequest }) => void): void
  postMessage(message: HostMessage): void
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!port) throw new Error('engine-process must be started by Electron utilityProcess.fork')

const env = process.env
if (!env.LEUKOLENS_DATA_DIR) throw new Error('engine-process: LEUKOLENS_DATA_DIR not set by the shell')
const send = (m: HostMessage): void => port.postMessage(m)
const session = openServiceSession({
  edge: edgeConfig({}, envOverrides(env), env.LEUKOLENS_DEFAULT_DATA_DIR ?? platformDataDir(env)),
  version: env.LEUKOLENS_VERSION ?? '0.0.0',
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
})
const host = createHost(session, send)
port.on('message', (e) => void host(e.data))
process.on('exit', () => session.close())
send({ kind: 'ready' })
// A damaged database refuses the registration's writes: said as such (core/db/damage.ts), not as "read-only".
registerBundledWeights(session.ctx, env.LEUKOLENS_BUNDLED_WEIGHTS).catch((err: Error) =>
  session.ctx.emit('engine:state', {
    state: 'ready',
    message: `the bundled DenseNet121 weights could not be registered: ${(session.afterFailure(err) as Error).message}`
  })
)
// The scheduled copy of the database: at most once a day, at start, the last week kept (services/backup.ts).
import('../services/backup')
  .then(({ scheduledBackup }) => scheduledBackup(session.ctx))
  .catch((err: Error) =>
    session.ctx.emit('engine:state', {
      state: 'ready',
      message: `the daily database backup failed: ${err.message}`
    })
  )
