import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Zip, ZipDeflate, strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/main/core/db/database'
import type { Store } from '../../src/main/core/db/store'
import type { DataDir } from '../../src/main/core/paths'
import { initBackend } from '../../src/main/core/engine/backend'
import { buildHead } from '../../src/main/core/engine/head/head'
import { createModelVersion, listModels } from '../../src/main/core/engine/models/registry'
import { exportModel, importModel } from '../../src/main/core/engine/models/archive'
import { readZipEntries } from '../../src/main/core/files/bounded-unzip'
import { useTmpDirs } from '../helpers/tmp'
import { toyRegistry, TOY_DRAFT } from '../helpers/toy-registry'

/**
 * A model archive is a file from elsewhere: every field of its metadata is checked before anything is stored,
 * and its entries are inflated within size caps (a zip bomb is refused by its declared size, and by its actual
 * bytes when the header lies).
 */
const tmp = useTmpDirs()

beforeAll(async () => {
  await initBackend('wasm')
})

let root: string
afterAll(() => {
  db?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

function setup(): Promise<{ db: Database; store: Store; dirs: DataDir }> {
  root = mkdtempSync(join(tmpdir(), 'leukolens-archive-'))
  return toyRegistry(join(root, 'data'))
}

const draft = TOY_DRAFT

let db: Database
let store: Store
let dirs: DataDir
let good: string

beforeAll(async () => {
  ;({ db, store, dirs } = await setup())
  const head = buildHead(8, 2, 3)
  const v = await createModelVersion(store, dirs, draft, head)
  head.dispose()
  good = join(root, 'good.zip')
  await exportModel(store, dirs, v.id, good)
})

/** The good archive with its metadata JSON text edited by `edit` (the text, so that 1e999 etc. survive). */
function edited(name: string, edit: (metaText: string) => string): string {
  const entries = unzipSync(readFileSync(good))
  entries['leukolens-model.json'] = strToU8(edit(strFromU8(entries['leukolens-model.json'])))
  const file = join(tmp(), name)
  writeFileSync(file, zipSync(entries))
  return file
}

const field = (obj: string, f: (m: { version: Record<string, unknown> }) => void) => {
  const m = JSON.parse(obj)
  f(m)
  return JSON.stringify(m)
}

describe('hostile model archives are refused at import, naming the file and the field', () => {
  const cases: [string, (t: string) => string, RegExp][] = [
    [
      'input30000.zip',
      (t) => field(t, (m) => ((m.version.preprocessing as { inputSize: number }).inputSize = 30000)),
      /version\.preprocessing\.inputSize: input size must be 32–1024 pixels/
    ],
    [
      'threshold7.zip',
      (t) => field(t, (m) => ((m.version.threshold as { value: number }).value = 7)),
      /version\.threshold\.value: must be in \[0, 1\]/
    ],
    [
      'threshold-class.zip',
      (t) => field(t, (m) => ((m.version.threshold as { positiveClass: string }).positiveClass = 'BANANA')),
      /threshold\.positiveClass "BANANA" is not one of the classes/
    ],
    [
      'ansi.zip',
      (t) => field(t, (m) => (m.version.classes = ['\u001b[31mALL', 'HEM'])),
      /version\.classes\[0\]: class names are/
    ],
    [
      'html.zip',
      (t) => field(t, (m) => (m.version.classes = ['<b>ALL</b>', 'HEM'])),
      /version\.classes\[0\]: class names are/
    ],
    [
      'control-name.zip',
      (t) => field(t, (m) => (m.version.name = 'evil\u0007name')),
      /version\.name: must not contain control characters/
    ],
    [
      'metric-inf.zip',
      (t) => t.replace(/"balancedAccuracy": ?1/, '"balancedAccuracy":1e999'),
      /version\.threshold\.validation\.balancedAccuracy: must be a finite number/
    ],
    [
      'metric-text.zip',
      (t) => field(t, (m) => (m.version.timings = { trainSeconds: 'fast' })),
      /version\.timings\.trainSeconds/
    ],
    ['classes-not-list.zip', (t) => field(t, (m) => (m.version.classes = 'ALL,HEM')), /version\.classes: /]
  ]
  for (const [name, edit, message] of cases)
    it(name, async () => {
      const file = edited(name, (t) => edit(t.replace(/\s*\n\s*/g, '')))
      const before = (await listModels(store)).length
      const err = await importModel(store, dirs, file).then(
        () => undefined,
        (e: Error) => e
      )
      expect(err?.message).toMatch(message)
      expect(err?.message.startsWith(`${file}: `)).toBe(true)
      expect(await listModels(store)).toHaveLength(before)
    })

  it('a head with a NaN weight is refused, naming the weight', async () => {
    const entries = unzipSync(readFileSync(good))
    const w = new Float32Array(new Uint8Array(entries['head/weights.bin']).buffer)
    w[3] = NaN
    entries['head/weights.bin'] = new Uint8Array(w.buffer)
    const file = join(tmp(), 'nan-head.zip')
    writeFileSync(file, zipSync(entries))
    const before = (await listModels(store)).length
    await expect(importModel(store, dirs, file)).rejects.toThrow(
      new RegExp(`^${file}: the head's weight .+ holds values that are not finite`)
    )
    expect(await listModels(store)).toHaveLength(before)
  })

  it('the unedited archive still imports', async () => {
    await expect(importModel(store, dirs, good)).resolves.toMatchObject({ source: 'archive-import' })
  })
})

/** A trust profile as training writes one: compact kNN over the toy's 8 features, rank 2, ten training rows. */
const TRUST = {
  temperature: 1.4,
  calibration: { ece: 0.03, bins: [], before: 0.05 },
  testCalibration: null,
  flag: { threshold: 0.8, target: 0.9, errorsFlagged: 0.9, workload: 0.2, rule: 'expected' },
  testFlag: null,
  ood: {
    method: 'knn',
    threshold: 3,
    quantile: 0.95,
    dim: 8,
    rank: 2,
    valUnfamiliar: 0.05,
    testUnfamiliar: null
  },
  images: { formats: ['png'], width: { min: 224, max: 224 }, height: { min: 224, max: 224 } }
} as const
const OOD_BIN = new Uint8Array(Float32Array.from({ length: 2 * 8 + 10 * 2 }, (_, i) => i / 10).buffer)

describe("an archive's trust profile: every number has its range, and trust/ood.bin its declared size", () => {
  let trusted: string
  beforeAll(async () => {
    // Another seed than the good archive's head: the same head weights imported twice make no second version.
    const head = buildHead(8, 2, 4)
    const v = await createModelVersion(
      store,
      dirs,
      { ...draft, name: 'trusted', trust: TRUST as never },
      head,
      {
        extraFiles: { 'ood.bin': OOD_BIN }
      }
    )
    head.dispose()
    trusted = join(root, 'trusted.zip')
    await exportModel(store, dirs, v.id, trusted)
  })

  type TrustJson = { temperature: number; flag: { threshold: number }; ood: { rank: number; dim: number } }
  const withTrust = (name: string, edit: (t: TrustJson) => void, ood?: Uint8Array) => {
    const entries = unzipSync(readFileSync(trusted))
    const meta = JSON.parse(strFromU8(entries['leukolens-model.json']))
    edit(meta.version.trust)
    entries['leukolens-model.json'] = strToU8(JSON.stringify(meta))
    if (ood) entries['trust/ood.bin'] = new Uint8Array(ood)
    const file = join(tmp(), name)
    writeFileSync(file, zipSync(entries))
    return file
  }

  const cases: [string, (t: TrustJson) => void, RegExp, Uint8Array?][] = [
    [
      'temperature-1.zip',
      (t) => (t.temperature = -1),
      /version\.trust\.temperature: must be a temperature between/
    ],
    [
      'temperature0.zip',
      (t) => (t.temperature = 0),
      /version\.trust\.temperature: must be a temperature between/
    ],
    ['flag5.zip', (t) => (t.flag.threshold = 5), /version\.trust\.flag\.threshold: must be in \[0, 1\]/],
    ['rank1e9.zip', (t) => (t.ood.rank = 1e9), /version\.trust\.ood\.rank: must be at most 65536/],
    ['rank9.zip', (t) => (t.ood.rank = 9), /version\.trust\.ood\.rank is 9, more than the 8 feature values/],
    ['dim1e9.zip', (t) => (t.ood.dim = 1e9), /version\.trust\.ood\.dim: must be at most 65536/],
    [
      'dim16.zip',
      (t) => (t.ood.dim = 16),
      /version\.trust\.ood\.dim is 16, but the model's features have 8 values/
    ],
    [
      'ood-cut.zip',
      () => undefined,
      /trust\/ood\.bin does not match the metadata: 25 values is not 2 directions of 8 values/,
      OOD_BIN.slice(0, 100)
    ],
    [
      'ood-nan.zip',
      () => undefined,
      /trust\/ood\.bin does not match the metadata: it holds values that are not finite/,
      new Uint8Array(Float32Array.from({ length: 36 }, () => NaN).buffer)
    ]
  ]
  for (const [name, edit, message, ood] of cases)
    it(name, async () => {
      const file = withTrust(name, edit, ood)
      const before = (await listModels(store)).length
      const err = await importModel(store, dirs, file).then(
        () => undefined,
        (e: Error) => e
      )
      expect(err?.message).toMatch(message)
      expect(err?.message.startsWith(`${file}: `)).toBe(true)
      expect(err?.message.split('\n')).toHaveLength(1)
      expect(await listModels(store)).toHaveLength(before)
    })

  it('the unedited trusted archive imports with its profile', async () => {
    const v = await importModel(store, dirs, trusted)
    expect(v.trust?.temperature).toBe(1.4)
  })
})

/** A zip whose `head/weights.bin` inflates to `mb` MB of zeros (a few hundred KB on disk). */
function bomb(mb: number): Uint8Array {
  const chunks: Uint8Array[] = []
  const zip = new Zip((err, data) => {
    if (err) throw err
    chunks.push(data)
  })
  const meta = unzipSync(readFileSync(good))
  for (const name of ['leukolens-model.json', 'head/model.json']) {
    const f = new ZipDeflate(name)
    zip.add(f)
    f.push(meta[name], true)
  }
  const big = new ZipDeflate('head/weights.bin', { level: 1 })
  zip.add(big)
  const mbOfZeros = new Uint8Array(1024 * 1024)
  for (let i = 0; i < mb; i++) big.push(mbOfZeros, i === mb - 1)
  zip.end()
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  return all
}

describe('zip bombs', () => {
  it('an entry whose declared size is over its cap is refused before inflating', async () => {
    // fflate's streaming Zip writes sizes in a data descriptor; zipSync writes them in the local header.
    const entries = unzipSync(readFileSync(good))
    entries['head/weights.bin'] = new Uint8Array(80 * 1024 * 1024)
    const file = join(tmp(), 'declared.zip')
    writeFileSync(file, zipSync(entries, { level: 1 }))
    await expect(importModel(store, dirs, file)).rejects.toThrow(
      `${file}: not a readable model archive: head/weights.bin declares 80 MB uncompressed, more than the 64 MB allowed`
    )
  })

  it('an entry whose header hides its size is refused by its actual bytes', async () => {
    const file = join(tmp(), 'hidden.zip')
    writeFileSync(file, bomb(100))
    await expect(importModel(store, dirs, file)).rejects.toThrow(
      `${file}: not a readable model archive: head/weights.bin inflates to more than the 64 MB allowed`
    )
  })

  it('a lying local header (declares 100 bytes) is refused by its actual bytes too', async () => {
    const entries = unzipSync(readFileSync(good))
    entries['head/weights.bin'] = new Uint8Array(80 * 1024 * 1024)
    const bytes = zipSync(entries, { level: 1 })
    // Patch every local header's uncompressed size (offset 22) of head/weights.bin to 100.
    const view = new DataView(bytes.buffer)
    for (let i = 0; i + 30 < bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x04034b50) continue
      const nameLen = view.getUint16(i + 26, true)
      if (strFromU8(bytes.subarray(i + 30, i + 30 + nameLen)) === 'head/weights.bin')
        view.setUint32(i + 22, 100, true)
    }
    const file = join(tmp(), 'lying.zip')
    writeFileSync(file, bytes)
    await expect(readZipEntries(file, { 'head/weights.bin': 64 * 1024 * 1024 })).rejects.toThrow(
      /head\/weights\.bin inflates to more than the 64 MB allowed/
    )
  })
})
