/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a global declaration file has no module to import
/// <reference path="../../src/preload/api.d.ts" />
// (Code passed to page.evaluate runs in the page: DOM types and window.leukolens.)
/**
 * The desktop flow — import → train → scan → review → export, plus quick check, history, models, settings and
 * home — as steps any harness can run: the browser + test-transport harness (browser.e2e.test.ts) and the real
 * Electron app through Playwright's `_electron` (electron.e2e.test.ts). Each step saves a screenshot.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { ScreenName } from '../../src/shared/contract'
import { sharedPath } from '../helpers/shared'
import { makeFieldsFolder } from './harness'
import { lisSteps } from './flow-lis'

export const SHOTS = join(resolve(import.meta.dirname, '../..'), 'test-artifacts/screenshots')

export interface Harness {
  page: Page
  /** Scratch folder holding the training subset (`aria-subset`) and the exports. */
  work: string
  /** What the next native dialog answers (a path, or null for cancel). */
  queueDialog(answer: string | string[] | null): Promise<void>
  /** Contract events seen so far, where the harness can observe them. */
  events?: { name: string }[]
  /** Screenshot name prefix, e.g. 'browser' or 'electron'. */
  prefix: string
  consoleErrors: string[]
}

export function flowSteps(h: () => Harness): void {
  /** The backend the scan step ran on (read from the review panel), for what Home must then say. */
  let scanBackend: string | undefined
  const go = async (screen: string) => {
    await h().page.click(`[data-screen="${screen}"]`)
    await h().page.waitForTimeout(300)
  }
  /**
   * Waits for `target`, failing at once with the screen's message when an error alert shows up instead (`expected`:
   * an alert the step itself brings about, e.g. a rejected control run).
   */
  const until = async (target: Locator, timeout: number, expected?: RegExp) => {
    const failure = h()
      .page.locator('main [role="alert"]')
      .filter({ hasNotText: /^Engine/ })
      .filter(expected ? { hasNotText: expected } : {})
    await Promise.race([
      target.waitFor({ timeout }),
      failure
        .first()
        .waitFor({ timeout })
        .then(async () => {
          throw new Error(`the screen shows: ${await failure.first().textContent()}`)
        })
    ])
  }
  const shot = (name: string) =>
    h().page.screenshot({ path: join(SHOTS, `${h().prefix}-${name}.png`), fullPage: true })

  it('starts with first-run guidance', async () => {
    await h().page.getByLabel('first steps').waitFor()
    expect(await h().page.getByLabel('first steps').textContent()).toMatch(/DenseNet121/)
    await shot('01-home-first-run')
  })

  it('adds the MobileNetV2 backbone in Settings', async () => {
    await go('settings')
    await h().page.fill('#backbone-path', sharedPath('models/mobilenet-v2-0.35-imagenet'))
    await h().page.fill('#backbone-name', 'mobilenet')
    await h().page.getByRole('combobox', { name: 'Normalise' }).click()
    await h().page.getByRole('option', { name: 'tf' }).click()
    await h().page.getByRole('button', { name: 'Add', exact: true }).click()
    await h().page.getByText('Backbone mobilenet added').waitFor({ timeout: 120_000 })
    expect(await h().page.getByLabel('backbones').textContent()).toMatch(/mobilenet.*1280/)
    await shot('08-settings')
  })

  it('imports a folder with a class mapping', async () => {
    await go('datasets')
    await h().page.fill('#import-folder', join(h().work, 'aria-subset'))
    await h().page.fill('#import-name', 'aria-small')
    await h().page.fill('#import-map', 'Benign=HEM,Early=ALL,Pre=ALL,Pro=ALL')
    await h().page.getByRole('button', { name: 'Import', exact: true }).click()
    const report = h().page.getByTestId('import-report')
    await until(report, 120_000)
    expect(await report.textContent()).toMatch(/60 files found, 60 images added/)
    await h().page.getByLabel('splits').waitFor()
    await h().page.locator('[aria-label="sample images"] img').first().waitFor()
    await h().page.waitForFunction(() =>
      [...document.querySelectorAll('[aria-label="sample images"] img')].every(
        (i) => (i as HTMLImageElement).naturalWidth > 0
      )
    )
    await shot('03-datasets')
  })

  it('trains with live curves, shows the result and keeps + activates it', async () => {
    await go('training')
    await h().page.getByLabel('Max epochs').fill('12')
    await h().page.getByRole('button', { name: 'Train', exact: true }).click()
    await until(h().page.getByLabel('training curves'), 600_000)
    const result = h().page.getByTestId('training-result')
    await until(result, 600_000)
    if (h().events) expect(h().events!.some((e) => e.name === 'training:epoch')).toBe(true)
    expect(await result.textContent()).toMatch(/Accuracy/)
    await h().page.getByLabel('confusion matrix').waitFor()
    await h()
      .page.getByRole('figure', { name: /ROC curve, AUC/ })
      .locator('svg')
      .first()
      .waitFor()
    await shot('04-training')
    await h().page.getByRole('button', { name: 'Keep and activate' }).click()
    await h().page.getByText('Kept and active.').waitFor()
  })

  it('lists the model version as active', async () => {
    await go('models')
    await h().page.getByLabel('model versions side by side').waitFor()
    expect(await h().page.getByLabel('model versions side by side').textContent()).toMatch(/active/)
    await h()
      .page.getByRole('figure', { name: /ROC curve, AUC/ })
      .first()
      .waitFor()
    // the notebook's own model file, imported beside the trained one (not activated: the scan uses the kept one)
    await h().page.fill('#model-file', sharedPath('fixtures/keras/seed_model_random.keras'))
    await h().page.fill('#model-name', 'notebook seed')
    await h().page.getByRole('button', { name: 'Import', exact: true }).click()
    await until(h().page.getByText(/Imported as version .*notebook seed.*keras-import/), 180_000)
    const table = h().page.getByLabel('model versions side by side')
    await table.getByText('notebook seed').first().waitFor() // the list reloads after the message shows
    expect(await table.textContent()).toMatch(/notebook seed.*keras-import/)
    expect(await table.locator('thead th').count()).toBe(3) // the label column + two versions
    await shot('05-models')
  })

  it('scans a folder of BMPs, then reviews with the keyboard and shows Grad-CAM', async () => {
    await go('scan')
    await h().page.fill('#scan-folder', sharedPath('data/cnmc-samples'))
    await h().page.getByRole('button', { name: 'Scan', exact: true }).click()
    await until(h().page.getByText(/Scanned 13 files/), 600_000)
    const thumbs = h().page.getByTestId('thumb')
    await thumbs.first().waitFor()
    await thumbs.first().click()
    await h().page.getByTestId('review-panel').waitFor()
    const area = h().page.getByTestId('review-area')
    await area.focus()
    await h().page.keyboard.press('Enter') // confirm the model's label → first the reviewer's name is asked, once
    await h().page.fill('#reviewer-name', 'Dr E2E')
    await h().page.getByRole('button', { name: 'Save and review' }).click()
    await h()
      .page.getByText(/· 1 reviewed ·/)
      .waitFor() // stored, and moved to the next image
    await area.focus()
    await h().page.keyboard.press('p') // back to the first one
    await h()
      .page.getByTestId('review-state')
      .getByText(/Reviewed:/)
      .waitFor()
    await h().page.keyboard.press('g')
    await h().page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="review-panel"] img') as HTMLImageElement | null)?.src.includes(
          'overlay'
        ),
      null,
      { timeout: 120_000 }
    )
    // The frozen base's forward pass runs where the scan ran (ONNX Runtime here when it loads).
    const panel = (await h().page.getByTestId('review-panel').textContent()) ?? ''
    scanBackend = /· (onnxruntime|wasm|tfjs-node-gpu|tfjs-node) ·/.exec(panel)?.[1]
    expect(scanBackend).toBeDefined()
    expect(await h().page.getByTestId('gradcam-caption').textContent()).toMatch(
      new RegExp(`^Grad-CAM for (ALL|HEM) · forward pass on ${scanBackend}`)
    )
    await shot('06-scan-review')
  })

  it('bulk-relabels three cells, undoes them as new audit entries, zooms, and keeps the actions in view', async () => {
    const page = h().page
    const thumbs = page.getByTestId('thumb')
    await thumbs.nth(2).click()
    await thumbs.nth(4).click({ modifiers: ['Shift'] })
    await page.getByText(/· 3 selected/).waitFor()
    const before = await Promise.all([2, 3, 4].map((i) => thumbs.nth(i).getAttribute('data-class')))
    await page.getByRole('button', { name: /Label 3 cells as ALL/ }).click()
    await page.getByText(/· 4 reviewed ·/).waitFor()
    expect(await Promise.all([2, 3, 4].map((i) => thumbs.nth(i).getAttribute('data-class')))).toEqual([
      'ALL',
      'ALL',
      'ALL'
    ])
    // A cell the model called HEM now reads "model HEM nn% → ALL"; one it called ALL is confirmed.
    for (const [k, i] of [2, 3, 4].entries()) {
      const status = await thumbs.nth(i).getAttribute('data-status')
      expect(status).toBe(before[k] === 'ALL' ? 'confirmed' : 'relabelled')
      if (status === 'relabelled')
        expect(await thumbs.nth(i).getAttribute('aria-label')).toMatch(/model HEM \d+% → ALL \(relabelled\)/)
    }
    await shot('06b-review-bulk')
    const area = page.getByTestId('review-area')
    await area.focus()
    await page.keyboard.press('u')
    await page.getByText(/Undone: 3 cells/).waitFor()
    expect(await Promise.all([2, 3, 4].map((i) => thumbs.nth(i).getAttribute('data-class')))).toEqual(before)
    expect(await Promise.all([2, 3, 4].map((i) => thumbs.nth(i).getAttribute('data-status')))).toEqual([
      'confirmed',
      'confirmed',
      'confirmed'
    ])
    // zoom with keys and the wheel, pan, back to fit
    const cell = page.getByTestId('cell-view')
    const zoom = async () => Number(await cell.getAttribute('data-zoom'))
    await page.keyboard.press('+')
    await page.keyboard.press('+')
    expect(await zoom()).toBeCloseTo(1.56, 2)
    await cell.hover()
    await page.mouse.wheel(0, -120)
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="cell-view"]')?.getAttribute('data-zoom')) > 1.9
    )
    await area.focus()
    await page.keyboard.press('Shift+ArrowLeft')
    await shot('06c-review-zoom')
    await page.keyboard.press('0')
    expect(await zoom()).toBe(1)
    // the class-grouped gallery, ALL first
    await page.getByRole('button', { name: 'By class' }).click()
    await page.getByTestId('class-gallery').waitFor()
    await shot('06d-review-by-class')
    await page.getByRole('button', { name: 'Grid', exact: true }).click()
    // at 1280×800 the actions of the panel are on screen without scrolling
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.waitForTimeout(300)
    const box = await page.getByTestId('review-actions').boundingBox()
    expect(box && box.y + box.height).toBeLessThan(800)
    // the cells and the panel get the height: several rows of cells, the whole panel's actions
    expect((await page.getByTestId('review-area').boundingBox())?.height).toBeGreaterThanOrEqual(420)
    await shot('06e-review-1280x800')
    await page.setViewportSize({ width: 1400, height: 1200 })
  })

  it('exports the CSV and the printable report', async () => {
    const csv = join(h().work, 'results.csv')
    await h().queueDialog(csv)
    await h().page.getByRole('button', { name: 'Export CSV' }).click()
    await h().page.getByText(`Written: ${csv}`).waitFor()
    const lines = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toMatch(/path.*sha256.*predicted.*confidence/)
    expect(lines).toHaveLength(14)
    const html = join(h().work, 'report.html')
    await h().queueDialog(html)
    await h().page.getByRole('button', { name: 'Report', exact: true }).click()
    await h().page.getByRole('button', { name: 'Save report…' }).click()
    await h().page.getByText(`Written: ${html}`).waitFor({ timeout: 120_000 })
    expect(readFileSync(html, 'utf8')).toMatch(/<html/i)
  })

  it('adds the reviewed cells to the dataset and retrains on it', async () => {
    const page = h().page
    await page.getByRole('button', { name: 'Add reviewed to dataset…' }).click()
    await page.getByRole('dialog').getByRole('combobox').fill('aria-small')
    await page.getByRole('option', { name: 'aria-small', exact: true }).click() // picks it and closes the list
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await until(page.getByTestId('to-dataset-result'), 120_000)
    expect(await page.getByTestId('to-dataset-result').textContent()).toMatch(
      /Updated aria-small: 4 added.*Split now:/
    )
    await shot('06f-add-to-dataset')
    await page.getByRole('button', { name: 'Retrain on aria-small' }).click()
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor()
    // The select shows its value once the dataset list has loaded (slow on a loaded machine).
    await page.getByRole('combobox', { name: 'Dataset' }).filter({ hasText: 'aria-small' }).waitFor()
    expect(await page.getByRole('combobox', { name: 'Dataset' }).textContent()).toBe('aria-small')
    await page.getByLabel('Max epochs').fill('12')
    await page.getByRole('button', { name: 'Train', exact: true }).click()
    const result = page.getByTestId('training-result')
    await until(result, 600_000)
    // 64 images now (60 + 4 reviewed), and the marks the charts carry
    expect(await page.getByLabel('training curves').getAttribute('data-best-epoch')).toMatch(/^\d+$/)
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('retrained')
    await page.getByRole('button', { name: 'Keep', exact: true }).click()
    await page.locator('[role="status"]', { hasText: /^Kept\./ }).waitFor()
    await shot('04b-retrained')
  })

  it('quick-checks a file with probabilities and Grad-CAM, stored in the history', async () => {
    await go('quick')
    const file = join(
      sharedPath('data/aria-all/Benign'),
      readdirSync(sharedPath('data/aria-all/Benign')).sort()[40]
    )
    // With a C-NMC BMP beside it: a 450×450 bitmap on black, unlike the Aria JPEGs the model was trained on.
    const cnmc = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all')
    const odd = join(cnmc, readdirSync(cnmc).sort()[0])
    await h().page.fill('#quick-paths', `${file}\n${odd}`)
    await h().page.getByRole('button', { name: 'Check', exact: true }).click()
    await until(h().page.getByTestId('quick-class').first(), 300_000)
    expect(await h().page.getByTestId('quick-class').first().textContent()).toMatch(/(ALL|HEM) · \d+\.\d%/)
    // The unfamiliar one says so, and why, above its picture and answer.
    const warning = h().page.getByTestId('quick-result').nth(1).getByTestId('quick-unfamiliar')
    await until(warning, 60_000)
    expect(await warning.textContent()).toMatch(
      /Unlike this model's training data: .*format bmp \(trained on jpeg\)/
    )
    await h().page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="quick-result"] img') as HTMLImageElement | null)?.naturalWidth
    )
    await shot('02-quick-check')
    await go('history')
    await h().page.getByLabel('prediction history').waitFor()
    expect(await h().page.locator('[aria-label="prediction history"] tbody tr').count()).toBe(15)
    await shot('07-history')
  })

  it('evaluates a version on a dataset and compares two versions on the scan, image by image', async () => {
    const page = h().page
    await go('models')
    const evaluate = page.getByTestId('evaluate-card')
    await evaluate.getByRole('combobox', { name: 'Version' }).click()
    await page.getByRole('option', { name: 'retrained' }).click()
    await evaluate.getByRole('button', { name: 'Evaluate', exact: true }).click()
    await until(page.getByTestId('evaluation'), 300_000)
    // the aria-small test split has about ten images: the screen says that is too few, with the interval
    expect(await page.getByTestId('small-split').textContent()).toMatch(/too small to trust.*between/)
    // The active version's answers were reviewed on the scan screen: the agreement card counts them.
    await until(page.getByTestId('agreement'), 60_000)
    expect(await page.getByTestId('agreement').textContent()).toMatch(/\d+ of \d+ kept \(\d+\.\d%, 95% CI /)
    const card = page.getByTestId('compare-card')
    await card.getByRole('combobox', { name: 'Version B' }).click()
    await page.getByRole('option', { name: 'notebook seed' }).click()
    await card.getByRole('button', { name: 'Compare', exact: true }).click()
    await card.getByText(/13 images of this scan have no answer from notebook seed yet/).waitFor()
    await card.getByRole('button', { name: 'Scan this folder with notebook seed' }).click()
    const summary = card.getByText(/13 images answered by both: they agree on \d+ and disagree on \d+/)
    await until(summary, 600_000)
    const disagree = Number(/disagree on (\d+)/.exec((await summary.textContent()) ?? '')![1])
    // Whether two versions disagree on these 13 cells is the models' business, not the screen's: the table
    // must list exactly the disagreements the summary counts, each with both answers.
    console.log(`model comparison on the 13 C-NMC cells: ${disagree} disagreements`)
    const rows = card.locator('[aria-label="disagreements"] tbody tr')
    expect(await rows.count()).toBe(disagree)
    if (disagree > 0) expect(await rows.first().textContent()).toMatch(/(ALL|HEM) \d+%.*(ALL|HEM) \d+%/)
    await shot('05b-models-compare')
  })

  it('shows the audit log with the undo entries and exports it', async () => {
    const page = h().page
    await go('audit')
    const table = page.getByLabel('audit log')
    await table.waitFor()
    // 1 confirm + 3 relabels + 3 undos, newest first; the log kept every entry
    expect(await table.locator('tbody tr').count()).toBe(7)
    expect(await table.textContent()).toMatch(
      /undo of entry #\d+ \(ALL → HEM\)|undo of entry #\d+ \(ALL → ALL\)/
    )
    const csv = join(h().work, 'audit.csv')
    await h().queueDialog(csv)
    await page.getByRole('button', { name: 'Export CSV' }).click()
    await page.getByText(`Written: ${csv}`).waitFor()
    expect(readFileSync(csv, 'utf8').trim().split(/\r?\n/)).toHaveLength(8)
    await shot('11-audit-log')
  })

  it('runs a control set for quality control and validates the scan against its reviews', async () => {
    const page = h().page
    await go('qc')
    await page.getByLabel('Name', { exact: true }).fill('cnmc-control')
    await page
      .getByLabel('Folder', { exact: true })
      .fill(sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0'))
    await page.getByLabel('Class mapping (optional)').fill('all=ALL,hem=HEM')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByRole('button', { name: 'Run now' }).click()
    const runs = page.getByLabel('QC runs')
    // this model has never seen C-NMC cells: its run may well be rejected, which the screen says in an alert
    await until(runs, 600_000, /rejected run\(s\) of cnmc-control not acknowledged/)
    expect(await runs.textContent()).toMatch(/\(\d+\/13, 95% CI/)
    expect(await page.getByLabel('Levey–Jennings chart: Accuracy on the control set (%)').count()).toBe(1)
    await shot('12-qc')
    await go('validation')
    await page.getByRole('combobox', { name: 'Scan' }).click()
    await page
      .getByRole('option', { name: /cnmc-samples$/ })
      .first()
      .click()
    await page.getByLabel('Reviewed cells as reference').check()
    await page.getByRole('button', { name: 'Compare' }).click()
    const study = page.getByLabel('validation study')
    await until(study, 60_000)
    expect(await study.textContent()).toMatch(
      /classified cells compared\. Agreement \d+\.\d% \(\d+\/\d+, 95% CI/
    )
    await shot('13-validation')
  })

  it('counts a differential with the keys, is refused signing early, then signs with the reason it stops short', async () => {
    const page = h().page
    const openCnmcScan = async () => {
      await go('scan')
      await page.getByRole('combobox', { name: 'Scan' }).click()
      await page
        .getByRole('option', { name: /\/cnmc-samples · / })
        .first()
        .click()
      await page.getByTestId('differential').waitFor()
    }
    await openCnmcScan()
    // Samples by subject: 2 (the 7 ALL cells, a few reviewed already), H1, H2. Sample 2 is counted first.
    const count = page.getByTestId('differential-count')
    expect(await count.textContent()).toMatch(/^Counted [1-6] of 100 \(\d+ to go\)$/)
    // the key map: each class's counter starts with its number key, unidentified on the last
    for (const [key, c] of ['ALL', 'HEM', 'unidentified'].entries())
      expect(await page.getByTestId(`counter-${c}`).textContent()).toMatch(new RegExp(`^${key + 1}${c} \\d+`))
    const dialog = page.getByRole('dialog')
    await page.getByRole('button', { name: 'Sign…' }).click()
    const reasons = dialog.getByTestId('sign-off-reasons')
    expect(await reasons.textContent()).toMatch(
      /^Signing is refused while: [1-6] of 100 cells counted: count \d+ more, or state why the count stops short/
    )
    await dialog.getByRole('button', { name: 'Sign as final' }).click()
    await dialog.getByTestId('sign-off-error').waitFor()
    expect(await dialog.getByTestId('sign-off-error').textContent()).toMatch(
      /^Sample 2 of scan \d+ cannot be signed: [1-6] of 100 cells counted/
    )
    await page.waitForTimeout(400)
    await shot('14a-sign-off-refused')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })

    // Each of the 7 cells of sample 2 (the first 7 by file name) gets a person's class by key; a key stores it and
    // moves to the next cell.
    await page.getByRole('combobox', { name: 'Sort' }).click()
    await page.getByRole('option', { name: 'by file name' }).click()
    const thumbs = page.getByTestId('thumb')
    expect(await thumbs.nth(6).getAttribute('aria-label')).toMatch(/^UID_2_/)
    await thumbs.first().click()
    for (const [i, key] of ['1', '1', '2', '1', '3', '1', '1'].entries()) {
      await page.getByTestId('review-area').focus()
      await page.keyboard.press(key)
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="thumb"]')[n]?.getAttribute('aria-current') === 'true',
        i + 1
      )
    }
    await count.filter({ hasText: /^Counted 7 of 100 \(93 to go\)$/ }).waitFor()
    expect(await page.getByTestId('counter-ALL').textContent()).toMatch(/^1ALL 5.*71\.4% \[35\.9–91\.8\]$/)
    expect(await page.getByTestId('counter-unidentified').textContent()).toMatch(/^3unidentified 1.*14\.3%/)

    // The control run of this flow may have been rejected (C-NMC cells are new to the model): until a person
    // acknowledges it, no sample is signed.
    await go('qc')
    await page.getByLabel('QC runs').waitFor()
    const ack = page.getByRole('button', { name: 'Acknowledge' })
    if (await ack.count()) {
      await page.getByLabel('What was found and done').first().fill('control is C-NMC, new to this model')
      await ack.first().click()
      await page.getByText(/control is C-NMC, new to this model/).waitFor()
    }
    await openCnmcScan()
    await count.filter({ hasText: /^Counted 7 of 100/ }).waitFor()
    const why = 'too few cells: 7 on this slide'
    for (const theme of ['light', 'dark']) {
      for (const [w, ht] of [
        [1280, 800],
        [1920, 1080]
      ]) {
        await page.setViewportSize({ width: w, height: ht })
        await page.waitForTimeout(400)
        expect((await page.getByTestId('review-area').boundingBox())?.height).toBeGreaterThanOrEqual(420)
        await page.screenshot({ path: join(SHOTS, `${h().prefix}-14-differential-${w}x${ht}-${theme}.png`) })
        await page.getByRole('button', { name: 'Sign…' }).click()
        await dialog.getByLabel('Why the count stops short of the target').fill(why)
        await page.waitForTimeout(400) // the dialog's fade-in, for the picture
        await page.screenshot({ path: join(SHOTS, `${h().prefix}-14b-sign-off-${w}x${ht}-${theme}.png`) })
        await dialog.getByRole('button', { name: 'Cancel' }).click()
        await dialog.waitFor({ state: 'detached' })
      }
      await page.getByLabel('toggle light or dark theme').click()
    }
    await page.setViewportSize({ width: 1400, height: 1200 })
    await page.getByRole('button', { name: 'Sign…' }).click()
    await dialog.getByLabel('Why the count stops short of the target').fill(why)
    await dialog.getByRole('button', { name: 'Sign as final' }).click()
    await page.getByText(/^Signed sample 2: result \d+\.$/).waitFor()
    await count.filter({ hasText: /^Counted 7 of 100 \(93 to go\) · signed by Dr E2E$/ }).waitFor()
    await shot('14c-sign-off-signed')
  })

  lisSteps(h, go)

  it('scans whole fields, reviews a cell by clicking its box, and prints the sample report', async () => {
    const page = h().page
    const fields = join(h().work, 'smear-fields')
    makeFieldsFolder(fields) // 4 BCCD fields; BloodImage_00010 holds two white cells
    await go('scan')
    // A scan is shown, so the form is folded to its line: "New scan…" opens it.
    await page.getByRole('button', { name: 'New scan…' }).click()
    await page.fill('#scan-folder', fields)
    await page.getByRole('switch', { name: 'whole fields' }).check()
    await page.getByRole('button', { name: 'Scan', exact: true }).click()
    await until(page.getByText(/Scanned 4 fields: \d+ white cells found/), 600_000)
    // The field view opens on the first field, with the per-sample counts above it.
    const view = page.getByTestId('field-view')
    await view.waitFor()
    const counts = page.getByTestId('sample-counts')
    // BCCD fields are another lab's smears: their cells are unlike the Aria cells the model knows, so the sample
    // has no result, only the reason; the scan's result line says the same.
    expect(await counts.textContent()).toMatch(
      /Sample smear-fields: 4 fields, \d+ cells found · No result: \d+ of \d+ cells are unlike this model's training data.*0 reviewed/
    )
    expect(await counts.textContent()).not.toMatch(/95% CI/)
    expect(await page.getByTestId('scan-result').textContent()).toMatch(/^No result: /)
    expect(await page.getByTestId('scan-drift').textContent()).toMatch(
      /^This batch looks different from the training data: \d+ of \d+ unfamiliar/
    )
    const fieldLoaded = () =>
      page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="field-view"] img') as HTMLImageElement | null)?.naturalWidth
      )
    await fieldLoaded()
    const boxes = page.getByTestId('field-box')
    expect(await boxes.count()).toBeGreaterThan(0)
    await shot('12-field-view')
    // To the field with two white cells, and review its first cell by clicking the box.
    const name = page.getByTestId('field-name')
    while (!/BloodImage_00010/.test((await name.textContent()) ?? ''))
      await page.getByRole('button', { name: 'Next field' }).click()
    await fieldLoaded()
    const count = await boxes.count()
    expect(count).toBeGreaterThanOrEqual(2)
    // The last box laid down is the smallest, on top of any it overlaps: click that one.
    const first = boxes.last()
    const cell = Number(/^cell (\d+):/.exec((await first.getAttribute('aria-label')) ?? '')![1])
    await first.click()
    const panel = page.getByTestId('review-panel')
    await panel.getByText(`cell ${cell} · BloodImage_00010.jpg`).waitFor()
    expect(await first.getAttribute('aria-pressed')).toBe('true')
    const model = (await first.getAttribute('data-class'))!
    const other = model === 'ALL' ? 'HEM' : 'ALL'
    await panel.getByRole('button', { name: new RegExp(`^Relabel as ${other}`) }).click()
    await counts.getByText(/1 reviewed/).waitFor()
    expect(await first.getAttribute('data-class')).toBe(other)
    expect(await first.getAttribute('data-status')).toBe('relabelled')
    // The review stays on this field and moves to its next cell.
    expect(await name.textContent()).toMatch(/BloodImage_00010/)
    await panel.getByText(`cell ${cell < count ? cell + 1 : cell} · BloodImage_00010.jpg`).waitFor()
    await shot('12b-field-reviewed')
    // The gallery of cell crops works as for cell scans, each crop named by its field and cell.
    await page.getByRole('button', { name: 'By class' }).click()
    await page.getByTestId('class-gallery').waitFor()
    const thumb = page.getByTestId('thumb').first()
    expect(await thumb.getAttribute('aria-label')).toMatch(/^cell \d+ · BloodImage_\d+\.jpg: /)
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="thumb"] img')].every(
        (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0
      )
    )
    await shot('12c-field-cells-by-class')
    await page.getByRole('button', { name: 'Fields', exact: true }).click()
    await view.waitFor()

    // The sample report: sample id and operator filled in from the folder and the reviewer, then changed.
    const html = join(h().work, 'sample-report.html')
    await h().queueDialog(html)
    await page.getByRole('button', { name: 'Report', exact: true }).click()
    expect(await page.inputValue('#report-sample')).toBe('smear-fields')
    expect(await page.inputValue('#report-operator')).toBe('Dr E2E')
    // The dialog says before saving that this report cannot be signed, and why.
    expect(await page.getByTestId('sign-off-refused').textContent()).toMatch(
      /^Sign-off not possible: No result: \d+ of \d+ cells are unlike this model's training data; \d+ of \d+ flagged cells are not reviewed yet/
    )
    await page.waitForTimeout(400) // the dialog's fade-in, for the picture
    await shot('12e-report-dialog')
    await page.fill('#report-sample', 'S-2026-0042')
    await page.getByRole('button', { name: 'Save report…' }).click()
    await page.getByText(`Written: ${html}`).waitFor({ timeout: 120_000 })
    const report = readFileSync(html, 'utf8')
    expect(report).toMatch(/<th>Sample id<\/th><td>S-2026-0042<\/td>/)
    expect(report).toMatch(/<th>Operator<\/th><td>Dr E2E<\/td>/)
    // The per-sample table goes by the sample id given; no result, and no line to sign: the reason instead.
    expect(report).toMatch(
      /Sample <b>S-2026-0042<\/b>: 4 fields,\s+\d+ cells found, \d+ unfamiliar, \d+ flagged, 1 reviewed/
    )
    expect(report).toMatch(/No result: \d+ of \d+ cells are unlike this model&#39;s training data/)
    expect(report).not.toContain('Signed off by:')
    expect(report).toContain('Sign-off not possible: ')
    const browser = page.context().browser() // none under Electron
    if (browser) {
      // The report as it prints (print stylesheet), beside the screens.
      const printed = await browser.newPage({ viewport: { width: 900, height: 1200 } })
      await printed.goto(pathToFileURL(html).href)
      await printed.emulateMedia({ media: 'print' })
      await printed.screenshot({ path: join(SHOTS, `${h().prefix}-12d-sample-report.png`), fullPage: true })
      await printed.close()
    }
  })

  it('shows the active model on Home, in dark mode too, and refuses files outside the allowed folders', async () => {
    await go('home')
    await h().page.getByText('Active model').waitFor()
    // Home names what runs the backbones: the engine the scan really ran on.
    const engine = (await h().page.getByTestId('backbone-engine').textContent()) ?? ''
    expect(engine.startsWith('ONNX Runtime')).toBe(scanBackend === 'onnxruntime')
    // Every backbone here (MobileNetV2, and the DenseNet121 of the imported .keras model) is exported and ready.
    if (scanBackend === 'onnxruntime') expect(engine, engine).toMatch(/ · backbones: 2 ready$/)
    await h().page.waitForTimeout(500)
    await shot('09-home')
    await h().page.getByLabel('toggle light or dark theme').click()
    await h().page.waitForTimeout(300)
    await shot('10-home-dark')
    const outside = await h().page.evaluate(() => {
      const img = new Image()
      img.src = window.leukolens.imageUrl('/etc/passwd')
      return new Promise<boolean>((r) => ((img.onload = () => r(true)), (img.onerror = () => r(false))))
    })
    expect(outside).toBe(false)
    expect(h().consoleErrors.filter((e) => !/403/.test(e))).toEqual([])
  })

  it('writes every screen at 1280×800 and 1920×1080, light and dark', async () => {
    const page = h().page
    const screens = ScreenName.options
    for (const theme of ['dark', 'light']) {
      for (const [w, ht] of [
        [1280, 800],
        [1920, 1080]
      ]) {
        await page.setViewportSize({ width: w, height: ht })
        for (const screen of screens) {
          await go(screen)
          if (screen === 'scan') {
            // The newest scan is the whole-field one: its field view first, then its grid of cells.
            await page.getByTestId('field-box').last().click()
            await page.waitForTimeout(400)
            await page.screenshot({
              path: join(SHOTS, `${h().prefix}-screen-scan-fields-${w}x${ht}-${theme}.png`)
            })
            const wide = await page.evaluate(
              () => document.documentElement.scrollWidth > document.documentElement.clientWidth
            )
            expect(wide, `the field view scrolls sideways at ${w}×${ht}`).toBe(false)
            await page.getByRole('button', { name: 'Grid', exact: true }).click()
            await page.getByTestId('thumb').first().click()
          }
          await page.waitForTimeout(400)
          await page.screenshot({
            path: join(SHOTS, `${h().prefix}-screen-${screen}-${w}x${ht}-${theme}.png`)
          })
        }
      }
      if (theme === 'dark') await page.getByLabel('toggle light or dark theme').click()
    }
    await page.setViewportSize({ width: 1400, height: 1200 })
  })
}
