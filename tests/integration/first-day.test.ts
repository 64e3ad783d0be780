import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../helpers/cli'
import { serviceHarness } from '../helpers/services'
import { sharedPath } from '../helpers/shared'
import { ariaFiles, copyInto, trainedSetup, type TrainedSetup } from './scan-model.fixture'

/**
 * A newcomer's first steps on a fresh data folder with one trained model: the places where a lab user used to
 * stumble (a scan that found nothing and succeeded, a setting shown that was not in force).
 */
let root: string
let setup: TrainedSetup
const ENV = {
  LEUKOLENS_BACKEND: 'wasm',
  LEUKOLENS_REVIEW_THRESHOLD: undefined,
  LEUKOLENS_DATA_DIR: undefined
}

const cli = (...args: string[]) => runCliWith(ENV, '--data-dir', setup.dirs.root, ...args)

function scanCount(): number {
  const db = new BetterSqlite3(setup.dirs.db, { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM scans').pluck().get() as number
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-first-day-'))
  setup = await trainedSetup(root)
  setup.db.close()
}, 300_000)

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('a scan that finds no image', () => {
  it('fails with one sentence and stores nothing: empty folder, sub-folders without --recursive, .txt files', async () => {
    const empty = join(root, 'empty')
    mkdirSync(empty)
    const nested = join(root, 'nested')
    copyInto(join(nested, 'patient-1'), ariaFiles('Pre', 2, 300))
    const notes = join(root, 'notes')
    mkdirSync(notes)
    writeFileSync(join(notes, 'a.txt'), 'not an image')

    const a = await cli('scan', empty)
    expect(a.code).toBe(2)
    expect(a.err).toMatch(new RegExp(`^leukolens: no image in ${empty} \\(looked for .*\\.png.*\\)\\n$`))
    const b = await cli('scan', nested)
    expect(b.code).toBe(2)
    expect(b.err).toBe(
      `leukolens: no image in ${nested} itself; its subfolders hold 2 image(s): add --recursive to scan them\n`
    )
    expect((await cli('scan', notes)).code).toBe(2)
    expect((await cli('scan', empty, '--recursive')).err).toMatch(/or its subfolders/)
    const fields = await cli('scan', nested, '--fields')
    expect(fields.code).toBe(2)
    expect(fields.err).toMatch(/add --recursive/)
    expect(scanCount()).toBe(0)

    // The app's scan service refuses the same folder the same way.
    const app = serviceHarness(setup.dirs.root)
    try {
      await expect(app.call('scan:start', { jobId: 'j', folder: nested })).rejects.toThrow(/add --recursive/)
      await expect(app.call('scan:start', { jobId: 'j', folder: empty, fields: true })).rejects.toThrow(
        /no image in/
      )
    } finally {
      app.close()
    }
    expect(scanCount()).toBe(0)
  })
})

describe('settings', () => {
  it("shows the review threshold in force (the model's own) with where it comes from, and --unset returns to it", async () => {
    const shown = await cli('--json', 'settings', 'reviewThreshold')
    const first = JSON.parse(shown.out) as { reviewThreshold: number; from: { reviewThreshold: string } }
    expect(first.from.reviewThreshold).toBe('model')
    const trained = new BetterSqlite3(setup.dirs.db, { readonly: true })
    const trust = JSON.parse(
      trained.prepare('SELECT trust FROM models WHERE id = ?').pluck().get(setup.modelId) as string
    ) as { flag: { threshold: number } }
    trained.close()
    expect(first.reviewThreshold).toBe(trust.flag.threshold)
    expect((await cli('settings')).out).toMatch(/^reviewThreshold +[\d.]+ +model /m)

    // The other name is the same setting.
    expect((await cli('settings', 'flagThreshold', '0.7')).out).toMatch(/^reviewThreshold +0\.7 +stored$/m)
    const flagged = await runCliWith(
      { ...ENV, LEUKOLENS_REVIEW_THRESHOLD: '0.6' },
      '--data-dir',
      setup.dirs.root,
      'settings'
    )
    expect(flagged.out).toMatch(/^reviewThreshold +0\.6 +variable LEUKOLENS_REVIEW_THRESHOLD$/m)
    expect(flagged.out).toMatch(/^theme +system +default$/m)

    const refused = await cli('settings', 'reviewThreshold', 'default')
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/settings reviewThreshold --unset/)
    const unset = await cli('--json', 'settings', 'reviewThreshold', '--unset')
    expect(JSON.parse(unset.out)).toMatchObject({
      reviewThreshold: trust.flag.threshold,
      from: { reviewThreshold: 'model' }
    })
  })
})

