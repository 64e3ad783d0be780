import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresUrl } from '../../src/main/core/server/url'
import { runCliInput, runCliWith } from '../helpers/cli'
import { freshPostgresDatabase } from '../helpers/engines'
import { publishModel, tinyBackboneDir } from '../helpers/publish-model'
import { serviceHarness } from '../helpers/services'
import { sharedPath } from '../helpers/shared'
import { tinyModelSetup } from '../helpers/tiny-model'
import { ariaFiles, copyInto } from './scan-model.fixture'

/**
 * A lab's second workstation explains a cell another one scanned, without the scanned folder: workstation A scans
 * into the shared PostgreSQL database, the folder goes away, and workstation B (its own empty data folder) gets the
 * Grad-CAM from the copy of the model input the database keeps — by path and by hash on the command line, and
 * through the service the window calls — always told which copy it came from.
 */
let root: string
let folder: string
let a: string
let b: string
let database: { url: string; drop(): Promise<void> }
let client: pg.Client

const tech = (): Record<string, string> => ({
  LEUKOLENS_BACKEND: 'wasm',
  LEUKOLENS_WORKERS: '1',
  LEUKOLENS_DATABASE_URL: database.url,
  LEUKOLENS_USER: 'tech',
  LEUKOLENS_PASSWORD: 'tech password'
})

interface ExplainJson {
  path: string
  className: string
  probabilities: number[]
  cam: number[]
  source: { kind: string; note: string | null; copyProbability?: number; storedProbability?: number }
}

const explain = async (dataDir: string, target: string, out: string): Promise<ExplainJson> => {
  const r = await runCliWith(tech(), '--data-dir', dataDir, '--json', 'explain', target, '--out', out)
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as ExplainJson
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'leukolens-explain-stored-'))
  const setup = await tinyModelSetup(root)
  setup.db.close()
  a = setup.dirs.root
  b = join(root, 'workstation-b')
  folder = join(root, 'sample-7')
  copyInto(folder, ariaFiles('Early', 2, 24))
  mkdirSync(folder, { recursive: true })
  copyFileSync(
    sharedPath('data/cnmc-samples/C-NMC_Leukemia/training_data/fold_0/all/UID_2_1_1_all.bmp'),
    join(folder, 'UID_2_1_1_all.bmp')
  )
  database = await freshPostgresDatabase()
  client = new pg.Client({ connectionString: database.url })
  await client.connect()
  const users = (input: string, as: Record<string, string | undefined>, ...argv: string[]) =>
    runCliInput(input, { LEUKOLENS_DATABASE_URL: database.url, ...as }, '--data-dir', a, ...argv)
  const none = { LEUKOLENS_USER: undefined, LEUKOLENS_PASSWORD: undefined }
  expect((await users('root password\n', none, 'users', 'add', 'root', '--role', 'admin')).code).toBe(0)
  const admin = { LEUKOLENS_USER: 'root', LEUKOLENS_PASSWORD: 'root password' }
  expect((await users('tech password\n', admin, 'users', 'add', 'tech', '--role', 'technician')).code).toBe(0)
  expect((await users('res password\n', admin, 'users', 'add', 'res', '--role', 'researcher')).code).toBe(0)
  await publishModel({
    dataDir: a,
    modelId: setup.modelId,
    backboneDir: tinyBackboneDir(root),
    backboneName: 'tiny',
    databaseUrl: database.url,
    researcher: { name: 'res', password: 'res password' },
    archive: join(root, 'tiny-model.zip')
  })
  const scanned = await runCliWith(tech(), '--data-dir', a, 'scan', folder)
  expect(scanned.code).toBe(0)
}, 300_000)

