/**
 * A model version registered at one workstation is loaded at another that never had its folders: both data folders
 * share one PostgreSQL database, and the second gets the backbone's and the head's files from it by checksum.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import type { Store } from '../../src/main/core/db/store'
import { dataDir, type DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { addBackbone } from '../../src/main/core/engine/backbones/add'
import { loadBackbone } from '../../src/main/core/engine/backbones/registry'
import { buildHead, predictProbabilities } from '../../src/main/core/engine/head/head'
import { createModelVersion, loadModelVersion, modelDir } from '../../src/main/core/engine/models/registry'
import { loadModelInput } from '../../src/main/core/images/preprocess'
import { tf } from '../../src/main/core/engine/tf'
import { freshPostgresDatabase } from '../helpers/engines'
import { sharedPath } from '../helpers/shared'
import { useTmpDirs } from '../helpers/tmp'
import { TOY_DRAFT } from '../helpers/toy-registry'

const tmp = useTmpDirs()
const CELLS = sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0')
const images = [
  ...readdirSync(join(CELLS, 'all'))
    .slice(0, 2)
    .map((f) => join(CELLS, 'all', f)),
  ...readdirSync(join(CELLS, 'hem'))
    .slice(0, 2)
    .map((f) => join(CELLS, 'hem', f))
]

let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
const stores: Store[] = []
/** A workstation: its own data folder, its own connection pool to the lab's database. */
function workstation(): { store: Store; dirs: DataDir } {
  const store = postgresStore(database.url)
  stores.push(store)
  return { store, dirs: dataDir(tmp()) }
}

beforeAll(async () => {
  await initBackend('wasm')
  database = await freshPostgresDatabase()
})
afterAll(async () => {
  for (const s of stores) await s.close()
  await database?.drop()
})

/** Probabilities of the active version for `images`: backbone features, then the head. */
async function predictions(store: Store, dirs: DataDir): Promise<number[]> {
  const { version, head } = await loadModelVersion(store, dirs)
  const backbone = await loadBackbone(store, dirs, version.backbone)
  const s = backbone.spec.preprocessing.inputSize
  const out: number[] = []
  for (const path of images) {
    const input = await loadModelInput(path, backbone.spec.preprocessing)
    const f = tf.tidy(() =>
      (backbone.model.predict(tf.tensor4d(input, [1, s, s, 3])) as tf.Tensor).dataSync()
    )
    out.push(...predictProbabilities(head, Float32Array.from(f), version.featureDim))
  }
  backbone.model.dispose()
  head.dispose()
  return out
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('model files through the shared database', () => {
  it('a second data folder loads a version registered at the first and predicts the same', async () => {
    const first = workstation()
    await addBackbone(first.store, first.dirs, {
      path: sharedPath('models/mobilenet-v2-0.35-imagenet'),
      name: 'mnv2',
      normalize: 'tf'
    })
    const head = buildHead(1280, 2, 5)
    const v = await createModelVersion(
      first.store,
      first.dirs,
      { ...TOY_DRAFT, backbone: 'mnv2', featureDim: 1280 },
      head
    )
    head.dispose()
    const here = await predictions(first.store, first.dirs)

    const second = workstation()
    expect(existsSync(join(second.dirs.models, v.id))).toBe(false)
    expect(readdirSync(second.dirs.backbones)).toEqual([])
    const before = tf.memory().numTensors
    const there = await predictions(second.store, second.dirs)
    expect(tf.memory().numTensors).toBe(before)
    expect(there).toEqual(here)
    expect(there).toHaveLength(images.length * 2)
    // The files it was given are the very files the first workstation wrote.
    const headDir = await modelDir(second.store, second.dirs, v.id)
    for (const f of readdirSync(headDir))
      expect(sha(join(headDir, f))).toBe(sha(join(first.dirs.models, v.id, f)))
    const [bbDir] = readdirSync(second.dirs.backbones)
    expect(readdirSync(join(second.dirs.backbones, bbDir)).sort()).toEqual(
      readdirSync(join(first.dirs.backbones, bbDir)).sort()
    )
  }, 240_000)

  it('a copy in the database that does not match its checksum is refused, and nothing is written', async () => {
    const first = workstation()
    // Same bytes length, other content: the size check passes, the checksum does not.
    await sql`UPDATE blobs SET bytes = decode(repeat('00', size), 'hex')
              WHERE sha256 IN (SELECT sha256 FROM stored_files WHERE folder LIKE 'models/%' AND name = 'weights.bin')`.execute(
      first.store.k
    )
    const third = workstation()
    await expect(loadModelVersion(third.store, third.dirs)).rejects.toThrow(
      /weights\.bin: the copy in the shared database does not match its checksum [0-9a-f]{64}; it was not written/
    )
    const modelFolders = existsSync(third.dirs.models) ? readdirSync(third.dirs.models) : []
    for (const m of modelFolders) expect(existsSync(join(third.dirs.models, m, 'weights.bin'))).toBe(false)
  })
})
