import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256File } from '../../src/main/core/scan/files'
import { sqliteStore } from '../../src/main/core/db/store'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { verifyChain } from '../../src/main/core/review/chain'
import { runCli } from '../helpers/cli'
import { ariaFiles, copyInto, trainedSetup, type TrainedSetup } from './scan-model.fixture'

/**
 * A real scan (a real model, real cells, the command line in its own process) against what a person does at the
 * same time, and a folder with link loops in it.
 */
describe('scans beside people', () => {
  let root: string
  let setup: TrainedSetup
  let folder: string

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leukolens-load-'))
    setup = await trainedSetup(root)
    folder = join(root, 'cells')
    copyInto(folder, [...ariaFiles('Benign', 5, 100), ...ariaFiles('Pre', 5, 100)])
    // A link that leads to itself, a pair that lead to each other, and a folder link back up.
    symlinkSync(join(folder, 'self.jpg'), join(folder, 'self.jpg'))
    symlinkSync(join(folder, 'pong.jpg'), join(folder, 'ping.jpg'))
    symlinkSync(join(folder, 'ping.jpg'), join(folder, 'pong.jpg'))
    mkdirSync(join(folder, 'sub'))
    symlinkSync(folder, join(folder, 'sub', 'up'))
  })

  afterAll(() => {
    setup?.db.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('a folder with link loops and 10 cells: the 10 are classified, each loop is named', async () => {
    const r = await runCli('scan', folder, '--recursive', '--backend', 'wasm', '--data-dir', setup.dirs.root)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/10 classified now/)
    for (const name of ['self.jpg', 'ping.jpg', 'pong.jpg', join('sub', 'up')])
      expect(r.out).toContain(`skipped: ${join(folder, name)}: symlink loop`)
  })

  it('30 reviews while a --rescan scan writes: 30 entries in the log, none refused', async () => {
    const shas = await Promise.all(
      [...ariaFiles('Benign', 5, 100), ...ariaFiles('Pre', 5, 100)].map((f) => sha256File(f))
    )
    const before = (await reviewLog(sqliteStore(setup.db).k)).length
    // The scan in its own process, as `leukolens scan` runs beside the app; TTA makes it long enough to overlap.
    const scan = spawn(
      process.execPath,
      [
        resolve(__dirname, '../../bin/leukolens.mjs'),
        'scan',
        folder,
        '--recursive',
        '--rescan',
        '--tta',
        '--backend',
        'wasm',
        '--data-dir',
        setup.dirs.root
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let err = ''
    scan.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    const exited = new Promise<number>((done) => scan.on('close', (code) => done(code ?? 1)))
    let running = true
    void exited.then(() => (running = false))
    // Wait until the scan has its row: from then on it commits batch after batch.
    while (
      running &&
      !(setup.db.prepare("SELECT count(*) FROM scans WHERE status = 'running'").pluck().get() as number)
    )
      await new Promise((r) => setTimeout(r, 20))
    const failures: string[] = []
    let duringScan = 0
    for (let i = 0; i < 30; i++) {
      try {
        await appendReview(sqliteStore(setup.db), {
          sha256: shas[i % shas.length],
          label: i % 2 ? 'ALL' : 'HEM',
          reviewer: 'ana'
        })
        if (running) duringScan++
      } catch (e) {
        failures.push((e as Error).message)
      }
      await new Promise((r) => setTimeout(r, 30))
    }
    expect(await exited, err).toBe(0)
    expect(failures).toEqual([])
    expect((await reviewLog(sqliteStore(setup.db).k)).length - before).toBe(30)
    expect((await verifyChain(sqliteStore(setup.db))).ok).toBe(true)
    // The test means something only when the reviews met the scan's writes.
    expect(duringScan).toBeGreaterThan(0)
  })
})
