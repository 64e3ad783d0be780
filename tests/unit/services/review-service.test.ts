import { describe, expect, it } from 'vitest'
import { sqliteStore } from '../../../src/main/core/db/store'
import { openDatabase } from '../../../src/main/core/db/database'
import { createScan, recordScanItems } from '../../../src/main/core/scan/store'
import { reviewHistory } from '../../../src/main/core/review/log'
import { submitReview, submitReviews, undoReview } from '../../../src/main/services/review'
import { compareVersions } from '../../../src/main/services/researcher'
import { updateSettings } from '../../../src/main/services/settings'
import { queryPredictions } from '../../../src/main/services/scans'
import { Jobs } from '../../../src/main/services/jobs'
import { SaveTargets } from '../../../src/main/services/save-targets'
import type { ServiceContext } from '../../../src/main/services/context'
import { dataDir } from '../../../src/main/core/paths'
import { edgeConfig } from '../../../src/main/services/config'
import { SessionState } from '../../../src/main/services/session-state'
import { storeOf } from '../../helpers/scan-store'

const sha = (c: string) => c.repeat(64)

/** One scan of three cells by model m1; cells a and b were also seen by model m2 (b with another answer). */
async function context(): Promise<{ ctx: ServiceContext; scanId: number }> {
  const db = openDatabase(':memory:')
  // Test fixture rows (no SQL of the app): a backbone and the two versions the predictions name.
  db.prepare(
    `INSERT INTO backbones (name, kind, sha256, files, dir, preprocessing, feature_dim, params, source, created_at)
     VALUES ('b', 'tfjs-layers', 'b', '[]', 'x', '{}', 4, 1, 's', 't')`
  ).run()
  for (const id of ['m1', 'm2'])
    db.prepare(
      `INSERT INTO models (id, name, source, backbone_id, feature_dim, classes, preprocessing, backend, dir, active, created_at)
       VALUES (?, ?, 'trained', 1, 4, '["ALL","HEM"]', '{}', 'wasm', ?, 0, 't')`
    ).run(id, `model ${id}`, id)
  const pred = (s: string, modelId: string, predicted: string, confidence: number) => ({
    sha256: s,
    modelId,
    classes: ['ALL', 'HEM'],
    probabilities: predicted === 'ALL' ? [confidence, 1 - confidence] : [1 - confidence, confidence],
    predicted,
    confidence,
    flagged: confidence < 0.8,
    tta: false,
    backend: 'wasm'
  })
  const scan = await createScan(storeOf(db).k, {
    folder: '/cells',
    recursive: false,
    modelId: 'm1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  await recordScanItems(storeOf(db).k, scan.id, [
    { path: '/cells/a.bmp', sha256: sha('a'), prediction: pred(sha('a'), 'm1', 'ALL', 0.9) },
    { path: '/cells/b.bmp', sha256: sha('b'), prediction: pred(sha('b'), 'm1', 'HEM', 0.72) },
    { path: '/cells/c.bmp', sha256: sha('c'), prediction: pred(sha('c'), 'm1', 'HEM', 0.95) }
  ])
  const other = await createScan(storeOf(db).k, {
    folder: '/cells',
    recursive: false,
    modelId: 'm2',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  await recordScanItems(storeOf(db).k, other.id, [
    { path: '/cells/a.bmp', sha256: sha('a'), prediction: pred(sha('a'), 'm2', 'ALL', 0.8) },
    { path: '/cells/b.bmp', sha256: sha('b'), prediction: pred(sha('b'), 'm2', 'ALL', 0.61) }
  ])
  const dialogs = { open: async () => [], save: async () => null }
  const ctx: ServiceContext = {
    db,
    store: sqliteStore(db),
    dirs: dataDir('/nonexistent-leukolens-test'),
    // No reviewer from flags or environment: the stored setting decides.
    edge: edgeConfig({ dataDir: '/nonexistent-leukolens-test' }, {}, '/nonexistent-leukolens-test'),
    version: 'test',
    jobs: new Jobs(),
    dialogs,
    saveTargets: new SaveTargets(),
    state: new SessionState(),
    emit: () => undefined
  }
  return { ctx, scanId: scan.id }
}

describe('review services', () => {
  it('refuses a review until a reviewer name is set, never recording a placeholder', async () => {
    const { ctx } = await context()
    await expect(submitReview(ctx, { sha256: sha('a'), label: 'ALL' })).rejects.toThrow(/enter your name/)
    expect(await reviewHistory(ctx.store.k, sha('a'))).toEqual([])
  })

  it('relabels several cells in one transaction and refuses the whole batch on one bad label', async () => {
    const { ctx, scanId } = await context()
    await updateSettings(ctx, { reviewer: 'Dr Ana' })
    await expect(
      submitReviews(ctx, {
        items: [
          { sha256: sha('a'), label: 'HEM' },
          { sha256: sha('b'), label: 'T-cell' }
        ]
      })
    ).rejects.toThrow(/not a class/)
    expect(await reviewHistory(ctx.store.k, sha('a'))).toEqual([])
    const states = await submitReviews(ctx, {
      items: ['a', 'b', 'c'].map((c) => ({ sha256: sha(c), label: 'ALL' }))
    })
    expect(states.map((s) => `${s.label} ${s.reviewer}`)).toEqual(['ALL Dr Ana', 'ALL Dr Ana', 'ALL Dr Ana'])
    // the final label, not the model's answer, is what the final-label filter sees
    expect((await queryPredictions(ctx, { scanId, finalLabel: 'ALL' })).total).toBe(3)
    expect((await queryPredictions(ctx, { scanId, predicted: 'ALL' })).total).toBe(1)
  })

  it('undoes by appending an entry that restores the previous label; both entries stay in the log', async () => {
    const { ctx } = await context()
    await updateSettings(ctx, { reviewer: 'Dr Ana' })
    await expect(undoReview(ctx, sha('c'))).rejects.toThrow(/no review to undo/)
    await submitReview(ctx, { sha256: sha('c'), label: 'ALL' })
    const restored = await undoReview(ctx, sha('c'))
    expect(restored.label).toBe('HEM')
    const log = await reviewHistory(ctx.store.k, sha('c'))
    expect(log.map((e) => `${e.oldLabel}→${e.newLabel}`)).toEqual(['HEM→ALL', 'ALL→HEM'])
    expect(log[1].note).toBe(`undo of entry #${log[0].id} (ALL → HEM)`)
  })

  it('compares two versions on one scan: disagreements with both answers, and images one version never saw', async () => {
    const { ctx, scanId } = await context()
    const c = await compareVersions(ctx, { scanId, a: 'm1', b: 'm2' })
    expect(c).toMatchObject({ both: 2, agree: 1, missingA: 0, missingB: 1 })
    expect(c.disagreements).toEqual([
      {
        path: '/cells/b.bmp',
        sha256: sha('b'),
        a: { predicted: 'HEM', confidence: 0.72, flagged: true },
        b: { predicted: 'ALL', confidence: 0.61, flagged: true },
        reviewed: null
      }
    ])
    await expect(compareVersions(ctx, { scanId, a: 'm1', b: 'nope' })).rejects.toThrow()
  })
})
