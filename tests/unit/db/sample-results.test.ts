import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import {
  insertSampleResult,
  latestSampleResult,
  sampleResultsOfScan,
  type SampleResultRow
} from '../../../src/main/core/db/queries/sample-results'
import { write, type Store } from '../../../src/main/core/db/store'
import { verifyChain } from '../../../src/main/core/review/chain'
import { reviewLog } from '../../../src/main/core/review/log'
import { appendSignOffEntry } from '../../../src/main/core/samples/audit-entry'
import { ENGINES, useStores } from '../../helpers/engines'
import { seedScan } from '../../helpers/review-seed'

const sha = (c: string): string => c.repeat(64)

/** A result of sample p1 of the scan, its audit entry appended in the same write (as a sign-off does). */
async function signOnce(
  store: Store,
  scanId: number,
  r: { replaces: number | null; counted: number; content: string; signer?: string }
): Promise<SampleResultRow> {
  return write(store, async (trx) => {
    const entry = await appendSignOffEntry(store, trx, {
      contentSha256: sha(r.content),
      replaces: r.replaces,
      signer: r.signer ?? 'anna',
      note: `sample p1 of scan ${scanId}`
    })
    return insertSampleResult(trx, {
      scan_id: scanId,
      sample: 'p1',
      status: r.replaces === null ? 'final' : 'corrected',
      replaces: r.replaces,
      target: 100,
      counted: r.counted,
      classes: '[]',
      model_id: 'm1',
      signer: r.signer ?? 'anna',
      reason: r.counted < 100 ? 'too few cells' : null,
      signed_at: entry.createdAt,
      audit_entry: entry.id,
      content_sha256: sha(r.content)
    })
  })
}

describe.each(ENGINES)('signed sample results on %s', (engine) => {
  const open = useStores(engine)

  it('keeps each result with its chained entry; the newest is the one no correction replaces', async () => {
    const store = await open()
    const { scanId } = await seedScan(store, [
      { sha256: sha('1'), path: '/cells/p1/a.png', predicted: 'ALL' }
    ])
    expect(await latestSampleResult(store.k, scanId, 'p1')).toBeUndefined()
    const first = await signOnce(store, scanId, { replaces: null, counted: 7, content: 'a' })
    expect(first).toMatchObject({ status: 'final', replaces: null, counted: 7, reason: 'too few cells' })
    expect((await latestSampleResult(store.k, scanId, 'p1'))?.id).toBe(first.id)
    const second = await signOnce(store, scanId, {
      replaces: first.id,
      counted: 8,
      content: 'b',
      signer: 'ben'
    })
    expect((await latestSampleResult(store.k, scanId, 'p1'))?.id).toBe(second.id)
    expect(await latestSampleResult(store.k, scanId, 'p2')).toBeUndefined()
    expect((await sampleResultsOfScan(store.k, scanId)).map((r) => [r.status, r.replaces])).toEqual([
      ['final', null],
      ['corrected', first.id]
    ])
    const log = await reviewLog(store.k)
    expect(log.map((e) => [e.id, e.sha256, e.oldLabel, e.newLabel, e.reviewer])).toEqual([
      [first.audit_entry, sha('a'), null, 'signed', 'anna'],
      [second.audit_entry, sha('b'), `result ${first.id}`, 'corrected', 'ben']
    ])
    expect((await verifyChain(store, null)).ok).toBe(true)
  })

  it('writes no entry when the result is refused (one transaction), and refuses changes to a result', async () => {
    const store = await open()
    const { scanId } = await seedScan(store, [
      { sha256: sha('1'), path: '/cells/p1/a.png', predicted: 'ALL' }
    ])
    // counted 0 breaks the table's CHECK: the entry appended before it goes too
    await expect(signOnce(store, scanId, { replaces: null, counted: 0, content: 'a' })).rejects.toThrow(
      /CHECK|check constraint/
    )
    expect(await reviewLog(store.k)).toEqual([])
    const first = await signOnce(store, scanId, { replaces: null, counted: 7, content: 'a' })
    await signOnce(store, scanId, { replaces: first.id, counted: 8, content: 'b' })
    // a sample has one first result, and one result is replaced at most once
    await expect(signOnce(store, scanId, { replaces: null, counted: 9, content: 'c' })).rejects.toThrow(
      /UNIQUE|unique/
    )
    await expect(signOnce(store, scanId, { replaces: first.id, counted: 9, content: 'c' })).rejects.toThrow(
      /UNIQUE|unique/
    )
    await expect(
      store.k.updateTable('sample_results').set({ counted: 9 }).where('id', '=', first.id).execute()
    ).rejects.toThrow(/frozen/)
    await expect(store.k.deleteFrom('sample_results').execute()).rejects.toThrow(/cannot be removed/)
    if (engine === 'postgres')
      await expect(sql`TRUNCATE sample_results`.execute(store.k)).rejects.toThrow(/cannot be emptied/)
    expect(await sampleResultsOfScan(store.k, scanId)).toHaveLength(2)
    expect((await verifyChain(store, null)).ok).toBe(true)
  })
})
