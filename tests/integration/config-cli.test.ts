import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { runCliWith } from '../helpers/cli'
import { recordScannedCell } from '../helpers/scanned-cell'
import { serviceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'
import { writeClassPngs } from '../helpers/class-pngs'

/**
 * The window (through the service layer, as the engine process serves it) and the command line resolve the same
 * configuration: a data folder moved in Settings, the backend setting and the reviewer are seen by both.
 */
describe('one configuration for the app and the command line', () => {
  const tmp = useTmpDirs()

  /** A user's machine: its own per-user folder, no LEUKOLENS_* variable set. */
  function machine() {
    const home = tmp()
    const env = {
      XDG_CONFIG_HOME: join(home, 'config'),
      LEUKOLENS_DATA_DIR: undefined,
      LEUKOLENS_BACKEND: undefined,
      LEUKOLENS_REVIEWER: undefined,
      LEUKOLENS_REVIEW_THRESHOLD: undefined,
      LEUKOLENS_DATABASE_URL: undefined
    }
    return { env, defaultDataDir: join(home, 'config', 'Leukolens') }
  }

  it('a data folder moved in Settings is the folder the command line opens, and back', async () => {
    const { env, defaultDataDir } = machine()
    const moved = join(tmp(), 'lab-data')
    const app = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      const s = await app.call('settings:set', { nextDataDir: moved })
      expect(s.nextDataDir).toBe(moved)
    } finally {
      app.close()
    }
    const cli = await runCliWith(env, '--json', 'settings')
    expect(cli.err).toBe('')
    const shown = JSON.parse(cli.out) as {
      dataDir: string
      inForce: { dataDir: string; sources: { dataDir: string } }
    }
    expect(shown.inForce.dataDir).toBe(moved)
    expect(shown.inForce.sources.dataDir).toBe('setting')
    expect(existsSync(join(moved, 'leukolens.db'))).toBe(true)

    // The other way: the command line moves it, the app's Settings shows the choice for its next start.
    const back = join(tmp(), 'other')
    expect((await runCliWith(env, 'settings', 'dataDir', back)).code).toBe(0)
    const again = serviceHarness(moved, { defaultDataDir })
    try {
      expect((await again.call('settings:get')).nextDataDir).toBe(back)
    } finally {
      again.close()
    }
    // A flag still wins over the Settings choice.
    const flagged = JSON.parse(
      (await runCliWith(env, '--data-dir', moved, '--json', 'settings')).out
    ) as typeof shown
    expect(flagged.inForce).toMatchObject({ dataDir: moved, sources: { dataDir: 'flag' } })
    // Back to the per-user folder from the next start on.
    expect((await runCliWith(env, 'settings', 'dataDir', '--unset')).code).toBe(0)
    const reset = JSON.parse((await runCliWith(env, '--json', 'settings', 'dataDir')).out) as typeof shown & {
      from: { dataDir: string }
    }
    expect(reset.inForce).toMatchObject({ dataDir: defaultDataDir, sources: { dataDir: 'default' } })
    expect(reset.from.dataDir).toBe('default')
  })

  it('the backend setting and the reviewer set in the app are what the command line uses', async () => {
    const { env, defaultDataDir } = machine()
    const app = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      await app.call('settings:set', { backend: 'wasm', reviewer: 'ann' })
    } finally {
      app.close()
    }
    const doctor = await runCliWith(env, '--json', 'doctor')
    expect(doctor.err).toBe('')
    const report = JSON.parse(doctor.out) as {
      backend: { name: string; chosenBy: string }
      extraction: { forced: unknown }
      dataDir: string
    }
    expect(report.dataDir).toBe(defaultDataDir)
    expect(report.extraction.forced).toEqual({ name: 'wasm', by: 'the backend setting' })
    expect(report.backend).toMatchObject({ name: 'wasm', chosenBy: 'forced' })

    // A review needs a stored prediction of that image (made-up SHA-256s are refused): one scanned cell.
    const sha = 'a'.repeat(64)
    const db = openDatabase(join(defaultDataDir, 'leukolens.db'))
    try {
      await recordScannedCell(db, { folder: '/cells', path: '/cells/a.png', sha256: sha, pAll: 0.7 })
    } finally {
      db.close()
    }
    const byCli = JSON.parse((await runCliWith(env, '--json', 'review', sha, '--label', 'HEM')).out) as {
      reviewer: string
    }
    expect(byCli.reviewer).toBe('ann')
    // Variable over setting, flag over variable.
    const byEnv = JSON.parse(
      (await runCliWith({ ...env, LEUKOLENS_REVIEWER: 'env-bob' }, '--json', 'review', sha, '--label', 'ALL'))
        .out
    ) as { reviewer: string }
    expect(byEnv.reviewer).toBe('env-bob')
    const byFlag = JSON.parse(
      (
        await runCliWith(
          { ...env, LEUKOLENS_REVIEWER: 'env-bob' },
          '--json',
          'review',
          sha,
          '--label',
          'HEM',
          '--reviewer',
          'flag-cy'
        )
      ).out
    ) as { reviewer: string }
    expect(byFlag.reviewer).toBe('flag-cy')

    // The command line changes the reviewer; the app's next review is signed with it.
    expect((await runCliWith(env, 'settings', 'reviewer', 'dee')).code).toBe(0)
    const after = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      expect((await after.call('settings:get')).reviewer).toBe('dee')
      expect((await after.call('review:submit', { sha256: sha, label: 'ALL' })).reviewer).toBe('dee')
      expect((await after.call('settings:get')).backend).toBe('wasm')
    } finally {
      after.close()
    }
  })

  it('settings refuses unknown keys and bad values with one line and exit code 2', async () => {
    const { env } = machine()
    const unknown = await runCliWith(env, 'settings', 'colour', 'red')
    expect(unknown).toMatchObject({
      code: 2,
      err: 'leukolens: unknown setting "colour" (known: dataDir, backend, reviewThreshold, reviewer, theme, maxMegapixels, unfamiliarLimit, differentialTarget, qcEveryHours, databaseUrl)\n'
    })
    const backend = await runCliWith(env, 'settings', 'backend', 'cpu')
    expect(backend.code).toBe(2)
    expect(backend.err).toMatch(
      /^leukolens: backend=cpu is not one of tfjs-node-gpu, tfjs-node, wasm, onnxruntime\n$/
    )
    expect((await runCliWith(env, 'settings', 'reviewThreshold', '2')).code).toBe(2)
    expect((await runCliWith(env, 'settings', 'dataDir', 'relative/dir')).code).toBe(2)
    // The older key still works.
    expect((await runCliWith(env, 'settings', 'scan.flagThreshold', '0.7')).code).toBe(0)
    const all = JSON.parse((await runCliWith(env, '--json', 'settings')).out) as Record<string, unknown>
    expect(all).toMatchObject({ backend: 'auto', reviewThreshold: 0.7, theme: 'system' })
  })

  it('the pixel limit is a checked setting of both, and imports use it', async () => {
    const { env, defaultDataDir } = machine()
    const zero = await runCliWith(env, 'settings', 'maxMegapixels', '0')
    expect(zero).toMatchObject({ code: 2 })
    expect(zero.err).toMatch(
      /^leukolens: maxMegapixels: the pixel limit must be a number of megapixels in \(0, 200\], got "0" \(a larger image takes gigabytes to decode\)\n$/
    )
    expect((await runCliWith(env, 'settings', 'images.maxMegapixels', '0.01')).code).toBe(0)
    const shown = await runCliWith(env, 'settings', 'maxMegapixels')
    expect(shown.out).toMatch(/^maxMegapixels +0\.01 +stored$/m)

    const app = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      expect((await app.call('settings:get')).maxMegapixels).toBe(0.01)
      await expect(app.call('settings:set', { maxMegapixels: 2000 })).rejects.toThrow(/maxMegapixels/)
      // 0.01 MP = 10,000 pixels: the 100×100 cells pass, the 224×224 one is named and skipped from its header.
      const folder = tmp()
      await writeClassPngs(folder, { ALL: 3, HEM: 3 }, { size: 100 })
      await writeClassPngs(folder, { HEM: 1 }, { size: 224, prefix: '224-' })
      const r = await app.call('datasets:import', { jobId: 'mp', folder, name: 'mp' })
      expect(r.added).toBe(6)
      expect(r.skipped).toEqual([
        {
          path: 'HEM/224-0.png',
          reason: expect.stringMatching(/over the 0\.01 MP limit \(setting images\.maxMegapixels\)/)
        }
      ])
      await app.call('settings:set', { maxMegapixels: 50 })
      expect((await app.call('settings:get')).maxMegapixels).toBe(50)
    } finally {
      app.close()
    }
  })

  it('the unfamiliar-cell limit is a checked setting of both (a share or a percentage, 10% by default)', async () => {
    const { env, defaultDataDir } = machine()
    expect((await runCliWith(env, 'settings', 'unfamiliarLimit')).out).toMatch(
      /^unfamiliarLimit +0\.1 +default$/m
    )
    const bad = await runCliWith(env, 'settings', 'unfamiliarLimit', '120%')
    expect(bad).toMatchObject({ code: 2 })
    expect(bad.err).toMatch(
      /^leukolens: unfamiliarLimit: the unfamiliar-cell limit must be a share from 0 to 1/
    )
    expect((await runCliWith(env, 'settings', 'unfamiliarLimit', '25%')).code).toBe(0)
    const app = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      expect((await app.call('settings:get')).unfamiliarLimit).toBe(0.25)
      await expect(app.call('settings:set', { unfamiliarLimit: 2 })).rejects.toThrow(/unfamiliarLimit/)
    } finally {
      app.close()
    }
  })

  it('the shared database: set in Settings or the command line, overridden by variable and flag, password never shown', async () => {
    const { env, defaultDataDir } = machine()
    const url = 'postgres://lab:Pw-9f2@lab-server:5432/leukolens'
    const app = serviceHarness(defaultDataDir, { defaultDataDir })
    try {
      const s = await app.call('settings:set', { databaseUrl: url })
      expect(s.databaseUrl).toBe('postgres://lab:***@lab-server:5432/leukolens')
      await expect(app.call('settings:set', { databaseUrl: 'http://lab-server/' })).rejects.toThrow(
        /^databaseUrl is a http:\/\/ URL; only PostgreSQL ones work/
      )
    } finally {
      app.close()
    }
    const shown = await runCliWith(env, 'settings', 'databaseUrl')
    expect(shown.out).toMatch(/databaseUrl +postgres:\/\/lab:\*\*\*@lab-server:5432\/leukolens +stored/)
    const json = await runCliWith(env, '--json', 'settings')
    expect(JSON.parse(json.out)).toMatchObject({ from: { databaseUrl: 'setting' } })
    expect(json.out).not.toContain('Pw-9f2')
    const variable = await runCliWith(
      { ...env, LEUKOLENS_DATABASE_URL: 'postgres://lab:Pw-env@other:5432/leukolens' },
      'settings',
      'databaseUrl'
    )
    expect(variable.out).toMatch(
      /postgres:\/\/lab:\*\*\*@other:5432\/leukolens +variable LEUKOLENS_DATABASE_URL/
    )
    const flag = await runCliWith(
      env,
      '--database',
      'postgres://x:Pw-flag@third/db',
      'settings',
      'databaseUrl'
    )
    expect(flag.out).toMatch(/postgres:\/\/x:\*\*\*@third\/db +flag --database/)
    expect(`${variable.out}${flag.out}`).not.toMatch(/Pw-/)
    const bad = await runCliWith(env, '--database', 'mysql://x:Pw-bad@h/db', 'settings')
    expect(bad.code).toBe(2)
    expect(bad.err).toBe(
      'leukolens: --database is a mysql:// URL; only PostgreSQL ones work (postgres://user:password@host:5432/leukolens)\n'
    )
    expect((await runCliWith(env, 'settings', 'databaseUrl', '--unset')).out).toMatch(
      /databaseUrl +none: the data folder's own database \(SQLite\) +default/
    )
  })
})