afterAll(async () => {
  await client?.end()
  await database?.drop()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('Grad-CAM without the scanned file', () => {
  it('comes from the stored copy of the model input, says so, and equals the heatmap of the original', async () => {
    const items = (
      await client.query<{ path: string; sha256: string; side: number; bytes: number }>(
        `SELECT i.path, i.sha256, c.side, length(bl.bytes) AS bytes FROM scan_items i
         JOIN cell_copies c ON c.image_sha256 = i.sha256 JOIN blobs bl ON bl.sha256 = c.blob_sha256 ORDER BY i.path`
      )
    ).rows
    // Every predicted cell of a scan into the shared database has its copy, at the backbone's input side.
    expect(items.map((i) => i.path.split('/').pop())).toEqual([
      'UID_2_1_1_all.bmp',
      ...ariaFiles('Early', 2, 24).map((f) => f.split('/').pop())
    ])
    expect(items.every((i) => i.side === 32)).toBe(true)
    const cell = items[0]

    // On workstation A, with the file: the heatmap of the original, no sentence.
    const original = await explain(a, cell.path, join(root, 'a-cam.png'))
    expect(original.source).toEqual({ kind: 'file', note: null })

    rmSync(folder, { recursive: true })
    mkdirSync(b)
    // Workstation B by path: the same map and probabilities (the copy is the very model input), and the sentence.
    const byPath = await explain(b, cell.path, join(b, 'cam.png'))
    expect(byPath.source.kind).toBe('input-copy')
    expect(byPath.source.note).toBe(
      'Grad-CAM computed from the stored 32-px copy of the model input (what the model saw of the original); ' +
        'the original file is not on this workstation'
    )
    expect(byPath.className).toBe(original.className)
    byPath.probabilities.forEach((p, i) => expect(p).toBeCloseTo(original.probabilities[i], 5))
    byPath.cam.forEach((v, i) => expect(v).toBeCloseTo(original.cam[i], 5))
    expect(byPath.source.copyProbability).toBeCloseTo(byPath.source.storedProbability!, 5)
    expect((await sharp(join(b, 'cam.png')).metadata()).width).toBe(32)

    // By the 12 characters history prints, in words: the sentence comes before the answer.
    const text = await runCliWith(
      tech(),
      '--data-dir',
      b,
      'explain',
      cell.sha256.slice(0, 12),
      '--out',
      join(b, 'h.png')
    )
    expect(text.code).toBe(0)
    const lines = text.out.split('\n')
    const at = lines.findIndex((l) => l.startsWith('Grad-CAM computed from the stored 32-px copy'))
    expect(at).toBeGreaterThanOrEqual(0)
    expect(lines[at + 1]).toMatch(/ \(stored copy\): predicted /)

    // A path no scan recorded is still refused, naming it.
    const never = await runCliWith(
      tech(),
      '--data-dir',
      b,
      'explain',
      join(folder, 'never.bmp'),
      '--out',
      join(b, 'n.png')
    )
    expect(never.code).toBe(2)
    expect(never.err).toMatch(/never\.bmp: no such file, and no scan recorded a file there/)
  }, 240_000)

  it('the service the review screen calls gives the copy-based heatmap with its sentence', async () => {
    const [cell] = (await client.query<{ path: string }>('SELECT path FROM scan_items ORDER BY path LIMIT 1'))
      .rows
    const h = serviceHarness(b, {
      overrides: { databaseUrl: PostgresUrl.parse(database.url, 'the test database'), backend: 'wasm' }
    })
    try {
      await h.call('session:signIn', { name: 'tech', password: 'tech password' })
      const view = await h.call('explain:gradcam', { path: cell.path })
      expect(view).toMatchObject({ path: cell.path, source: 'input-copy' })
      expect(view.note).toMatch(
        /^Grad-CAM computed from the stored 32-px copy of the model input .*not on this workstation$/
      )
      expect((await sharp(view.overlayPath).metadata()).width).toBe(32)
      await expect(h.call('explain:gradcam', { path: join(folder, 'never.bmp') })).rejects.toThrow(
        /not available/
      )
    } finally {
      h.close()
    }
  }, 240_000)

  it('falls back to the thumbnail, saying how far its answer is from the stored one; db gc then removes the copy', async () => {
    const [cell] = (
      await client.query<{ path: string; sha256: string; blob: string }>(
        `SELECT i.path, i.sha256, c.blob_sha256 AS blob FROM scan_items i
         JOIN cell_copies c ON c.image_sha256 = i.sha256 ORDER BY i.path DESC LIMIT 1`
      )
    ).rows
    // As if this cell had been scanned without a copy of its model input (a workstation's SQLite file keeps
    // copies of flagged cells only): the 96-px thumbnail is all there is.
    await client.query('DELETE FROM cell_copies WHERE image_sha256 = $1', [cell.sha256])
    const r = await explain(b, cell.sha256, join(b, 'thumb-cam.png'))
    expect(r.source.kind).toBe('thumbnail')
    const { copyProbability: copy, storedProbability: stored } = r.source
    const pct = (p: number) => `${(100 * p).toFixed(1)}%`
    const differs =
      pct(copy!) === pct(stored!)
        ? ''
        : `; on this copy the model gives ${r.className} ${pct(copy!)}, the scan stored ${pct(stored!)} from the original: read the heatmap as approximate`
    expect(r.source.note).toBe(
      'Grad-CAM computed from the stored 96-px copy, resized to 32 px; the original file is not on this workstation' +
        differs
    )

    // The copy is named by nothing now: only an admin removes it, and nothing else goes with it.
    const gc = (as: Record<string, string>) =>
      runCliWith({ ...tech(), ...as }, '--data-dir', b, '--json', 'db', 'gc')
    const refused = await gc({})
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/tech is a technician: .* needs the admin role; nothing was done/)
    const blobs = async () => Number((await client.query('SELECT count(*) AS n FROM blobs')).rows[0].n)
    const before = await blobs()
    const done = await gc({ LEUKOLENS_USER: 'root', LEUKOLENS_PASSWORD: 'root password' })
    expect(done.code).toBe(0)
    expect(JSON.parse(done.out)).toMatchObject({ blobs: 1 })
    expect(await blobs()).toBe(before - 1)
    expect((await client.query('SELECT 1 FROM blobs WHERE sha256 = $1', [cell.blob])).rows).toEqual([])
  }, 240_000)
})
