import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { listBackbones } from '../../src/main/core/engine/backbones/registry'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

const MOBILENET = 'models/mobilenet-v2-0.35-imagenet'
const tmp = useTmpDirs()

/** The shared MobileNetV2 with `count` float32 weights from `at` (a value index) replaced by NaN. */
function poisoned(at: number, count: number): string {
  const dir = join(tmp(), 'nan-backbone')
  mkdirSync(dir)
  copyFileSync(sharedPath(MOBILENET, 'model.json'), join(dir, 'model.json'))
  const w = new Float32Array(new Uint8Array(readFileSync(sharedPath(MOBILENET, 'weights.bin'))).buffer)
  w.fill(NaN, at, at + count)
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(w.buffer))
  return dir
}

describe('a backbone with NaN weights', () => {
  it.each([
    ['the first layer', 0, 16],
    ['the middle of the trunk', 200_000, 1],
    ['the last layer', 410_208 - 4, 4]
  ])('in %s is refused at `backbone add`, naming the file; nothing is stored', async (_, at, count) => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    await expect(
      addBackbone(store, dirs, { path: poisoned(at, count), name: 'nan', normalize: 'tf' })
    ).rejects.toThrow(/model\.json: weight .* holds values that are not finite/)
    expect(await listBackbones(store)).toEqual([])
    db.close()
  })
})
