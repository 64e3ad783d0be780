import { mkdirSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decimalNumber, wholeNumber } from '../../src/shared/decimal'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { getMaxPixels, setSetting } from '../../src/main/core/scan/settings'
import { runCli } from '../helpers/cli'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()

describe('numbers typed by a person are read strictly', () => {
  it('decimal and whole numbers: plain notation only', () => {
    for (const [t, v] of [
      ['0.8', 0.8],
      ['1', 1],
      ['.5', 0.5],
      ['5.', 5],
      [' 0.25 ', 0.25],
      ['-2', -2]
    ] as const)
      expect(decimalNumber(t)).toBe(v)
    for (const t of ['0x1', '0b1', '0o7', '1e3', 'Infinity', '', ' ', '1,5', '0.8.1'])
      expect(decimalNumber(t)).toBeNaN()
    expect(wholeNumber('12')).toBe(12)
    for (const t of ['1e308', '0x10', '1.0', '-3', '99999999999999999999', ''])
      expect(wholeNumber(t)).toBeNaN()
  })

  it('`scan --flag-threshold 0x1` is refused, not read as 1', async () => {
    const root = tmp()
    const folder = join(root, 'cells')
    mkdirSync(folder)
    const r = await runCli('--data-dir', join(root, 'data'), 'scan', folder, '--flag-threshold', '0x1')
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/--flag-threshold=0x1 is not a number from 0 to 1/)
  })

  it('`split --block-size 1e308` is a clear sentence, not a database error', async () => {
    const r = await runCli('--data-dir', join(tmp(), 'data'), 'split', 'any', '--block-size', '1e308')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/invalid --block-size "1e308": expected a whole number from 0 to 1000000/)
    expect(r.err).not.toMatch(/SQLITE|sqlite/)
  })

  it('maxMegapixels above 200 is refused with its reason; a larger limit stored earlier reads as 200', async () => {
    const root = join(tmp(), 'data')
    const r = await runCli('--data-dir', root, 'settings', 'maxMegapixels', '1000')
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/megapixels in \(0, 200\], got "1000" \(a larger image takes gigabytes to decode\)/)
    const db = openDatabase(dataDir(root).db)
    const store = sqliteStore(db)
    await setSetting(store.k, 'images.maxMegapixels', '1000')
    expect(await getMaxPixels(store.k)).toBe(200e6)
    db.close()
  })
})
