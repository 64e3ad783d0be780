/// <reference lib="dom" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global declaration file has no module to import
/// <reference path="../../src/preload/api.d.ts" />
/**
 * A lab's day in headless Chromium against a real PostgreSQL store: another process queues a scan and a worker
 * process finishes it; a reviewer signs in (a wrong password first), finds the scan among the queued scans, reviews
 * a cell and signs the sample with the password (wrong first, then right). Screenshots of the sign-in screen, the
 * queued scans and the signature dialog at 1280×800 and 1920×1080, light and dark.
 * Needs `npx electron-vite build` first and /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { freshPostgresDatabase } from '../helpers/engines'
import { runCliWith } from '../helpers/cli'
import { SHARED } from '../helpers/shared'
import { publishModel, tinyBackboneDir } from '../helpers/publish-model'
import { tinyModelSetup } from '../helpers/tiny-model'
import { ariaFiles, copyInto } from '../integration/scan-model.fixture'
import { startTestServer, type TestServer } from './server'
import { SHOTS } from './flow'
import { addLabPeople } from './lab-people'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/leukolens.mjs')
const CHROMIUM = process.env.CHROMIUM_PATH ?? process.env.LEUKOLENS_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run'
]
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 }
] as const
const REVIEWER = { name: 'rita', password: 'correct horse battery' }
const ADMIN = { name: 'ada', password: 'admin password 1' }
/** Whom the command that queues the scan and the unattended worker sign in as. */
const TECHNICIAN = { name: 'tom', password: 'technician password' }
/** Who brings the model trained on a workstation to the lab's database. */
const RESEARCHER = { name: 'rosa', password: 'researcher password' }

let root: string
let dataDir: string
let database: { url: string; drop(): Promise<void> }
let server: TestServer
let browser: Browser
let page: Page
let scanId: number
const consoleErrors: string[] = []

const env = (): Record<string, string> => ({
  LEUKOLENS_BACKEND: 'wasm',
  LEUKOLENS_WORKERS: '1',
  LEUKOLENS_SHARED: SHARED,
  LEUKOLENS_DATABASE_URL: database.url,
  LEUKOLENS_USER: TECHNICIAN.name,
  LEUKOLENS_PASSWORD: TECHNICIAN.password
})

/** `leukolens worker --once` in its own process, as a lab machine runs it: resolves when the queue is empty. */
function runWorker(): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'worker', '--once'], {
    env: { ...process.env, ...env() },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let err = ''
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
  return new Promise((res) => child.on('close', (code) => res({ code, err })))
}

async function queueScan(folder: string): Promise<number> {
  const r = await runCliWith(
    env(),
    '--data-dir',
    dataDir,
    '--json',
    'scan',
    folder,
    '--queue',
    '--batch-size',
    '4'
  )
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return (JSON.parse(r.out) as { scanId: number }).scanId
}

