import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { sqliteStore } from '../../src/main/core/db/store'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { dataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { loadTfjsLayersModel } from '../../src/main/core/engine/backbones/tfjs-files'
import { importKerasModel } from '../../src/main/core/engine/models/keras-import'
import { listModels } from '../../src/main/core/engine/models/registry'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'

/**
 * Malformed values inside model files give one sentence naming the file and the field, not a TypeError from
 * inside the reader; a .keras whose weights entry would inflate past its cap is refused before it is inflated.
 */
const tmp = useTmpDirs()
const SEED = sharedPath('fixtures/keras/seed_model_random.keras')

beforeAll(async () => {
  await initBackend('wasm')
})

function kerasWith(edit: (config: { config: { layers: unknown[] } }) => unknown): string {
  const entries = unzipSync(readFileSync(SEED))
  const config = JSON.parse(strFromU8(entries['config.json']))
  entries['config.json'] = strToU8(JSON.stringify(edit(config)))
  const file = join(tmp(), 'edited.keras')
  writeFileSync(file, zipSync(entries, { level: 0 }))
  return file
}

describe('hostile .keras files', () => {
  const cases: [string, (c: { config: { layers: unknown[] } }) => unknown, RegExp][] = [
    [
      'layers is not a list',
      (c) => ({ ...c, config: { ...c.config, layers: { a: 1 } } }),
      /config\.json: config\.layers: /
    ],
    ['a layer is null', (c) => ((c.config.layers[1] = null), c), /config\.json: config\.layers\[1\]: /],
    [
      'a layer without a name',
      (c) => ((c.config.layers[0] = { class_name: 'InputLayer', config: {} }), c),
      /config\.json: config\.layers\[0\]\.config\.name: /
    ],
    [
      'units is text',
      (c) => (((c.config.layers.at(-1) as { config: { units: unknown } }).config.units = 'two'), c),
      /config\.json: config\.layers\[\d+\]\.config\.units: /
    ]
  ]
  for (const [name, edit, message] of cases)
    it(name, async () => {
      const dirs = dataDir(tmp())
      const db = openDatabase(dirs.db)
      const store = sqliteStore(db)
      const file = kerasWith(edit)
      const err = await importKerasModel(store, dirs, file).then(
        () => undefined,
        (e: Error) => e
      )
      expect(err?.message).toMatch(message)
      expect(err?.message.startsWith(file)).toBe(true)
      expect(err?.message).not.toMatch(/is not a function|Cannot read properties/)
      expect(await listModels(store)).toHaveLength(0)
      db.close()
    })

  it('a weights entry that declares more than its cap is refused without inflating it', async () => {
    const dirs = dataDir(tmp())
    const db = openDatabase(dirs.db)
    const store = sqliteStore(db)
    const entries = unzipSync(readFileSync(SEED))
    entries['model.weights.h5'] = new Uint8Array(200 * 1024 * 1024)
    const file = join(tmp(), 'bomb.keras')
    writeFileSync(file, zipSync(entries, { level: 1 }))
    await expect(importKerasModel(store, dirs, file)).rejects.toThrow(
      `${file}: corrupt or oversized .keras zip (model.weights.h5 declares 200 MB uncompressed, more than the 128 MB allowed)`
    )
    db.close()
  })
})

describe('a TF.js model.json with a malformed weights manifest', () => {
  const write = (manifest: unknown): string => {
    const dir = tmp()
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: manifest })
    )
    return join(dir, 'model.json')
  }
  it.each([
    [[{ paths: 'w.bin', weights: [] }], /weightsManifest\[0\]\.paths: /],
    [
      [{ paths: ['w.bin'], weights: [{ name: 'k', shape: 'big', dtype: 'float32' }] }],
      /weightsManifest\[0\]\.weights\[0\]\.shape: /
    ],
    [[null], /weightsManifest\[0\]: /]
  ])('%j', async (manifest, message) => {
    const file = write(manifest)
    const err = await loadTfjsLayersModel(file).then(
      () => undefined,
      (e: Error) => e
    )
    expect(err?.message).toMatch(message)
    expect(err?.message.startsWith(file)).toBe(true)
  })
})
