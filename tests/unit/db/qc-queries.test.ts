import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import {
  insertQcAck,
  insertQcRun,
  insertQcSet,
  openQcAlertRows,
  qcAckOfRun,
  qcAcksOfSet,
  qcRun,
  qcRunsOfSet,
  qcSetById,
  qcSetByName,
  qcSetItems,
  qcSets,
  setQcTargets
} from '../../../src/main/core/db/queries/qc'
import { write, type Store } from '../../../src/main/core/db/store'
import { verifyChain } from '../../../src/main/core/review/chain'
import { appendQcAckEntry } from '../../../src/main/core/qc/audit'
import { ENGINES, useStores } from '../../helpers/engines'
import { seedScan } from '../../helpers/review-seed'

const run = (setId: number, scanId: number, reject: number) => ({
  set_id: setId,
  scan_id: scanId,
  model_id: 'm1',
  scored: 10,
  correct: reject ? 6 : 10,
  blasts: 4,
  missing: 0,
  rules: JSON.stringify(reject ? ['accuracy 1-3s'] : []),
  reject
})

/** An acknowledgement with its audit entry, in one write as the core gives one. */
const ackWithEntry = (store: Store, runId: number, person: string) =>
  write(store, async (trx) => {
    const entry = await appendQcAckEntry(store, trx, {
      runId,
      setName: 'daily',
      scanId: 1,
      rules: ['accuracy 1-3s'],
      person,
      note: 'lamp replaced'
    })
    return insertQcAck(trx, {
      run_id: runId,
      person,
      note: 'lamp replaced',
      created_at: entry.createdAt,
      audit_entry: entry.id
    })
  })

describe.each(ENGINES)('QC queries on %s', (engine) => {
  const open = useStores(engine)

  it('stores a set with its items and targets, reads it by name and id, and refuses a second of the name', async () => {
    const store = await open()
    const items = Array.from({ length: 1500 }, (_, i) => ({
      path: `c${String(i).padStart(4, '0')}.png`,
      expected: i % 3 ? 'HEM' : 'ALL'
    }))
    const id = await write(store, (trx) =>
      insertQcSet(trx, { name: 'daily', folder: '/control', blastClass: 'ALL' }, items)
    )
    await write(store, (trx) => insertQcSet(trx, { name: 'after', folder: '/b', blastClass: 'ALL' }, []))
    expect((await qcSetItems(store.k, id)).length).toBe(1500)
    expect((await qcSetItems(store.k, id))[0]).toEqual({ path: 'c0000.png', expected: 'ALL' })
    await setQcTargets(store.k, id, { accuracy: { mean: 95.5, sd: 2.25 } })
    await setQcTargets(store.k, id, { blast: { mean: 33.3, sd: 4.5 } })
    const set = await qcSetByName(store.k, 'daily')
    expect(set).toMatchObject({
      id,
      folder: '/control',
      blast_class: 'ALL',
      accuracy_mean: 95.5,
      accuracy_sd: 2.25,
      blast_mean: 33.3,
      blast_sd: 4.5
    })
    expect(await qcSetById(store.k, id)).toEqual(set)
    expect(await qcSetByName(store.k, 'none')).toBeUndefined()
    expect((await qcSets(store.k)).map((s) => s.name)).toEqual(['after', 'daily'])
    await expect(
      write(store, (trx) => insertQcSet(trx, { name: 'daily', folder: '/c', blastClass: 'ALL' }, []))
    ).rejects.toThrow(/unique/i)
    // an SD of 0 is no target
    await expect(setQcTargets(store.k, id, { blast: { mean: 1, sd: 0 } })).rejects.toThrow(/check/i)
  })

  it('keeps runs oldest first, holds a rejected one open until acknowledged, and keeps both as a record', async () => {
    const store = await open()
    const { scanId } = await seedScan(store, [{ sha256: 'a'.repeat(64), path: '/c/a.png', predicted: 'ALL' }])
    const setId = await write(store, (trx) =>
      insertQcSet(trx, { name: 'daily', folder: '/c', blastClass: 'ALL' }, [
        { path: 'a.png', expected: 'ALL' }
      ])
    )
    const good = await insertQcRun(store.k, run(setId, scanId, 0))
    const bad = await insertQcRun(store.k, run(setId, scanId, 1))
    expect(bad).toMatchObject({ set_id: setId, scan_id: scanId, correct: 6, reject: 1 })
    expect(await qcRun(store.k, bad.id)).toEqual(bad)
    expect((await qcRunsOfSet(store.k, setId)).map((r) => r.id)).toEqual([good.id, bad.id])
    expect((await openQcAlertRows(store.k)).map((a) => [a.run.id, a.set.name])).toEqual([[bad.id, 'daily']])
    // a run refers to a scan that exists
    await expect(insertQcRun(store.k, run(setId, scanId + 9, 0))).rejects.toThrow(/foreign key/i)

    const ack = await ackWithEntry(store, bad.id, 'anna')
    expect(ack).toMatchObject({ run_id: bad.id, person: 'anna', audit_entry: 1 })
    expect(await qcAckOfRun(store.k, bad.id)).toEqual(ack)
    expect(await qcAcksOfSet(store.k, setId)).toEqual([ack])
    expect(await openQcAlertRows(store.k)).toEqual([])
    // one acknowledgement per run; the chain holds the one given
    await expect(ackWithEntry(store, bad.id, 'ben')).rejects.toThrow(/unique|primary/i)
    expect((await verifyChain(store, null)).entries).toBe(1)

    await expect(sql`UPDATE qc_runs SET reject = 0`.execute(store.k)).rejects.toThrow(/cannot be changed/)
    await expect(sql`DELETE FROM qc_runs`.execute(store.k)).rejects.toThrow(/cannot be removed/)
    await expect(sql`UPDATE qc_acks SET note = 'x'`.execute(store.k)).rejects.toThrow(/cannot be changed/)
    await expect(sql`DELETE FROM qc_acks`.execute(store.k)).rejects.toThrow(/cannot be removed/)
    if (engine === 'postgres') {
      await expect(sql`TRUNCATE qc_runs CASCADE`.execute(store.k)).rejects.toThrow(/cannot be emptied/)
      await expect(sql`TRUNCATE qc_acks`.execute(store.k)).rejects.toThrow(/cannot be emptied/)
    }
  })
})
