/**
 * The desktop flow in headless Debian Chromium: the built renderer served by the test server, whose test
 * transport calls the REAL service layer (fresh data folder, real SQLite, real engine on wasm).
 * Needs `npx electron-vite build` first (`npm run test:e2e` does it) and /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startTestServer, type TestServer } from './server'
import { flowSteps, SHOTS, type Harness } from './flow'
import { makeTrainingFolder } from './harness'

const ROOT = resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.LEUKOLENS_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

describe('desktop flow in headless Chromium over the test transport', () => {
  let server: TestServer
  let browser: Browser
  let harness: Harness

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/renderer/index.html')))
      throw new Error('build the renderer first: npx electron-vite build')
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
    mkdirSync(SHOTS, { recursive: true })
    const work = mkdtempSync(join(tmpdir(), 'leukolens-e2e-'))
    makeTrainingFolder(join(work, 'aria-subset'))
    server = await startTestServer(join(work, 'data'))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
    const page: Page = await browser.newPage({ viewport: { width: 1400, height: 1200 } })
    const consoleErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    page.on('pageerror', (e) => consoleErrors.push(e.message))
    await page.goto(server.url)
    harness = {
      page,
      work,
      prefix: 'browser',
      consoleErrors,
      events: server.events,
      queueDialog: async (a) => server.queueDialog(a)
    }
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (harness?.work) rmSync(harness.work, { recursive: true, force: true })
  })

  flowSteps(() => harness)
})
