import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKEND_NAMES } from '../../src/shared/types/engine'
import {
  edgeConfig,
  envOverrides,
  platformDataDir,
  resolveConfig,
  resolveDataDir,
  reviewThresholdFor
} from '../../src/main/services/config'
import { writeDataFolderChoice } from '../../src/main/services/data-folder'
import { databaseChoiceFile, writeDatabaseChoice } from '../../src/main/services/database-choice'
import { PostgresUrl } from '../../src/main/core/server/url'
import { statSync, writeFileSync } from 'node:fs'
import { findCycles, packagesLoadedBy, sourceFiles } from '../../scripts/import-graph.mjs'

const dirs: string[] = []
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'leukolens-config-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe("the review threshold: flag > variable > setting > the model version's own > 0.80", () => {
  const edge = (flag?: number, env?: number) =>
    edgeConfig({ reviewThreshold: flag }, { reviewThreshold: env }, '/nonexistent-leukolens')
  it("takes the active model version's own threshold when nobody chose one, and says so", () => {
    const c = resolveConfig(edge(), { modelReviewThreshold: 0.949 })
    expect([c.reviewThreshold, c.sources.reviewThreshold]).toEqual([0.949, 'model'])
    expect(resolveConfig(edge(), {}).sources.reviewThreshold).toBe('default')
    const stored = resolveConfig(edge(), { reviewThreshold: 0.7, modelReviewThreshold: 0.949 })
    expect([stored.reviewThreshold, stored.sources.reviewThreshold]).toEqual([0.7, 'setting'])
    const flagged = resolveConfig(edge(0.6, 0.65), { reviewThreshold: 0.7 })
    expect([flagged.reviewThreshold, flagged.sources.reviewThreshold]).toEqual([0.6, 'flag'])
  })
  it("for a scan with another version: that version's own, unless somebody chose one", () => {
    const c = resolveConfig(edge(), { modelReviewThreshold: 0.949 })
    expect(reviewThresholdFor(c, 0.91)).toEqual({ value: 0.91, source: 'model' })
    expect(reviewThresholdFor(c, undefined)).toEqual({ value: 0.8, source: 'default' })
    const chosen = resolveConfig(edge(undefined, 0.65), { modelReviewThreshold: 0.949 })
    expect(reviewThresholdFor(chosen, 0.91)).toEqual({ value: 0.65, source: 'environment' })
  })
})

describe('the shared database: flag > variable > setting > none (the data folder’s own SQLite)', () => {
  const lab = (host: string) => PostgresUrl.parse(`postgres://lab:pw-${host}@${host}:5432/leukolens`, 'test')
  it('takes the URL from the first layer that has one, says which, and never shows its password', () => {
    const dataDir = tmp()
    const resolved = (flag?: PostgresUrl, env?: PostgresUrl) =>
      resolveConfig(
        edgeConfig({ dataDir, databaseUrl: flag }, { databaseUrl: env }, '/nonexistent-leukolens'),
        {}
      )
    const none = resolved()
    expect([none.database, none.sources.databaseUrl]).toEqual([undefined, 'default'])
    writeDatabaseChoice(dataDir, lab('stored'))
    expect(statSync(databaseChoiceFile(dataDir)).mode & 0o777).toBe(0o600)
    const stored = resolved()
    expect([stored.database?.href, stored.sources.databaseUrl]).toEqual([lab('stored').href, 'setting'])
    const env = resolved(undefined, lab('env'))
    expect([env.database?.host, env.sources.databaseUrl]).toEqual(['env', 'environment'])
    const flag = resolved(lab('flag'), lab('env'))
    expect([flag.database?.host, flag.sources.databaseUrl]).toEqual(['flag', 'flag'])
    expect(JSON.stringify(flag)).toContain('postgres://lab:***@flag:5432/leukolens')
    expect(JSON.stringify(flag)).not.toContain('pw-flag')
  })

  it('refuses a URL that is not PostgreSQL’s, naming the variable, not the value', () => {
    expect(envOverrides({ LEUKOLENS_DATABASE_URL: 'postgres://a:b@h/db' }).databaseUrl?.href).toBe(
      'postgres://a:b@h/db'
    )
    expect(() => envOverrides({ LEUKOLENS_DATABASE_URL: 'mysql://a:secret@h/db' })).toThrow(
      /^LEUKOLENS_DATABASE_URL is a mysql:\/\/ URL; only PostgreSQL ones work/
    )
  })

  it('a damaged stored choice is an error naming its file, never a silent switch to the local database', () => {
    const dataDir = tmp()
    writeFileSync(databaseChoiceFile(dataDir), '{"databaseUrl": 7}')
    expect(() => resolveConfig(edgeConfig({ dataDir }, {}, '/nonexistent-leukolens'), {})).toThrow(
      `the databaseUrl setting (${databaseChoiceFile(dataDir)}; delete it`
    )
  })
})

