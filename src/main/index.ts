/**
 * Electron main process: single instance, the secure window, the app menu, the image protocol and the IPC
 * bridge. All engine work happens in the engine process (shell/engine-process.ts); this process only routes.
 * Built as ESM (package.json "type": "module"), hence import.meta.dirname instead of __dirname.
 */
import { app, utilityProcess, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { edgeConfig, envOverrides, resolveDataDir } from './services/config'
import { EngineClient } from './shell/engine-client'
import { installIpcBridge, pushEvent } from './shell/ipc-bridge'
import { handleImageScheme, registerImageScheme } from './shell/protocol'
import { createMainWindow } from './shell/window'
import { installMenu } from './shell/menu'
import { DENSENET_WEIGHTS_FILE } from './services/weights-file'

const outDir = import.meta.dirname
let mainWindow: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerImageScheme()
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  void app.whenReady().then(start)
  app.on('window-all-closed', () => app.quit())
}

function start(): void {
  // The data folder as the command line resolves it (services/config.ts), with the app's own default folder.
  const defaultDataDir = app.getPath('userData')
  const { dataDir } = resolveDataDir(edgeConfig({}, envOverrides(process.env), defaultDataDir))
  const engine = new EngineClient(
    join(outDir, 'engine.js'),
    {
      LEUKOLENS_DATA_DIR: dataDir,
      LEUKOLENS_DEFAULT_DATA_DIR: defaultDataDir,
      LEUKOLENS_VERSION: app.getVersion(),
      LEUKOLENS_BUNDLED_WEIGHTS: join(process.resourcesPath, 'weights', DENSENET_WEIGHTS_FILE)
    },
    (name, payload) => pushEvent(mainWindow, name, payload),
    (entry, env) =>
      utilityProcess.fork(entry, [], {
        serviceName: 'Leukolens engine',
        env: { ...process.env, ...env },
        stdio: 'inherit'
      })
  )
  engine.start()
  handleImageScheme(engine)
  const { window, isAppUrl } = createMainWindow(outDir)
  mainWindow = window
  window.on('closed', () => (mainWindow = null))
  installIpcBridge(() => mainWindow, isAppUrl, engine)
  installMenu(
    (screen) => pushEvent(mainWindow, 'menu:navigate', { screen }),
    () => mainWindow
  )
  app.on('before-quit', () => engine.stop())
}
