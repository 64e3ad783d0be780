import { describe, expect, it } from 'vitest'
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { Store } from '../../../src/main/core/db/store'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import {
  acknowledgeQcRun,
  addControlSet,
  openQcAlerts,
  qcSetView,
  recordQcRun,
  setQcTarget
} from '../../../src/main/core/qc/record'
import { verifyChain } from '../../../src/main/core/review/chain'
import { reviewLog } from '../../../src/main/core/review/log'
import { ENGINES, useStores } from '../../helpers/engines'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/** A control folder of 10 "images" (files with image names; the scans are stored, not computed): 4 ALL, 6 HEM. */
function controlFolder(dir: string): string {
  const root = join(dir, 'control')
  for (const [cls, n] of [
    ['ALL', 4],
    ['HEM', 6]
  ] as const) {
    mkdirSync(join(root, cls), { recursive: true })
    for (let i = 0; i < n; i++) writeFileSync(join(root, cls, `c${i}.png`), 'x')
  }
  return root
}

/** A run where the model calls `wrong` of the HEM images ALL and `unread` of the ALL images cannot be read. */
async function run(store: Store, root: string, wrong: number, unread = 0) {
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
  return await recordQcRun(store, 'daily', await storeScan(store, root, preds), 'm-1')
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
})

describe.each(ENGINES)('quality control on %s', (engine) => {
  const tmp = useTmpDirs()
  const open = useStores(engine)

  it('scores runs with counts and intervals, judges them by Westgard, and holds a rejection open until acknowledged', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const db = await open()
    const set = await addControlSet(
      db,
      { name: 'daily', folder: root, blastClass: 'ALL' },
      readControlSet(root)
    )
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
    expect(await openQcAlerts(db.k)).toEqual([])

    await setQcTarget(db, 'daily', { accuracy: { mean: 95, sd: 3 } })
    // 4 HEM called ALL: accuracy 60% (−11.7 SD) and blasts 80% (+2.6 SD): 1-3s on accuracy
    const bad = await run(db, root, 4)
    expect(bad.reject).toBe(true)
    expect(bad.rules).toEqual(expect.arrayContaining(['accuracy 1-3s', 'blast 1-2s']))
    expect((await openQcAlerts(db.k)).map((r) => r.id)).toEqual([bad.id])

    await expect(acknowledgeQcRun(db, bad.id, 'anna', ' ')).rejects.toThrow(/needs a note/)
    await expect(acknowledgeQcRun(db, first.id, 'anna', 'x')).rejects.toThrow(/nothing to acknowledge/)
    const acked = await acknowledgeQcRun(db, bad.id, 'anna', 'reagent lot changed; rescanned')
    expect(acked.ack).toMatchObject({ person: 'anna', note: 'reagent lot changed; rescanned' })
    expect(await openQcAlerts(db.k)).toEqual([])
    await expect(acknowledgeQcRun(db, bad.id, 'ben', 'again')).rejects.toThrow(/acknowledged already/)
    // The acknowledgement is an entry of the audit log's hash chain, and the only one (the refusals left none).
    const log = await reviewLog(db.k)
    expect(log.map((e) => [e.id, e.newLabel, e.reviewer, e.predictionId])).toEqual([
      [acked.ack!.auditEntry, 'qc-acknowledged', 'anna', null]
    ])
    expect(log[0].note).toContain(`QC run ${bad.id} of daily (accuracy`)
    expect(log[0].note).toContain('acknowledged: reagent lot changed; rescanned')
    expect((await verifyChain(db, null)).ok).toBe(true)

    const view = await qcSetView(db.k, 'daily')
    expect(view.runs.map((r) => r.reject)).toEqual([false, true])
    expect(view.runs[1].ack?.person).toBe('anna')
    expect(view.openAlerts).toBe(0)
    // a record: runs and acknowledgements cannot be edited
    await expect(sql`UPDATE qc_runs SET reject = 0`.execute(db.k)).rejects.toThrow(/cannot be changed/)
    await expect(sql`DELETE FROM qc_acks`.execute(db.k)).rejects.toThrow(/cannot be removed/)
    if (engine === 'postgres')
      await expect(sql`TRUNCATE qc_acks`.execute(db.k)).rejects.toThrow(/cannot be emptied/)
  })

  it('acknowledges a run once when two people acknowledge it at once: the second is told, the chain holds one', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const db = await open()
    await addControlSet(db, { name: 'daily', folder: root, blastClass: 'ALL' }, readControlSet(root))
    const bad = await recordQcRun(db, 'daily', await storeScan(db, root, []), 'm-1')
    const outcomes = await Promise.allSettled([
      acknowledgeQcRun(db, bad.id, 'anna', 'control slide replaced'),
      acknowledgeQcRun(db, bad.id, 'ben', 'lamp checked')
    ])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(String(refused.reason)).toContain(`QC run ${bad.id} was acknowledged already`)
    expect((await reviewLog(db.k)).filter((e) => e.newLabel === 'qc-acknowledged')).toHaveLength(1)
    expect((await verifyChain(db, null)).ok).toBe(true)
  })

  it('rejects a run in which no image of the set was classified', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const db = await open()
    await addControlSet(db, { name: 'daily', folder: root, blastClass: 'ALL' }, readControlSet(root))
    await expect(
      addControlSet(db, { name: 'daily', folder: root, blastClass: 'ALL' }, readControlSet(root))
    ).rejects.toThrow('a control set named "daily" exists already')
    const r = await recordQcRun(db, 'daily', await storeScan(db, root, []), 'm-1')
    expect(r.reject).toBe(true)
    expect(r.rules).toEqual(['no image of the set was classified'])
  })

  it('scores a set named through a link against scans, which store the real path', async () => {
    const dir = tmp()
    const root = controlFolder(dir)
    const link = join(dir, 'control-link')
    symlinkSync(root, link)
    const db = await open()
    await addControlSet(db, { name: 'daily', folder: link, blastClass: 'ALL' }, readControlSet(link))
    const r = await run(db, realpathSync(root), 0)
    expect(r.scored).toBe(10)
    expect(r.reject).toBe(false)
  })
})
