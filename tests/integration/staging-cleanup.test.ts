import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { sqliteStore, type Store } from '../../src/main/core/db/store'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildHead } from '../../src/main/core/engine/head/head'
import { createModelVersion, listModels } from '../../src/main/core/engine/models/registry'
import { exportModel, importModel } from '../../src/main/core/engine/models/archive'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { writeCsvFile } from '../../src/main/core/report/csv'
import { useTmpDirs } from '../helpers/tmp'
import { insertToyBackbone, TOY_DRAFT } from '../helpers/toy-registry'

/**
 * An operation that fails part-way leaves nothing behind: not its staging folder in the data folder's tmp/, not
 * a temporary file beside the export it was writing. Each failure here is injected at the write itself.
 */
const tmp = useTmpDirs()
let db: Database
let store: Store
let dirs: DataDir
let root: string

beforeAll(async () => {
  await initBackend('wasm')
  // One data folder for the file (the per-test folders of useTmpDirs are removed after each test).
  root = mkdtempSync(join(tmpdir(), 'leukolens-staging-'))
  dirs = dataDir(join(root, 'data'))
  db = openDatabase(dirs.db)
  store = sqliteStore(db)
  await insertToyBackbone(store)
})
afterAll(() => {
  db?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

const head = () => {
  const model = buildHead(8, 2, 3)
  return { model, dispose: () => model.dispose() }
}

describe('staging removed on failure', () => {
  it("a model version whose files fail half-way (training's output, an import) leaves no folder in tmp/", async () => {
    const h = head()
    // The head files are written first, then this one fails: its folder does not exist.
    const failing = { 'no-such-folder/extra.bin': new Uint8Array([1, 2, 3]) }
    await expect(
      createModelVersion(store, dirs, TOY_DRAFT, h.model, { extraFiles: failing })
    ).rejects.toThrow(/ENOENT/)
    h.dispose()
    expect(readdirSync(dirs.tmp)).toEqual([])
    expect(await listModels(store)).toEqual([])
  })

  it('an archive import whose head fails its check leaves no scratch folder', async () => {
    const h = head()
    const v = await createModelVersion(store, dirs, TOY_DRAFT, h.model)
    h.dispose()
    const good = join(tmp(), 'good.zip')
    await exportModel(store, dirs, v.id, good)
    const entries = unzipSync(readFileSync(good))
    const weights = Object.keys(entries).find((k) => k.startsWith('head/') && k.endsWith('.bin'))!
    entries[weights] = strToU8('too short')
    const bad = join(tmp(), 'bad.zip')
    writeFileSync(bad, zipSync(entries))
    await expect(importModel(store, dirs, bad)).rejects.toThrow(/bad\.zip/)
    expect(readdirSync(dirs.tmp)).toEqual([])
  })

  it('an export whose final rename fails leaves no temporary file beside its target', async () => {
    const h = head()
    const v = await createModelVersion(store, dirs, TOY_DRAFT, h.model)
    h.dispose()
    const out = tmp()
    // The target is a folder with something in it: the write succeeds, the rename onto it fails.
    for (const name of ['model.leukolens', 'rows.csv'])
      mkdirSync(join(out, name, 'inside'), { recursive: true })
    await expect(exportModel(store, dirs, v.id, join(out, 'model.leukolens'))).rejects.toThrow()
    expect(() => writeCsvFile(join(out, 'rows.csv'), ['a'], [[1]])).toThrow()
    expect(readdirSync(out).sort()).toEqual(['model.leukolens', 'rows.csv'])
  })
})

describe('a refused backbone add', () => {
  it('leaves nothing in tmp/ and names the file the user gave, not its staging copy', async () => {
    const folder = tmp()
    mkdirSync(folder, { recursive: true })
    const junk = join(folder, 'weights.h5')
    writeFileSync(junk, 'not an HDF5 file')
    const err = await addBackbone(store, dirs, { path: junk, name: 'junk' }).then(
      () => undefined,
      (e: Error) => e
    )
    expect(err?.message).toMatch(new RegExp(`^${junk}: cannot open as HDF5`))
    expect(err?.message).not.toContain(dirs.tmp)
    expect(readdirSync(dirs.tmp)).toEqual([])
  })
})
