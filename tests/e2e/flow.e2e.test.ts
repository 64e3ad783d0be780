/**
 * import → train → scan → review → export, driven through the real UI in headless Debian Chromium, against the
 * real services (fresh data folder, real SQLite, real engine on wasm) via the test transport. A screenshot of
 * every screen goes to test-artifacts/screenshots/. Needs `npx electron-vite build` first (npm run test:e2e does it).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { sharedPath } from '../helpers/shared'
import { startTestServer, type TestServer } from './server'

const ROOT = resolve(import.meta.dirname, '../..')
const SHOTS = join(ROOT, 'test-artifacts/screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** A small two-class training folder: the first N files of each Aria class (sorted, so the subset is fixed). */
function makeTrainingFolder(dir: string, perClass: Record<string, number>): void {
  for (const [cls, n] of Object.entries(perClass)) {
    const src = sharedPath('data/aria-all', cls)
    mkdirSync(join(dir, cls), { recursive: true })
    for (const f of readdirSync(src).sort().slice(0, n)) copyFileSync(join(src, f), join(dir, cls, f))
  }
}

describe('desktop flow in a real browser', () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let work: string
  const consoleErrors: string[] = []

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('build the renderer first: npx electron-vite build')
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
    mkdirSync(SHOTS, { recursive: true })
    work = mkdtempSync(join(tmpdir(), 'leukolens-e2e-'))
    makeTrainingFolder(join(work, 'aria-subset'), { Benign: 30, Early: 10, Pre: 10, Pro: 10 })
    server = await startTestServer(join(work, 'data'))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    page.on('pageerror', (e) => consoleErrors.push(e.message))
    await page.goto(server.url)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  const go = async (screen: string) => {
    await page.click(`[data-screen="${screen}"]`)
    await page.waitForTimeout(300)
  }
  /** Waits for `target`, failing at once with the screen's message when an error alert shows up instead. */
  const until = async (target: ReturnType<Page['getByTestId']>, timeout: number) => {
    const failure = page.locator('.MuiAlert-standardError, .MuiAlert-standardInfo').filter({ hasNotText: /^Engine/ })
    await Promise.race([
      target.waitFor({ timeout }),
      failure.first().waitFor({ timeout }).then(async () => {
        throw new Error(`the screen shows: ${await failure.first().textContent()}`)
      })
    ])
  }
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })

  it('starts with first-run guidance', async () => {
    await page.getByLabel('first steps').waitFor()
    expect(await page.getByLabel('first steps').textContent()).toMatch(/DenseNet121/)
    await shot('01-home-first-run')
  })

  it('adds the MobileNetV2 backbone in Settings', async () => {
    await go('settings')
    await page.fill('#backbone-path', sharedPath('models/mobilenet-v2-0.35-imagenet'))
    await page.fill('#backbone-name', 'mobilenet')
    await page.getByRole('combobox', { name: 'Normalise' }).click()
    await page.getByRole('option', { name: 'tf' }).click()
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByText('Backbone mobilenet added').waitFor({ timeout: 120_000 })
    expect(await page.getByLabel('backbones').textContent()).toMatch(/mobilenet.*1280/)
    await shot('08-settings')
  })

  it('imports a folder with a class mapping', async () => {
    await go('datasets')
    await page.fill('#import-folder', join(work, 'aria-subset'))
    await page.fill('#import-name', 'aria-small')
    await page.fill('#import-map', 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL')
    await page.getByRole('button', { name: 'Import' }).click()
    const report = page.getByTestId('import-report')
    await until(report, 120_000)
    expect(await report.textContent()).toMatch(/60 files found, 60 images added/)
    await page.getByLabel('splits').waitFor()
    await page.locator('[aria-label="sample images"] img').first().waitFor()
    await page.waitForFunction(() => [...document.querySelectorAll('[aria-label="sample images"] img')].every((i) => (i as HTMLImageElement).naturalWidth > 0))
    await shot('03-datasets')
  })

  it('trains with live curves, shows the result and keeps + activates it', async () => {
    await go('training')
    await page.getByLabel('Max epochs').fill('12')
    await page.getByRole('button', { name: 'Train' }).click()
    await until(page.getByLabel('training curves'), 600_000)
    const result = page.getByTestId('training-result')
    await until(result, 600_000)
    expect(server.events.some((e) => e.name === 'training:epoch')).toBe(true)
    expect(await result.textContent()).toMatch(/Accuracy/)
    await page.getByLabel('confusion matrix').waitFor()
    await shot('04-training')
    await page.getByRole('button', { name: 'Keep and activate' }).click()
    await page.getByText('Kept and active.').waitFor()
  })

  it('lists the model version as active', async () => {
    await go('models')
    await page.getByLabel('model versions side by side').waitFor()
    expect(await page.getByLabel('model versions side by side').textContent()).toMatch(/active/)
    await shot('05-models')
  })

  it('scans a folder of BMPs, then reviews with the keyboard and shows Grad-CAM', async () => {
    await go('scan')
    await page.fill('#scan-folder', sharedPath('data/cnmc-samples'))
    await page.getByRole('button', { name: 'Scan', exact: true }).click()
    await until(page.getByText(/Scanned 13 files/), 600_000)
    const thumbs = page.getByTestId('thumb')
    await thumbs.first().waitFor()
    await thumbs.first().click()
    await page.getByTestId('review-panel').waitFor()
    const area = page.getByTestId('review-area')
    await area.focus()
    await page.keyboard.press('Enter') // confirm the model's label → moves to the next image
    await page.keyboard.press('p') // back to the first one
    await page.getByTestId('review-state').getByText(/Reviewed:/).waitFor()
    await page.keyboard.press('g')
    await page.waitForFunction(() => (document.querySelector('[data-testid="review-panel"] img') as HTMLImageElement | null)?.src.includes('overlay'), null, { timeout: 120_000 })
    await shot('06-scan-review')
  })

  it('exports the CSV and the printable report', async () => {
    const csv = join(work, 'results.csv')
    server.queueDialog(csv)
    await page.getByRole('button', { name: 'Export CSV' }).click()
    await page.getByText(`Written: ${csv}`).waitFor()
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(lines[0]).toMatch(/path.*sha256.*predicted.*confidence/)
    expect(lines).toHaveLength(14)
    const html = join(work, 'report.html')
    server.queueDialog(html)
    await page.getByRole('button', { name: 'Report' }).click()
    await page.getByText(`Written: ${html}`).waitFor({ timeout: 120_000 })
    expect(readFileSync(html, 'utf8')).toMatch(/<html/i)
  })

  it('quick-checks a file with probabilities and Grad-CAM, stored in the history', async () => {
    await go('quick')
    const file = join(sharedPath('data/aria-all/Benign'), readdirSync(sharedPath('data/aria-all/Benign')).sort()[40])
    await page.fill('#quick-paths', file)
    await page.getByRole('button', { name: 'Check' }).click()
    await until(page.getByTestId('quick-class'), 300_000)
    expect(await page.getByTestId('quick-class').textContent()).toMatch(/(ALL|HEM) · \d+\.\d%/)
    await page.waitForFunction(() => (document.querySelector('[data-testid="quick-result"] img') as HTMLImageElement | null)?.naturalWidth)
    await shot('02-quick-check')
    await go('history')
    await page.getByLabel('prediction history').waitFor()
    expect(await page.locator('[aria-label="prediction history"] tbody tr').count()).toBe(14)
    await shot('07-history')
  })

  it('shows the active model on Home, in dark mode too, and refuses files outside the allowed folders', async () => {
    await go('home')
    await page.getByText('Active model').waitFor()
    await page.waitForTimeout(500)
    await shot('09-home')
    await page.getByLabel('toggle light or dark theme').click()
    await page.waitForTimeout(300)
    await shot('10-home-dark')
    expect(await page.evaluate(() => fetch('/img?p=%2Fetc%2Fpasswd').then((r) => r.status))).toBe(403)
    expect(consoleErrors.filter((e) => !/403/.test(e))).toEqual([])
  })
})
