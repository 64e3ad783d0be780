import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Store } from '../../src/main/core/db/store'
import * as reviewModule from '../../src/main/core/review/log'
import {
  appendReview,
  currentReview,
  ReviewConflictError,
  reviewedLabels,
  reviewHistory,
  reviewLog
} from '../../src/main/core/review/log'
import { verifyChain } from '../../src/main/core/review/chain'
import { ENGINES, useStores } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'

const SHA_A = 'a'.repeat(64)
const SHA_B = 'b'.repeat(64)

async function seeded(open: () => Promise<Store>): Promise<Store> {
  const store = await open()
  await seedScan(store, [
    { sha256: SHA_A, path: '/cells/a.png', predicted: 'ALL' },
    { sha256: SHA_B, path: '/cells/b.png', predicted: 'HEM', flagged: false }
  ])
  return store
}

describe.each(ENGINES)('review audit log on %s', (engine) => {
  const open = useStores(engine)

  it('records who changed which label to which, with the previous label taken from the log itself', async () => {
    const store = await seeded(open)
    expect(await currentReview(store.k, SHA_A)).toBeNull()
    const first = await appendReview(store, {
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
    const second = await appendReview(store, { sha256: SHA_A, label: 'ALL', reviewer: 'ben' })
    expect(second).toMatchObject({ oldLabel: 'HEM', newLabel: 'ALL', reviewer: 'ben', note: null })
    expect(await currentReview(store.k, SHA_A)).toMatchObject({ label: 'ALL', reviewer: 'ben' })
    expect((await reviewHistory(store.k, SHA_A)).map((e) => `${e.oldLabel}→${e.newLabel}`)).toEqual([
      'ALL→HEM',
      'HEM→ALL'
    ])
    expect(await reviewLog(store.k)).toHaveLength(2)
    await appendReview(store, { sha256: SHA_B, label: 'HEM', reviewer: 'ana' })
    expect(await reviewedLabels(store.k)).toEqual([
      { sha256: SHA_A, label: 'ALL', path: '/cells/a.png' },
      { sha256: SHA_B, label: 'HEM', path: '/cells/b.png' }
    ])
  })

  it('refuses a label the model does not know, an empty reviewer and a malformed hash', async () => {
    const store = await seeded(open)
    await expect(appendReview(store, { sha256: SHA_A, label: 'Blast', reviewer: 'ana' })).rejects.toThrow(
      /not a class of the model \(ALL, HEM\)/
    )
    await expect(appendReview(store, { sha256: SHA_A, label: 'HEM', reviewer: '  ' })).rejects.toThrow(
      /reviewer/
    )
    await expect(appendReview(store, { sha256: 'xyz', label: 'HEM', reviewer: 'ana' })).rejects.toThrow(
      /sha256/
    )
    expect(await reviewLog(store.k)).toHaveLength(0)
  })

  it('tells the second of two reviewers of the first decision, and overwrites nothing unless resubmitted', async () => {
    const store = await seeded(open)
    // Both open the cell while it has no review; ana decides first.
    const seen = (await currentReview(store.k, SHA_A))?.entryId ?? null
    const ana = await appendReview(store, { sha256: SHA_A, label: 'HEM', reviewer: 'ana', seenEntryId: seen })
    const late = appendReview(store, { sha256: SHA_A, label: 'ALL', reviewer: 'ben', seenEntryId: seen })
    await expect(late).rejects.toThrow(ReviewConflictError)
    await expect(late).rejects.toThrow(
      `ana recorded HEM for this image at ${ana.createdAt} (entry #${ana.id}), after the decision you saw: ` +
        "yours was not stored; review again to record it over ana's."
    )
    expect((await reviewLog(store.k)).map((e) => e.reviewer)).toEqual(['ana'])
    // Ben has now seen ana's decision and records his over it, deliberately.
    const ben = await appendReview(store, {
      sha256: SHA_A,
      label: 'ALL',
      reviewer: 'ben',
      seenEntryId: ana.id
    })
    expect(ben).toMatchObject({ oldLabel: 'HEM', newLabel: 'ALL', reviewer: 'ben' })
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 2 })
  })

  it('cannot be changed: the module has no edit or delete, and the database aborts UPDATE and DELETE', async () => {
    const exported = Object.keys(reviewModule).sort()
    expect(exported).toEqual([
      'REVIEW_LOG_LOCK',
      'ReviewConflictError',
      'ReviewError',
      'appendChained',
      'appendReview',
      'appendReviewIn',
      'currentReview',
      'reviewHistory',
      'reviewLog',
      'reviewedLabels'
    ])
    const store = await seeded(open)
    const e = await appendReview(store, { sha256: SHA_A, label: 'HEM', reviewer: 'ana' })
    await expect(
      store.k.updateTable('review_log').set({ new_label: 'ALL' }).where('id', '=', e.id).execute()
    ).rejects.toThrow(/append-only/)
    await expect(store.k.deleteFrom('review_log').where('id', '=', e.id).execute()).rejects.toThrow(
      /append-only/
    )
    await expect(store.k.deleteFrom('review_log').execute()).rejects.toThrow(/append-only/)
    const replace =
      engine === 'sqlite'
        ? sql`INSERT OR REPLACE INTO review_log (id, sha256, new_label, reviewer, created_at) VALUES (${e.id}, ${SHA_A}, 'ALL', 'x', 'now')`
        : sql`INSERT INTO review_log (id, sha256, new_label, reviewer, created_at) VALUES (${e.id}, ${SHA_A}, 'ALL', 'x', 'now')
              ON CONFLICT (id) DO UPDATE SET new_label = 'ALL'`
    await expect(replace.execute(store.k)).rejects.toThrow(/append-only/)
    expect(await reviewHistory(store.k, SHA_A)).toEqual([e])
  })
})
