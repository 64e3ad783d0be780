import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/core/db/database'
import { readControlSet } from '../../../src/main/core/qc/control-set'
import { acknowledgeQcRun, addControlSet, recordQcRun } from '../../../src/main/core/qc/record'
import { verifyChain } from '../../../src/main/core/review/chain'
import { addReviewedToDataset } from '../../../src/main/core/review/to-dataset'
import { appendReview, reviewLog, reviewedLabels } from '../../../src/main/core/review/log'
import { isSignOffEntry } from '../../../src/main/core/samples/audit-entry'
import { differentialCells } from '../../../src/main/core/samples/differential'
import { differentialView, signSample, signedResultOf } from '../../../src/main/core/samples/sign'
import { getScan } from '../../../src/main/core/scan/store'
import { collectStudyItems } from '../../../src/main/core/validation/collect'
import { UNIDENTIFIED } from '../../../src/shared/differential'
import { ENGINES, useStores } from '../../helpers/engines'
import { storeOf } from '../../helpers/scan-store'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/**
 * Signing a counted differential on a real database: the gate, the frozen result, the corrected result that links
 * to the one it replaces, and both in the audit log's hash chain.
 */
describe('sample sign-off', () => {
  const tmp = useTmpDirs()

  /** Sample p1: 6 cells (one flagged, one unfamiliar); sample p2: 1 cell. */
  async function setup() {
    const dir = tmp()
    const db = openDatabase(join(dir, 'leukolens.db'))
    const store = storeOf(db)
    const folder = join(dir, 'slides')
    const scanId = await storeScan(store, folder, [
      ...[0, 1, 2, 3].map((i) => ({
        path: join(folder, 'p1', `c${i}.png`),
        predicted: i < 1 ? 'ALL' : 'HEM'
      })),
      { path: join(folder, 'p1', 'c4.png'), predicted: 'ALL', flagged: true },
      { path: join(folder, 'p1', 'c5.png'), predicted: 'HEM', ood: true },
      { path: join(folder, 'p2', 'c0.png'), predicted: 'HEM' }
    ])
    const scan = (await getScan(store.k, scanId))!
    const cells = (await differentialCells(store, scan)).cells.filter((c) => c.sample === 'p1')
    const classify = (i: number, label: string) =>
      appendReview(store, {
        sha256: cells[i].sha256,
        label,
        reviewer: 'anna',
        predictionId: cells[i].predictionId
      })
    const view = (sample: string, target: number) => differentialView(store, scan, sample, target)
    const signed = () => signedResultOf(store, scan, 'p1')
    return { dir, db, store, scan, cells, classify, view, signed }
  }

  it("counts only cells with a person's class, the unfamiliar one included once classed", async () => {
    const { db, store, scan, classify, view } = await setup()
    let v = await view('p1', 5)
    expect(v).toMatchObject({ counted: 0, cells: 6, unfamiliar: 1, flagged: 2, flaggedUnreviewed: 2 })
    await classify(5, UNIDENTIFIED)
    await classify(0, 'ALL')
    v = await view('p1', 5)
    expect(v.counted).toBe(2)
    expect(v.classes.map((c) => [c.name, c.count])).toEqual([
      ['ALL', 1],
      ['HEM', 0],
      [UNIDENTIFIED, 1]
    ])
    expect(v.keys.map((k) => k.key + k.label)).toEqual(['1ALL', '2HEM', '3unidentified'])
    // a validation against reviews has no reference class for the unidentified cell
    expect(
      (await collectStudyItems(store, scan.id, { reviewed: true })).items.map((i) => i.reference)
    ).toEqual(['ALL'])
    // nor a label to train on
    const added = await addReviewedToDataset(store, {
      dataset: 'reviewed',
      scanId: scan.id,
      create: true
    })
    expect(added.skipped.filter((x) => x.reason === 'classed unidentified: it has no class')).toHaveLength(1)
    db.close()
  })

  it('refuses early and with a flagged cell unreviewed, signs when complete, and freezes what it signed', async () => {
    const { db, store, scan, classify } = await setup()
    for (const i of [0, 1, 2]) await classify(i, i === 0 ? 'ALL' : 'HEM')
    const sign = (reason?: string) =>
      signSample(store, { scan, sample: 'p1', signer: 'anna', target: 5, reason })
    await expect(sign()).rejects.toThrow(
      'Sample p1 of scan 1 cannot be signed: 3 of 5 cells counted: count 2 more, or state why the count stops short; 2 of 2 flagged cells are not reviewed yet.'
    )
    await classify(4, 'HEM')
    await classify(5, UNIDENTIFIED)
    const first = await sign()
    expect(first).toMatchObject({ status: 'final', replaces: null, counted: 5, target: 5, reason: null })
    expect(
      first.classes.map((c) => [c.name, c.count, Number(c.low.toFixed(2)), Number(c.high.toFixed(2))])
    ).toEqual([
      ['ALL', 1, 3.62, 62.45],
      ['HEM', 3, 23.07, 88.24],
      [UNIDENTIFIED, 1, 3.62, 62.45]
    ])
    await expect(sign()).rejects.toThrow(
      'it is signed already (result 1) and no review has changed its counts since'
    )
    expect(() => db.prepare('UPDATE sample_results SET counted = 9').run()).toThrow(/frozen/)
    expect(() => db.prepare('DELETE FROM sample_results').run()).toThrow(/cannot be removed/)
    db.close()
  })

  it('a later review makes a corrected, re-signed result that replaces the first; both are in the verified chain', async () => {
    const { db, store, scan, classify, view: viewOf, signed } = await setup()
    for (const i of [0, 1, 2, 3, 4, 5]) await classify(i, i === 0 ? 'ALL' : 'HEM')
    const first = await signSample(store, {
      scan,
      sample: 'p1',
      signer: 'anna',
      target: 100,
      reason: 'too few cells'
    })
    expect(first.reason).toBe('too few cells')
    await classify(1, 'ALL')
    const view = await viewOf('p1', 100)
    expect(view.changedSinceSigned).toBe(true)
    // the signed result did not move with the review
    expect((await signed()).classes[0].count).toBe(1)
    const second = await signSample(store, {
      scan,
      sample: 'p1',
      signer: 'ben',
      target: 100,
      reason: 'too few cells'
    })
    expect(second).toMatchObject({ status: 'corrected', replaces: first.id, signer: 'ben' })
    expect(second.classes[0].count).toBe(2)
    expect((await signed()).id).toBe(second.id)

    const log = await reviewLog(store.k)
    const signOffs = log.filter((e) => e.predictionId === null)
    expect(signOffs.map((e) => [e.id, e.oldLabel, e.newLabel, e.reviewer, e.sha256])).toEqual([
      [first.auditEntry, null, 'signed', 'anna', first.contentSha256],
      [second.auditEntry, `result ${first.id}`, 'corrected', 'ben', second.contentSha256]
    ])
    expect(signOffs[1].note).toContain(
      'sample p1 of scan 1 corrected (replaces result 1): 6 of 100 cells; ALL 2 of 6'
    )
    expect((await verifyChain(store, null)).ok).toBe(true)
    // a sign-off is no image: the log's labels know it as one, so a dataset never takes it for a label
    expect((await reviewedLabels(store.k)).filter(isSignOffEntry)).toHaveLength(2)
    // the database refuses a second correction of the same result (one result replaces another at most once)
    expect(() =>
      db
        .prepare(
          `INSERT INTO sample_results (scan_id, sample, status, replaces, target, counted, classes, model_id, signer,
             signed_at, audit_entry, content_sha256) VALUES (1, 'p1', 'corrected', ?, 100, 6, '[]', 'm-1', 'x', 'now', 1, ?)`
        )
        .run(first.id, 'a'.repeat(64))
    ).toThrow(/UNIQUE/)
    db.close()
  })

  it('is refused while a rejected QC run is not acknowledged, and an unsigned sample has nothing to export', async () => {
    const { dir, db, store, scan, classify, view, signed } = await setup()
    for (const i of [0, 1, 2, 3, 4, 5]) await classify(i, 'HEM')
    await expect(signed()).rejects.toThrow(
      'sample p1 of scan 1 is not signed: only a signed result leaves for the LIS'
    )
    const control = join(dir, 'control', 'ALL')
    mkdirSync(control, { recursive: true })
    writeFileSync(join(control, 'c.png'), 'x')
    await addControlSet(
      store,
      { name: 'daily', folder: join(dir, 'control'), blastClass: 'ALL' },
      readControlSet(join(dir, 'control'))
    )
    const run = await recordQcRun(store, 'daily', await storeScan(store, join(dir, 'control'), []), 'm-1')
    const sign = () => signSample(store, { scan, sample: 'p1', signer: 'anna', target: 6 })
    await expect(sign()).rejects.toThrow(
      `quality control run ${run.id} of daily is rejected and not acknowledged`
    )
    await acknowledgeQcRun(store, run.id, 'anna', 'control slide replaced')
    expect((await sign()).status).toBe('final')
    // The acknowledgement and the sign-off are entries of the log, no images: nothing to add to a dataset, or skip.
    const added = await addReviewedToDataset(store, { dataset: 'reviewed', create: true })
    expect(added.skipped.filter((x) => x.path === null)).toEqual([])
    await expect(view('p9', 6)).rejects.toThrow('scan 1 has no sample "p9" (its samples: p1, p2)')
    db.close()
  })
})

describe.each(ENGINES)('signing one sample at once on %s', (engine) => {
  const open = useStores(engine)

  it('makes one result: the second signer is told it is signed, and the chain holds one sign-off', async () => {
    const store = await open()
    const scanId = await storeScan(store, '/slides', [
      { path: '/slides/p1/c0.png', predicted: 'ALL' },
      { path: '/slides/p1/c1.png', predicted: 'HEM' }
    ])
    const scan = (await getScan(store.k, scanId))!
    for (const c of (await differentialCells(store, scan)).cells)
      await appendReview(store, {
        sha256: c.sha256,
        label: c.predicted,
        reviewer: 'anna',
        predictionId: c.predictionId
      })
    const sign = (signer: string) =>
      signSample(store, { scan, sample: 'p1', signer, target: 100, reason: 'too few cells' })
    const outcomes = await Promise.allSettled([sign('anna'), sign('ben')])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(String(refused.reason)).toContain('it is signed already (result 1)')
    const signOffs = (await reviewLog(store.k)).filter((e) => e.newLabel === 'signed')
    expect(signOffs).toHaveLength(1)
    expect((await verifyChain(store, null)).ok).toBe(true)
  })
})
