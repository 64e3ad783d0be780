import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { dataDir } from '../../../src/main/core/paths'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import { addControlSet, listQcSets, recordQcRun } from '../../../src/main/core/qc/record'
import { getQcEveryHours, isQcDue, setQcEveryHours } from '../../../src/main/core/qc/schedule'
import { runCliWith } from '../../helpers/cli'
import { storeOf } from '../../helpers/scan-store'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

describe('scheduled quality control', () => {
  const tmp = useTmpDirs()

  it('is due once the newest run is as old as the schedule, or when the set never ran; never without one', () => {
    const now = new Date('2026-12-06T12:00:00Z')
    expect(isQcDue('2026-12-05T12:00:01Z', 24, now)).toBe(false)
    expect(isQcDue('2026-12-05T12:00:00Z', 24, now)).toBe(true)
    expect(isQcDue(null, 24, now)).toBe(true)
    expect(isQcDue(null, null, now)).toBe(false)
  })

  it('marks the sets due on the setting, and `qc run --due` says when none is', async () => {
    const dir = tmp()
    const data = join(dir, 'data')
    const db = openDatabase(dataDir(data).db)
    const store = storeOf(db)
    for (const name of ['ran', 'never']) {
      const root = join(dir, name, 'ALL')
      mkdirSync(root, { recursive: true })
      writeFileSync(join(root, 'c.png'), 'x')
      await addControlSet(
        store,
        { name, folder: join(dir, name), blastClass: 'ALL' },
        readControlSet(join(dir, name))
      )
    }
    await recordQcRun(
      store,
      'ran',
      await storeScan(db, join(dir, 'ran'), [{ path: join(dir, 'ran', 'ALL', 'c.png'), predicted: 'ALL' }]),
      'm-1'
    )
    const due = async () =>
      (await listQcSets(store.k, await getQcEveryHours(store.k))).map((s) => [s.name, s.due])
    expect(await due()).toEqual([
      ['never', false],
      ['ran', false]
    ])
    await setQcEveryHours(store.k, 8)
    expect(await due()).toEqual([
      ['never', true],
      ['ran', false]
    ])
    await setQcEveryHours(store.k, null)
    db.close()
    const cli = (...a: string[]) => runCliWith({}, '--data-dir', data, ...a)
    const none = await cli('qc', 'run', '--due')
    expect(none.code, none.err).toBe(0)
    expect(none.out).toContain('No control set is due (setting qcEveryHours).')
    expect((await cli('qc', 'run')).err).toContain('qc run: name one control set, or give --due (not both)')
    expect((await cli('settings', 'qcEveryHours', '0')).code).toBe(2)
    expect((await cli('settings', 'differentialTarget', '150')).err).toContain(
      'differentialTarget: a differential counts 100 or 200 cells, got "150"'
    )
    expect((await cli('settings', 'differentialTarget', '200')).code).toBe(0)
    expect((await cli('settings', 'differentialTarget')).out).toMatch(/^differentialTarget +200 +stored$/m)
  })
})
