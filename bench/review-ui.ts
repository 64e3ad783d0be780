/**
 * The review screen with a 10,000-image scan, in headless Debian Chromium against the test server (the real
 * service layer and SQLite): how long the first load takes, a filter change (class chip) until the grid shows
 * the new rows and has painted, and a page of scrolling in the virtualised grid until painted, plus the longest
 * frame gap seen while scrolling. Prints measured figures only; nothing is asserted on time.
 *
 *   npm run bench:review                       # builds the renderer first
 *   BENCH_REVIEW_IMAGES=2000 npm run bench:review
 *
 * The scan's rows are a UI fixture, written straight into the database: 10,000 hard links of one small PNG,
 * each with a prediction drawn from the seeded PRNG (about a third ALL, confidences 0.5–1). This measures the
 * screen, not the model. On these shared 2-core machines other work competes for the CPU: compare figures from
 * the same run only.
 */
import { linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { chromium } from 'playwright-core'
import { startTestServer } from '../tests/e2e/server'
import { createScan, finishScan, recordScanItems } from '../src/main/core/scan/store'
import { sqliteStore, write } from '../src/main/core/db/store'
import { Prng } from '../src/main/core/engine/training/prng'

const N = Number(process.env.BENCH_REVIEW_IMAGES ?? 10_000)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run'
]

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(0)} ms`

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'leukolens-bench-review-'))
  const cells = join(work, 'cells')
  mkdirSync(cells)
  const one = join(work, 'one.png')
  await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 180, g: 120, b: 200 } } })
    .png()
    .toFile(one)
  const server = await startTestServer(join(work, 'data'))
  try {
    const seedStart = Date.now()
    const prng = new Prng(42)
    const scan = await createScan(sqliteStore(server.db).k, {
      folder: cells,
      recursive: false,
      modelId: 'bench-fixture',
      tta: false,
      flagThreshold: 0.8,
      backend: 'fixture'
    })
    const items = Array.from({ length: N }, (_, i) => {
      const path = join(cells, `cell-${String(i).padStart(5, '0')}.png`)
      linkSync(one, path)
      const sha256 = i.toString(16).padStart(64, '0')
      const all = prng.next() < 0.33
      const confidence = 0.5 + prng.next() / 2
      return {
        path,
        sha256,
        prediction: {
          sha256,
          modelId: 'bench-fixture',
          classes: ['ALL', 'HEM'],
          probabilities: all ? [confidence, 1 - confidence] : [1 - confidence, confidence],
          predicted: all ? 'ALL' : 'HEM',
          confidence,
          flagged: confidence < 0.8,
          tta: false,
          backend: 'fixture'
        }
      }
    })
    const store = sqliteStore(server.db)
    await write(store, (trx) => recordScanItems(trx, scan.id, items))
    await finishScan(store.k, scan.id, 'done')

    const seeding = Date.now() - seedStart
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.url)
    const t0 = Date.now()
    await page.click('[data-screen="scan"]')
    await page.getByText(new RegExp(`${N} shown of ${N}`)).waitFor({ timeout: 120_000 })
    const load = Date.now() - t0

    // In the page: click, then wait for the summary to change and two animation frames (the paint after it).
    // Page code as strings: tsx would wrap named functions in a helper the page does not have.
    const filterChange = () =>
      page.evaluate<number>(`(async () => {
        const chip = [...document.querySelectorAll('[aria-label="class counts"] .MuiChip-root')].find((c) => c.textContent.startsWith('ALL'))
        const summary = document.querySelector('[data-testid="review-summary"]')
        const before = summary.textContent
        const t = performance.now()
        chip.click()
        await new Promise((resolve) => {
          const check = () => (summary.textContent !== before ? resolve() : requestAnimationFrame(check))
          requestAnimationFrame(check)
        })
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        return performance.now() - t
      })()`)
    const filters: number[] = []
    for (let k = 0; k < 6; k++) filters.push(await filterChange())

    const scroll = await page.evaluate<{ pages: number[]; worstGap: number; rows: number }>(`(async () => {
      const grid = document.querySelector('[data-testid="thumb-grid"]')
      const pages = []
      let worstGap = 0
      let last = performance.now()
      let running = true
      const watch = () => {
        const now = performance.now()
        worstGap = Math.max(worstGap, now - last)
        last = now
        if (running) requestAnimationFrame(watch)
      }
      requestAnimationFrame(watch)
      for (let k = 0; k < 20; k++) {
        const t = performance.now()
        grid.scrollTop += grid.clientHeight
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        pages.push(performance.now() - t)
      }
      running = false
      return { pages, worstGap, rows: grid.querySelectorAll('[data-testid="thumb"]').length }
    })()`)
    await browser.close()

    console.log(
      `review screen, ${N}-image scan (fixture rows), 1280×800, headless Chromium, shared 2-core machine`
    )
    console.log(`  writing the fixture (files + rows), not the UI    ${ms(seeding)}`)
    console.log(`  first load of the scan (all rows, counts, grid)   ${ms(load)}`)
    console.log(
      `  filter change (class chip), until painted         median ${ms(median(filters))}, max ${ms(Math.max(...filters))} over ${filters.length}`
    )
    console.log(
      `  one page of grid scrolling, until painted         median ${ms(median(scroll.pages))}, max ${ms(Math.max(...scroll.pages))} over ${scroll.pages.length}`
    )
    console.log(`  longest frame gap while scrolling                 ${ms(scroll.worstGap)}`)
    console.log(`  thumbnails in the DOM at a time                   ${scroll.rows} (virtualised)`)
  } finally {
    await server.close()
    rmSync(work, { recursive: true, force: true })
  }
}

void main()
