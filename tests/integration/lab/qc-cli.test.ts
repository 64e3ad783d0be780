import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { dataDir } from '../../../src/main/core/paths'
import { recordQcRun } from '../../../src/main/core/qc/record'
import { runCliWith } from '../../helpers/cli'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'
import { storeOf } from '../../helpers/scan-store'

/**
 * The `qc` commands as a lab uses them. Runs are stored through the core (a scan of the control folder written to
 * the database, scored as `qc run` scores it): what a model says is not the subject here.
 */
describe('leukolens qc', () => {
  const tmp = useTmpDirs()
  const env = { LEUKOLENS_REVIEWER: undefined }

  it('registers a set, shows runs with verdicts, holds a rejection open until acknowledged with a note', async () => {
    const dir = tmp()
    const data = join(dir, 'data')
    const root = join(dir, 'control')
    for (const cls of ['ALL', 'HEM']) {
      mkdirSync(join(root, cls), { recursive: true })
      for (let i = 0; i < 5; i++) writeFileSync(join(root, cls, `c${i}.png`), 'x')
    }
    const cli = (...a: string[]) => runCliWith(env, '--data-dir', data, ...a)

    const added = await cli('qc', 'add', 'daily', root)
    expect(added.code, added.err).toBe(0)
    expect(added.out).toContain('Control set daily')
    expect(added.out).toContain('ALL 5, HEM 5')
    expect(added.out).toContain('blasts 50.0% ± 15.81 SD')
    expect((await cli('qc', 'add', 'daily', root)).err).toContain('exists already')
    const bad = await cli('qc', 'target', 'daily', '--accuracy', '95')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('expected MEAN,SD')
    expect((await cli('qc', 'target', 'daily', '--accuracy', '95,2')).code).toBe(0)

    const db = openDatabase(dataDir(data).db)
    const files = (cls: string, predicted: (i: number) => string) =>
      [0, 1, 2, 3, 4].map((i) => ({ path: join(root, cls, `c${i}.png`), predicted: predicted(i) }))
    await recordQcRun(
      storeOf(db),
      'daily',
      await storeScan(db, root, [...files('ALL', () => 'ALL'), ...files('HEM', () => 'HEM')]),
      'm-1'
    )
    const bad1 = await recordQcRun(
      storeOf(db),
      'daily',
      await storeScan(db, root, [
        ...files('ALL', () => 'ALL'),
        ...files('HEM', (i) => (i < 3 ? 'ALL' : 'HEM'))
      ]),
      'm-1'
    )
    db.close()

    const shown = await cli('qc', 'show', 'daily')
    expect(shown.code, shown.err).toBe(0)
    expect(shown.out).toContain('accuracy 100.0% (10/10, 95% CI 72.2–100.0%)')
    expect(shown.out).toContain('accuracy 70.0% (7/10, 95% CI 39.7–89.2%)')
    expect(shown.out).toContain('REJECT (accuracy 1-2s, accuracy 1-3s')
    expect(shown.out).toContain(`OPEN: not acknowledged`)

    const alerts = await cli('qc', 'alerts')
    expect(alerts.code).toBe(1)
    const json = JSON.parse((await cli('--json', 'qc', 'alerts')).out) as { id: number }[]
    expect(json.map((r) => r.id)).toEqual([bad1.id])

    const noName = await cli('qc', 'ack', String(bad1.id), '--note', 'lamp replaced')
    expect(noName.code).toBe(2)
    expect(noName.err).toContain('enter your name')
    const ack = await cli('qc', 'ack', String(bad1.id), '--note', 'lamp replaced', '--reviewer', 'anna')
    expect(ack.code, ack.err).toBe(0)
    expect(ack.out).toContain('acknowledged by anna')
    expect(ack.out).toMatch(/lamp replaced \(audit entry #1\)/)
    expect((await cli('qc', 'alerts')).code).toBe(0)
  })
})