/** The view at both sizes, light and dark: `lab-<name>-<w>x<h>-<scheme>.png`. */
async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await page.waitForTimeout(250)
      await page.screenshot({
        path: join(SHOTS, `lab-${name}-${size.width}x${size.height}-${colorScheme}.png`)
      })
    }
  }
  await page.setViewportSize(SIZES[0])
  await page.emulateMedia({ colorScheme: 'light' })
}

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: database.url })
  await c.connect()
  try {
    return (await c.query(text, values)).rows as T[]
  } finally {
    await c.end()
  }
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')))
    throw new Error('build the renderer first: npx electron-vite build')
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
  mkdirSync(SHOTS, { recursive: true })
  root = mkdtempSync(join(tmpdir(), 'leukolens-e2e-lab-'))
  const setup = await tinyModelSetup(root)
  setup.db.close()
  dataDir = setup.dirs.root
  database = await freshPostgresDatabase()
  await addLabPeople(database.url, {
    admin: ADMIN,
    reviewer: REVIEWER,
    technician: TECHNICIAN,
    researcher: RESEARCHER
  })
  // The model trained on this workstation reaches the lab's database as a lab's model does.
  await publishModel({
    dataDir,
    modelId: setup.modelId,
    backboneDir: tinyBackboneDir(root),
    backboneName: 'tiny',
    databaseUrl: database.url,
    researcher: RESEARCHER,
    archive: join(root, 'tiny-model.zip')
  })
  // Another process queues the scan and a worker process finishes it, before the reviewer opens the app.
  const folder = join(root, 'patient-12')
  copyInto(folder, [...ariaFiles('Benign', 6, 40), ...ariaFiles('Early', 6, 40)])
  scanId = await queueScan(folder)
  const worker = await runWorker()
  expect(worker.code, worker.err).toBe(0)
  expect(worker.err).toMatch(/scan \d+ is done/)
  // A second scan waits in the queue: no worker has taken it.
  copyInto(join(root, 'patient-13'), ariaFiles('Pre', 8, 40))
  await queueScan(join(root, 'patient-13'))

  server = await startTestServer(dataDir, { databaseUrl: database.url })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  page = await browser.newPage({ viewport: SIZES[0], colorScheme: 'light' })
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
  page.on('pageerror', (e) => consoleErrors.push(e.message))
  await page.goto(server.url)
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await database?.drop()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a lab in headless Chromium over the shared PostgreSQL store', () => {
  it('asks to sign in first, and refuses a wrong password in one line', async () => {
    await page.getByRole('form', { name: 'Leukolens' }).waitFor()
    expect(await page.getByTestId('store-place').textContent()).toMatch(/^postgres:\/\//)
    expect(await page.locator('nav[aria-label="screens"]').count()).toBe(0)
    await page.getByLabel('Name').fill(REVIEWER.name)
    await page.getByLabel('Password').fill('not the password')
    await page.keyboard.press('Enter')
    const error = page.getByTestId('sign-in-error')
    await error.waitFor()
    expect(await page.getByRole('alert').count()).toBe(1)
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    await shots('sign-in')
  })

  it('signs in with Enter and names the person and role above the screen', async () => {
    await page.getByLabel('Password').fill(REVIEWER.password)
    await page.keyboard.press('Enter')
    const bar = page.getByTestId('person-bar')
    await bar.waitFor()
    expect(await bar.textContent()).toMatch(/rita\s*reviewer\s*Sign out/)
  })

  it('lists the queued scans with their batches and the machine that worked on them', async () => {
    const card = page.getByTestId('queued-scans')
    await card.waitFor()
    const finished = card.locator(`[data-scan="${scanId}"]`)
    await finished.getByText('12 of 12 images').waitFor()
    expect(await finished.textContent()).toContain('3 of 3 batches done')
    expect(await finished.textContent()).toMatch(new RegExp(`${hostname()} \\(pid \\d+\\): 3 batches done`))
    const waiting = card.locator(`[data-scan="${scanId + 1}"]`)
    expect(await waiting.textContent()).toContain('0 of 8 images')
    expect(await waiting.textContent()).toContain('no machine has taken a batch yet')
    await shots('queued-scans')
  })

  it('opens the finished scan and reviews a cell under the signed-in name', async () => {
    await page.getByRole('button', { name: `Open scan ${scanId}` }).click()
    const thumbs = page.getByTestId('thumb')
    await thumbs.first().waitFor()
    expect(await thumbs.count()).toBe(12)
    await thumbs.first().click()
    await page.getByTestId('review-panel').waitFor()
    await page.getByTestId('review-area').focus()
    await page.keyboard.press('Enter') // no name is asked: the signed-in person reviews
    await page.getByText(/· 1 reviewed ·/).waitFor()
    const entries = await sql<{ reviewer: string }>('SELECT reviewer FROM review_log')
    expect(entries.map((e) => e.reviewer)).toEqual([REVIEWER.name])
  })

  it('signs the sample: a wrong password keeps the dialog open with the refusal, the right one signs', async () => {
    const signatures = page.getByTestId('sample-signatures')
    await signatures.waitFor()
    if (await signatures.getByText(/Not yet:/).count()) {
      // Flagged cells must be looked at before a sample is signed: confirm the rest in one go.
      await page.getByTestId('review-area').focus()
      await page.keyboard.press('Control+a')
      await page.keyboard.press('Enter')
      await page.getByText(/· 12 reviewed ·/).waitFor()
    }
    await signatures.getByRole('button', { name: /^Sign sample/ }).click()
    const dialog = page.getByRole('dialog', { name: `Sign as ${REVIEWER.name}` })
    await dialog.waitFor()
    expect(await dialog.getByLabel('what is signed').textContent()).toContain(`scan ${scanId}`)
    await dialog.getByRole('radio', { name: /Approved/ }).check()
    await dialog.getByLabel('Password').fill('wrong password')
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click()
    await dialog.getByTestId('signature-error').waitFor()
    expect(await dialog.isVisible()).toBe(true)
    await shots('signature')
    await dialog.getByLabel('Password').fill(REVIEWER.password)
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await signatures.getByText(/Approved by rita \(reviewer\)/).waitFor()
    // One signature (the refused try wrote nothing), bound to the sample's content and chained in the review log.
    const signed = await sql<{
      name: string
      meaning: string
      record_id: string
      sha: string
      entry: string
    }>(
      `SELECT u.name, s.meaning, s.record_id, s.content_sha256 AS sha, l.kind || ' ' || l.reviewer || ' ' || l.new_label AS entry
         FROM signatures s JOIN users u ON u.id = s.user_id JOIN review_log l ON l.id = s.log_id`
    )
    expect(signed).toEqual([
      {
        name: REVIEWER.name,
        meaning: 'approved',
        record_id: `${scanId}:patient-12`,
        sha: expect.stringMatching(/^[0-9a-f]{64}$/),
        entry: `signature ${REVIEWER.name} approved`
      }
    ])
    const chain = await page.evaluate(() => window.leukolens.call('review:verify'))
    expect(chain).toMatchObject({ ok: true })
    // A later relabel changes the sample: the signature then says it is of an earlier state.
    const first = page.getByTestId('thumb').first()
    await first.click()
    await page.getByTestId('review-area').focus()
    await page.keyboard.press((await first.getAttribute('data-class')) === 'ALL' ? '2' : '1')
    await signatures.getByText(/the sample changed since/).waitFor()
    expect(consoleErrors).toEqual([])
  })
})
