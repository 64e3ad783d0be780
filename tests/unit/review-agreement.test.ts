import { describe, expect, it } from 'vitest'
import { agreementOf, formatAgreement, modelAgreement } from '../../src/main/core/review/agreement'
import { appendReview } from '../../src/main/core/review/log'
import { ENGINES, useStores } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'

const sha = (i: number): string => i.toString(16).padStart(64, '0')

describe("reviewers' agreement with a version in use", () => {
  it('counts flagged and unflagged answers apart, with Wilson intervals, and keeps one point per day', () => {
    const a = agreementOf('m', [
      { label: 'ALL', predicted: 'ALL', flagged: 0, reviewedAt: '2026-12-01T09:00:00Z' },
      { label: 'HEM', predicted: 'ALL', flagged: 1, reviewedAt: '2026-12-01T10:00:00Z' },
      { label: 'ALL', predicted: 'ALL', flagged: 1, reviewedAt: '2026-12-02T08:00:00Z' },
      { label: 'HEM', predicted: 'ALL', flagged: 0, reviewedAt: '2026-12-02T09:00:00Z' }
    ])
    expect(a.flagged).toMatchObject({ agree: 1, reviewed: 2, rate: 0.5 })
    expect(a.unflagged).toMatchObject({ agree: 1, reviewed: 2, rate: 0.5 })
    // Wilson 95% interval of 1 of 2: 0.0945–0.9055.
    expect(a.unflagged.low).toBeCloseTo(0.0945, 4)
    expect(a.unflagged.high).toBeCloseTo(0.9055, 4)
    expect(
      a.history.map((h) => [h.date, h.flagged.reviewed, h.unflagged.reviewed, h.unflagged.rate])
    ).toEqual([
      ['2026-12-01', 1, 1, 1],
      ['2026-12-02', 2, 2, 0.5]
    ])
    expect(formatAgreement(a)).toMatch(
      /flagged: 1 of 2 kept \(50\.0%, 95% CI 9\.5–90\.5%\); unflagged: 1 of 2 kept .*silent error rate 50\.0%/
    )
  })
})

describe.each(ENGINES)("reviewers' agreement from the log on %s", (engine) => {
  const open = useStores(engine)

  it("follows every review from the log, by this version's answers only", async () => {
    const store = await open()
    const cell = (i: number, modelId: string, predicted: string, flagged: boolean) => ({
      path: `/f/${modelId}-${i}.jpg`,
      sha256: sha(i),
      modelId,
      predicted,
      flagged
    })
    await seedScan(store, [
      cell(1, 'm', 'ALL', false),
      cell(2, 'm', 'ALL', false),
      cell(3, 'm', 'HEM', true),
      cell(4, 'other', 'ALL', false)
    ])
    const review = (i: number, label: string) => appendReview(store, { sha256: sha(i), label, reviewer: 'R' })
    expect(await modelAgreement(store.k, 'm')).toMatchObject({
      flagged: { reviewed: 0 },
      unflagged: { reviewed: 0 }
    })
    await review(1, 'ALL')
    await review(2, 'HEM')
    await review(3, 'HEM')
    await review(4, 'HEM') // another version's answer: not counted
    let a = await modelAgreement(store.k, 'm')
    expect(a.unflagged).toMatchObject({ agree: 1, reviewed: 2 })
    expect(a.flagged).toMatchObject({ agree: 1, reviewed: 1 })
    // A second thought on image 2 counts once, by its newest label.
    await review(2, 'ALL')
    a = await modelAgreement(store.k, 'm')
    expect(a.unflagged).toMatchObject({ agree: 2, reviewed: 2 })
    expect(a.history).toHaveLength(1)
  })
})