describe('configuration: flag > environment > stored setting > default', () => {
  it('reads and validates the LEUKOLENS_* variables, naming the variable and the accepted values', () => {
    expect(envOverrides({})).toEqual({})
    expect(
      envOverrides({
        LEUKOLENS_BACKEND: 'wasm',
        LEUKOLENS_ONNX_PROVIDER: 'cpu',
        LEUKOLENS_WORKERS: '3',
        LEUKOLENS_REVIEWER: ' ann ',
        LEUKOLENS_REVIEW_THRESHOLD: '0.7'
      })
    ).toEqual({
      backend: 'wasm',
      onnxProvider: 'cpu',
      workers: 3,
      reviewer: 'ann',
      reviewThreshold: 0.7
    })
    expect(() => envOverrides({ LEUKOLENS_BACKEND: 'cpu' })).toThrow(
      `LEUKOLENS_BACKEND=cpu is not one of ${BACKEND_NAMES.join(', ')}`
    )
    expect(() => envOverrides({ LEUKOLENS_ONNX_PROVIDER: 'gpu' })).toThrow(
      /LEUKOLENS_ONNX_PROVIDER=gpu is not one of auto, cpu, cuda/
    )
    expect(() => envOverrides({ LEUKOLENS_WORKERS: '0' })).toThrow(/LEUKOLENS_WORKERS=0/)
    expect(() => envOverrides({ LEUKOLENS_REVIEW_THRESHOLD: '1.5' })).toThrow(
      /LEUKOLENS_REVIEW_THRESHOLD=1.5/
    )
  })

  it('takes each value from the first layer that has it, and says which', () => {
    const edge = edgeConfig({ backend: 'wasm' }, { backend: 'onnxruntime', reviewer: 'env-reviewer' }, tmp())
    const c = resolveConfig(edge, { backend: 'tfjs-node', reviewer: 'stored', reviewThreshold: 0.6 })
    expect(c).toMatchObject({
      backend: 'wasm',
      reviewer: 'env-reviewer',
      reviewThreshold: 0.6,
      onnxProvider: 'auto',
      workers: undefined
    })
    expect(c.sources).toEqual({
      dataDir: 'default',
      backend: 'flag',
      reviewer: 'environment',
      reviewThreshold: 'setting',
      onnxProvider: 'default',
      workers: 'default',
      databaseUrl: 'default'
    })
    const bare = resolveConfig(edgeConfig({}, {}, tmp()), {})
    expect(bare).toMatchObject({ backend: 'auto', reviewThreshold: 0.8 })
    expect(bare.reviewer.length).toBeGreaterThan(0)
  })

  it('finds the data folder: flag, else variable, else the pointer Settings wrote, else the default', () => {
    const def = tmp()
    const chosen = tmp()
    expect(resolveDataDir(edgeConfig({}, {}, def))).toEqual({ dataDir: def, source: 'default' })
    writeDataFolderChoice(def, chosen)
    expect(JSON.parse(readFileSync(join(def, 'data-folder.json'), 'utf8'))).toEqual({ dataDir: chosen })
    expect(resolveDataDir(edgeConfig({}, {}, def))).toEqual({ dataDir: chosen, source: 'setting' })
    const env = tmp()
    expect(resolveDataDir(edgeConfig({}, { dataDir: env }, def))).toEqual({
      dataDir: env,
      source: 'environment'
    })
    const flag = tmp()
    expect(resolveDataDir(edgeConfig({ dataDir: flag }, { dataDir: env }, def))).toEqual({
      dataDir: flag,
      source: 'flag'
    })
  })

  it("uses the platform's per-user folder as the default", () => {
    expect(platformDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/Leukolens')
    expect(platformDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(
      /Roaming[\\/]Leukolens$/
    )
  })
})

describe('layering (what the configuration rule rests on)', () => {
  const root = join(__dirname, '../..')

  it('no module under src/main/core reads process.env: configuration comes in as parameters', () => {
    const readers = sourceFiles(join(root, 'src/main/core')).filter((f: string) =>
      /process\.env\b/.test(readFileSync(f, 'utf8'))
    )
    expect(readers).toEqual([])
  })

  it('the command line starts without the engine: only commander, SQLite and its query layer load before a command runs', () => {
    // `leukolens --version` / `models list` must start at once; TF.js, sharp, ONNX Runtime and h5wasm are loaded
    // by the service that needs them (dynamic imports, left out of this static graph). zod, the contract's schema
    // library, loads with the dispatcher's first call (its import costs several times commander's).
    // Kysely is the store's query layer over that SQLite connection; the PostgreSQL client loads only when a
    // shared database is chosen (core/db/postgres/client.ts).
    expect([...packagesLoadedBy(join(root, 'src/main/cli/index.ts')).keys()].sort()).toEqual([
      'better-sqlite3',
      'commander',
      'kysely'
    ])
    for (const light of ['src/main/services/handlers.ts', 'src/main/services/models.ts'])
      expect(
        [...packagesLoadedBy(join(root, light)).keys()].filter(
          (p) => p !== 'better-sqlite3' && p !== 'kysely'
        )
      ).toEqual([])
  })

  it('src/main has no import cycles (the engine and ONNX Runtime runners included)', () => {
    expect(findCycles(join(root, 'src/main'))).toEqual([])
  })

  // A type-only cycle loads nothing, but it ties a registry to its members (commands/index.ts and each command):
  // shared types live in their own small modules instead.
  it('src/main and src/shared have no import cycles, type-only imports included', () => {
    expect(findCycles(join(root, 'src/main'), { types: true })).toEqual([])
    expect(findCycles(join(root, 'src/shared'), { types: true })).toEqual([])
  })

  it('src/renderer has no import cycles (its index.tsx files resolved), type-only imports included', () => {
    expect(findCycles(join(root, 'src/renderer'), { types: true })).toEqual([])
  })
})
