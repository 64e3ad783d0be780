import { BrowserWindow, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { appUrlMatcher } from './sender'

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // MUI (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: leukolens-img:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export interface AppWindow {
  window: BrowserWindow
  /** True for the URL of our own page (the built file or the dev server), used to check IPC senders. */
  isAppUrl(url: string): boolean
}

/**
 * The one window: isolated, sandboxed, no Node; it may not navigate away, open windows, ask for permissions
 * or reach the network. The page's own files come from disk (or the dev server in development only).
 */
export function createMainWindow(outDir: string): AppWindow {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  const indexFile = join(outDir, '../renderer/index.html')
  const appUrl = devUrl ? new URL(devUrl).origin : pathToFileURL(indexFile).href
  const isAppUrl = appUrlMatcher(devUrl ?? appUrl, Boolean(devUrl))

  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  // No network at run time: only our files, our image scheme, devtools and (in development) the dev server.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const u = details.url
    const allowed =
      u.startsWith('file:') ||
      u.startsWith('leukolens-img:') ||
      u.startsWith('devtools:') ||
      u.startsWith('data:') ||
      u.startsWith('blob:') ||
      (devUrl !== undefined && u.startsWith(appUrl))
    callback({ cancel: !allowed })
  })
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })

  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Leukolens',
    webPreferences: {
      preload: join(outDir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  window.webContents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault()
  })
  window.webContents.on('will-attach-webview', (e) => e.preventDefault())

  if (devUrl) void window.loadURL(devUrl)
  else void window.loadFile(indexFile)
  return { window, isAppUrl }
}
