import { describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src/main/core/db/database'
import * as reviewModule from '../../src/main/core/review/log'
import {
  appendReview,
  currentReview,
  reviewedLabels,
  reviewHistory,
  reviewLog
} from '../../src/main/core/review/log'
import { createScan, recordScanItems } from '../../src/main/core/scan/store'
import { storeOf } from '../helpers/scan-store'

const SHA_A = 'a'.repeat(64)
const SHA_B = 'b'.repeat(64)

async function seeded(): Promise<Database> {
  const db = openDatabase(':memory:')
  const scan = await createScan(storeOf(db).k, {
    folder: '/cells',
    recursive: false,
    modelId: 'm1',
    tta: false,
    flagThreshold: 0.8,
    backend: 'wasm'
  })
  const pred = (sha256: string, predicted: string) => ({
    sha256,
    modelId: 'm1',
    classes: ['ALL', 'HEM'],
    probabilities: predicted === 'ALL' ? [0.7, 0.3] : [0.1, 0.9],
    predicted,
    confidence: predicted === 'ALL' ? 0.7 : 0.9,
    flagged: predicted === 'ALL',
    tta: false,
    backend: 'wasm'
  })
  await recordScanItems(storeOf(db).k, scan.id, [
    { path: '/cells/a.png', sha256: SHA_A, prediction: pred(SHA_A, 'ALL') },
    { path: '/cells/b.png', sha256: SHA_B, prediction: pred(SHA_B, 'HEM') }
  ])
  return db
}

describe('review audit log', () => {
  it('records who changed which label to which, with the previous label taken from the log itself', async () => {
    const db = await seeded()
    expect(currentReview(db, SHA_A)).toBeNull()
    const first = appendReview(db, {
      sha256: SHA_A,
      label: 'HEM',
      reviewer: 'ana',
      note: 'nucleus looks mature'
    })
    expect(first).toMatchObject({
      oldLabel: 'ALL',
      newLabel: 'HEM',
      reviewer: 'ana',
      note: 'nucleus looks mature'
    })
    expect(first.predictionId).not.toBeNull()
    const second = appendReview(db, { sha256: SHA_A, label: 'ALL', reviewer: 'ben' })
    expect(second).toMatchObject({ oldLabel: 'HEM', newLabel: 'ALL', reviewer: 'ben', note: null })
    expect(currentReview(db, SHA_A)).toMatchObject({ label: 'ALL', reviewer: 'ben' })
    expect(reviewHistory(db, SHA_A).map((e) => `${e.oldLabel}→${e.newLabel}`)).toEqual(['ALL→HEM', 'HEM→ALL'])
    expect(reviewLog(db)).toHaveLength(2)
    appendReview(db, { sha256: SHA_B, label: 'HEM', reviewer: 'ana' })
    expect(reviewedLabels(db)).toEqual([
      { sha256: SHA_A, label: 'ALL', path: '/cells/a.png' },
      { sha256: SHA_B, label: 'HEM', path: '/cells/b.png' }
    ])
  })

  it('refuses a label the model does not know, an empty reviewer and a malformed hash', async () => {
    const db = await seeded()
    expect(() => appendReview(db, { sha256: SHA_A, label: 'Blast', reviewer: 'ana' })).toThrow(
      /not a class of the model \(ALL, HEM\)/
    )
    expect(() => appendReview(db, { sha256: SHA_A, label: 'HEM', reviewer: '  ' })).toThrow(/reviewer/)
    expect(() => appendReview(db, { sha256: 'xyz', label: 'HEM', reviewer: 'ana' })).toThrow(/sha256/)
    expect(reviewLog(db)).toHaveLength(0)
  })

  it('cannot be changed: the module has no edit or delete, and the database aborts UPDATE and DELETE', async () => {
    const exported = Object.keys(reviewModule).sort()
    expect(exported).toEqual([
      'ReviewError',
      'appendReview',
      'currentReview',
      'reviewHistory',
      'reviewLog',
      'reviewedLabels'
    ])
    const db = await seeded()
    const e = appendReview(db, { sha256: SHA_A, label: 'HEM', reviewer: 'ana' })
    expect(() => db.prepare('UPDATE review_log SET new_label = ? WHERE id = ?').run('ALL', e.id)).toThrow(
      /append-only/
    )
    expect(() => db.prepare('DELETE FROM review_log WHERE id = ?').run(e.id)).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM review_log').run()).toThrow(/append-only/)
    expect(() =>
      db
        .prepare(
          "INSERT OR REPLACE INTO review_log (id, sha256, new_label, reviewer, created_at) VALUES (?, ?, 'ALL', 'x', 'now')"
        )
        .run(e.id, SHA_A)
    ).toThrow(/append-only/)
    expect(reviewHistory(db, SHA_A)).toEqual([e])
  })
})
