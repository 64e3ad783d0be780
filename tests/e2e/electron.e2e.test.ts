/// <reference lib="dom" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global declaration file has no module to import
/// <reference path="../../src/preload/api.d.ts" />
// (Code passed to page.evaluate runs in the page: DOM types and window.leukolens.)
/**
 * The same flow against the real Electron app through Playwright's `_electron`, where an Electron binary is
 * installed (`node node_modules/electron/install.js` on a machine with a network). On the offline build machines
 * there is none, and this file reports itself skipped rather than pretending.
 *
 *   npx electron-vite build && npx vitest run --config tests/e2e/vitest.config.ts tests/e2e/electron.e2e.test.ts
 *
 * Native dialogs are answered by replacing `dialog.showOpenDialog/showSaveDialog` in the main process (the usual
 * Playwright technique); everything else — preload, IPC checks, engine utility process, image protocol — is the
 * app as shipped, with a fresh data folder (LEUKOLENS_DATA_DIR).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { _electron, type ElectronApplication } from 'playwright-core'
import { flowSteps, SHOTS, type Harness } from './flow'
import { makeTrainingFolder } from './harness'

const ROOT = resolve(import.meta.dirname, '../..')

function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    return existsSync(join(dir, 'dist', rel)) ? join(dir, 'dist', rel) : null
  } catch {
    return null
  }
}

const binary = electronBinary()

describe.skipIf(!binary)('desktop flow in the real Electron app', () => {
  let app: ElectronApplication
  let harness: Harness

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    const work = mkdtempSync(join(tmpdir(), 'leukolens-electron-e2e-'))
    makeTrainingFolder(join(work, 'aria-subset'))
    app = await _electron.launch({
      executablePath: binary!,
      args: [ROOT],
      env: { ...process.env, LEUKOLENS_DATA_DIR: join(work, 'data') }
    })
    const page = await app.firstWindow()
    await page.setViewportSize({ width: 1400, height: 1200 })
    const consoleErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    harness = {
      page,
      work,
      prefix: 'electron',
      consoleErrors,
      queueDialog: (answer) =>
        app.evaluate(({ dialog }, a) => {
          dialog.showOpenDialog = (async () => ({
            canceled: a === null,
            filePaths: a === null ? [] : Array.isArray(a) ? a : [a]
          })) as never
          dialog.showSaveDialog = (async () => ({
            canceled: a === null,
            filePath: typeof a === 'string' ? a : ''
          })) as never
        }, answer)
    }
  })

  afterAll(async () => {
    await app?.close()
    if (harness?.work) rmSync(harness.work, { recursive: true, force: true })
  })

  it('exposes exactly the contract to a sandboxed page without Node', async () => {
    const surface = await harness.page.evaluate(() => ({
      api: Object.keys(window.leukolens).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process
    }))
    expect(surface).toEqual({
      api: ['call', 'imageUrl', 'on', 'pathForFile'],
      require: 'undefined',
      process: 'undefined'
    })
    await expect(harness.page.evaluate(() => window.leukolens.call('fs:read' as never))).rejects.toThrow(
      /unknown call/
    )
  })

  flowSteps(() => harness)
})