describe('the cells of whole fields, from the command line', () => {
  it('history names field and cell, review lists a field cells and takes --cell N or a 12-character hash', async () => {
    const fields = join(root, 'fields')
    mkdirSync(fields)
    // BloodImage_00010 holds two annotated white cells: the finder numbers them as the CSV does.
    copyFileSync(sharedPath('data/bccd-fields/JPEGImages/BloodImage_00010.jpg'), join(fields, 'f10.jpg'))
    const field = join(fields, 'f10.jpg')
    const scan = await cli('--json', 'scan', fields, '--fields', '--out', join(root, 'f.csv'))
    expect(scan.code).toBe(0)
    const { scanId, cells } = JSON.parse(scan.out) as { scanId: number; cells: number }
    expect(cells).toBeGreaterThanOrEqual(2)
    const csv = readFileSync(join(root, 'f.csv'), 'utf8').trim().split('\n').slice(1)
    const csvCells = csv.map((l) => ({ cell: Number(l.split(',')[1]), sha: l.split(',')[6] }))

    const history = await cli('history', '--scan', String(scanId))
    expect(history.out).toMatch(/^scanned +class +conf\. +flag +reviewed +sha256 +image$/m)
    expect(history.out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC /m)
    expect(history.out).toContain(`${field} cell 2`)
    expect(history.out).not.toMatch(/cell-00\d/)

    const listed = await cli('review', field)
    expect(listed.code).toBe(0)
    for (const c of csvCells) expect(listed.out).toContain(`cell ${c.cell}: `)
    const which = await cli('review', field, '--label', 'HEM')
    expect(which.code).toBe(2)
    expect(which.err).toMatch(/is a whole field with \d+ white cells .*name one with --cell N\n$/)

    const second = csvCells.find((c) => c.cell === 2)!
    const byCell = await cli('--json', 'review', field, '--cell', '2', '--label', 'hem', '--reviewer', 'ann')
    expect(byCell.code).toBe(0)
    expect(JSON.parse(byCell.out)).toMatchObject({ sha256: second.sha, newLabel: 'HEM', cell: 2 })
    const first = csvCells.find((c) => c.cell === 1)!
    const byHash = await cli(
      '--json',
      'review',
      first.sha.slice(0, 12),
      '--label',
      'all',
      '--reviewer',
      'ann'
    )
    expect(byHash.code).toBe(0)
    expect(JSON.parse(byHash.out)).toMatchObject({ sha256: first.sha, newLabel: 'ALL' })

    // A field scan run again is a record of its own, and says so.
    const again = await cli('scan', fields, '--fields')
    expect(again.code).toBe(0)
    expect(again.out).toMatch(
      new RegExp(
        `^scan \\d+ is a new record of this folder's field scan with this model \\(earlier: ${scanId}\\)`
      )
    )
    const scans = await cli('history', '--scans')
    expect(scans.out).toMatch(/^scan +started +status +images +flagged +reviewed +unreadable/)
    expect(scans.out).toMatch(new RegExp(`^${scanId} +.* UTC +done +${cells} cells +\\d+ +2 +0 `, 'm'))
  })
})

describe('messages', () => {
  it('a usage error is the last thing printed, in one line and a pointer to --help, with exit code 2', async () => {
    const missing = await cli('train', '--dataset', 'mini')
    expect(missing).toMatchObject({
      code: 2,
      out: '',
      err: "leukolens: required option '--backbone <name>' not specified\n(leukolens train --help: its options and examples)\n"
    })
    const wrongCase = await cli('train', '--dataset', 'Mini', '--backbone', 'mobilenet')
    expect(wrongCase.code).toBe(2)
    expect(wrongCase.err).toBe(
      'leukolens: no dataset named "Mini" (datasets: mini; names are case-sensitive: did you mean mini?)\n'
    )
    // One name for the review threshold; the older flag is still accepted.
    const bad1 = await cli('scan', root, '--review-threshold', '2')
    expect([bad1.code, bad1.err]).toEqual([
      2,
      'leukolens: --review-threshold=2 is not a number from 0 to 1\n'
    ])
    const bad2 = await cli('scan', root, '--flag-threshold', '2')
    expect([bad2.code, bad2.err]).toEqual([2, 'leukolens: --flag-threshold=2 is not a number from 0 to 1\n'])
    // A bad variable is a usage error too (the same kind of mistake as a bad flag).
    const bad = await runCliWith(
      { ...ENV, LEUKOLENS_BACKEND: 'gpu' },
      '--data-dir',
      setup.dirs.root,
      'doctor'
    )
    expect(bad.code).toBe(2)
  })

  it('train says whether the new version is active and how to make it so; models list shows the recipe', async () => {
    const r = await cli(
      'train',
      '--dataset',
      'mini',
      '--backbone',
      'mobilenet',
      '--recipe',
      'flip',
      '--epochs',
      '2'
    )
    expect(r.code).toBe(0)
    const id = /^model (\S+) is stored but NOT active .*`leukolens models activate \1`$/m.exec(r.out)?.[1]
    expect(id).toBeDefined()
    const list = await cli('models', 'list')
    expect(list.out).toMatch(new RegExp(`^  ${id} .*\\[mobilenet; ALL/HEM; recipe flip\\]`, 'm'))
    expect(list.out).toMatch(new RegExp(`^\\* ${setup.modelId} .*recipe published`, 'm'))
  })
})

describe('a scan run again', () => {
  it('continues the same scan record and says so; --rescan makes a new one', async () => {
    const folder = join(root, 'again')
    copyInto(folder, ariaFiles('Pro', 3, 300))
    const before = scanCount()
    const first = JSON.parse((await cli('--json', 'scan', folder)).out) as { scanId: number }
    copyInto(folder, ariaFiles('Pro', 1, 310))
    const again = await cli('scan', folder)
    expect(again.code).toBe(0)
    expect(again.out).toMatch(new RegExp(`^Finished scan ${first.scanId} of `))
    expect(again.out).toMatch(/the same scan as before .* new ones added; --rescan makes a new scan record/)
    expect(again.out).toMatch(/4 files: 1 classified now/)
    expect(scanCount()).toBe(before + 1)
    const rescan = JSON.parse((await cli('--json', 'scan', folder, '--rescan')).out) as { scanId: number }
    expect(rescan.scanId).not.toBe(first.scanId)
    expect(scanCount()).toBe(before + 2)
  })
})
