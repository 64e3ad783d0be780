import { describe, expect, it } from 'vitest'
import { realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import {
  acknowledgeQcRun,
  addControlSet,
  openQcAlerts,
  qcSetView,
  recordQcRun,
  setQcTarget
} from '../../../src/main/core/qc/record'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'
import { dbsOf } from '../../helpers/scan-store'
import { controlFolder } from '../../helpers/control-folder'

/** A run where the model calls `wrong` of the HEM images ALL and `unread` of the ALL images cannot be read. */
async function run(db: ReturnType<typeof openDatabase>, root: string, wrong: number, unread = 0) {
  const preds = [
    ...[0, 1, 2, 3].map((i) => ({
      path: join(root, 'ALL', `c${i}.png`),
      predicted: 'ALL',
      unreadable: i < unread
    })),
    ...[0, 1, 2, 3, 4, 5].map((i) => ({
      path: join(root, 'HEM', `c${i}.png`),
      predicted: i < wrong ? 'ALL' : 'HEM'
    }))
  ]
  return await recordQcRun(dbsOf(db), 'daily', await storeScan(db, root, preds), 'm-1')
}

describe('quality control', () => {
  const tmp = useTmpDirs()

  it('reads a class-per-folder control set, and refuses images without a class', () => {
    const root = controlFolder(tmp())
    const items = readControlSet(root)
    expect(items).toHaveLength(10)
    expect(items[0]).toEqual({ path: 'ALL/c0.png', expected: 'ALL' })
    writeFileSync(join(root, 'loose.png'), 'x')
    expect(() => readControlSet(root)).toThrow(/1 image\(s\) without an expected class \(loose.png\)/)
  })

  it('scores runs with counts and intervals, judges them by Westgard, and holds a rejection open until acknowledged', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const db = openDatabase(join(dir, 'q.db'))
    const set = addControlSet(db, { name: 'daily', folder: root, blastClass: 'ALL' }, readControlSet(root))
    // default blast target: the set's own 40% with the binomial SD of 10 images
    expect(set.blastTarget!.mean).toBeCloseTo(40, 10)
    expect(set.blastTarget!.sd).toBeCloseTo(100 * Math.sqrt((0.4 * 0.6) / 10), 10)
    expect(set.accuracyTarget).toBeNull()

    const first = await run(db, root, 0, 1)
    expect(first.scored).toBe(9)
    expect(first.missing).toBe(1)
    expect(first.accuracy).toMatchObject({ count: 9, of: 9, percent: 100 })
    expect(first.blasts.count).toBe(3)
    expect(first.blasts.low).toBeGreaterThan(0)
    expect(first.reject).toBe(false)
    expect(openQcAlerts(db)).toEqual([])

    setQcTarget(db, 'daily', { accuracy: { mean: 95, sd: 3 } })
    // 4 HEM called ALL: accuracy 60% (−11.7 SD) and blasts 80% (+2.6 SD): 1-3s on accuracy
    const bad = await run(db, root, 4)
    expect(bad.reject).toBe(true)
    expect(bad.rules).toEqual(expect.arrayContaining(['accuracy 1-3s', 'blast 1-2s']))
    expect(openQcAlerts(db).map((r) => r.id)).toEqual([bad.id])

    expect(() => acknowledgeQcRun(db, bad.id, 'anna', ' ')).toThrow(/needs a note/)
    expect(() => acknowledgeQcRun(db, first.id, 'anna', 'x')).toThrow(/nothing to acknowledge/)
    const acked = acknowledgeQcRun(db, bad.id, 'anna', 'reagent lot changed; rescanned')
    expect(acked.ack).toMatchObject({ person: 'anna', note: 'reagent lot changed; rescanned' })
    expect(openQcAlerts(db)).toEqual([])
    expect(() => acknowledgeQcRun(db, bad.id, 'ben', 'again')).toThrow(/acknowledged already/)

    const view = qcSetView(db, 'daily')
    expect(view.runs.map((r) => r.reject)).toEqual([false, true])
    expect(view.runs[1].ack?.person).toBe('anna')
    expect(view.openAlerts).toBe(0)
    // a record: runs and acknowledgements cannot be edited
    expect(() => db.prepare('UPDATE qc_runs SET reject = 0').run()).toThrow(/cannot be changed/)
    expect(() => db.prepare('DELETE FROM qc_acks').run()).toThrow(/cannot be removed/)
    db.close()
  })

  it('rejects a run in which no image of the set was classified', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const db = openDatabase(join(dir, 'q.db'))
    addControlSet(db, { name: 'daily', folder: root, blastClass: 'ALL' }, readControlSet(root))
    const r = await recordQcRun(dbsOf(db), 'daily', await storeScan(db, root, []), 'm-1')
    expect(r.reject).toBe(true)
    expect(r.rules).toEqual(['no image of the set was classified'])
    db.close()
  })

  it('scores a set named through a link against scans, which store the real path', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const link = join(dir, 'control-link')
    symlinkSync(root, link)
    const db = openDatabase(join(dir, 'q.db'))
    addControlSet(db, { name: 'daily', folder: link, blastClass: 'ALL' }, readControlSet(link))
    const r = await run(db, realpathSync(root), 0)
    expect(r.scored).toBe(10)
    expect(r.reject).toBe(false)
    db.close()
  })
})
