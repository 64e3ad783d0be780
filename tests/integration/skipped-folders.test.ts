import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'
import { writeClassPngs } from '../helpers/class-pngs'
import { ariaFiles, copyInto, trainedSetup } from './scan-model.fixture'

/**
 * The subfolders an import or a recursive scan could not enter reach the window in their own list (the app shows
 * them under the result), apart from the files it skipped: a symlink loop here, which root cannot read past either.
 */
const tmp = useTmpDirs()
let h: ServiceHarness | undefined
afterEach(() => h?.close())

const LOOP = {
  path: expect.stringMatching(/loop$/),
  reason: expect.stringMatching(/^symlink loop \(leads back to /)
}

describe('skipped subfolders in the results the app shows', () => {
  it('an import lists them as skippedFolders, not among the skipped files', async () => {
    h = serviceHarness(tmp())
    const folder = tmp()
    await writeClassPngs(folder, { ALL: 3, HEM: 3 })
    symlinkSync(folder, join(folder, 'ALL', 'loop'))
    const r = await h.call('datasets:import', { jobId: 'imp', folder, name: 'd' })
    expect(r.added).toBe(6)
    expect(r.skippedFolders).toEqual([{ ...LOOP, path: join('ALL', 'loop') }])
    expect(r.skipped).toEqual([])
  })

  it('a recursive scan returns them with its summary', async () => {
    const root = tmp()
    const setup = await trainedSetup(root)
    setup.db.close()
    h = serviceHarness(setup.dirs.root)
    const folder = join(tmp(), 'cells')
    copyInto(join(folder, 'sub'), ariaFiles('Pre', 2))
    symlinkSync(folder, join(folder, 'sub', 'loop'))
    const r = await h.call('scan:start', { jobId: 'scan', folder, recursive: true })
    expect(r.scan.files).toBe(2)
    expect(r.skippedFolders).toEqual([LOOP])
  }, 240_000)
})
