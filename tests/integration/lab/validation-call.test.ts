import { describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { serviceHarness } from '../../helpers/services'
import { storeScan } from '../../helpers/stored-scan'
import { useTmpDirs } from '../../helpers/tmp'

/** The window's validation calls, through the dispatcher (arguments checked against the contract). */
describe('validation:study and validation:report', () => {
  const tmp = useTmpDirs()

  it('answers the study and writes the report where the save dialog pointed', async () => {
    const dir = tmp()
    const h = serviceHarness(join(dir, 'data'))
    try {
      const folder = join(dir, 'slides')
      const preds = ['a', 'b', 'c'].flatMap((s, k) =>
        [0, 1, 2].map((i) => ({ path: join(folder, s, `c${i}.png`), predicted: i <= k ? 'ALL' : 'HEM' }))
      )
      const scanId = await storeScan(h.db, folder, preds)
      const counts = join(dir, 'counts.csv')
      writeFileSync(counts, 'sample,cells,blasts\na,100,30\nb,100,70\nc,100,95\n')
      const s = await h.call('validation:study', { scanId, counts })
      expect(s.agreement).toBeNull()
      expect(s.samples.map((x) => [x.sample, x.test.k, x.reference.k])).toEqual([
        ['a', 1, 30],
        ['b', 2, 70],
        ['c', 3, 95]
      ])
      expect('blandAltman' in s.methods).toBe(true)
      await expect(h.call('validation:study', { scanId })).rejects.toThrow(/give the reference/)
      await expect(h.call('validation:study', { scanId, counts, extra: 1 } as never)).rejects.toThrow(
        /unknown field/
      )
      const out = join(dir, 'v.html')
      const saveToken = h.ctx.saveTargets.issue(out)
      expect(await h.call('validation:report', { scanId, counts, saveToken })).toBe(out)
    } finally {
      h.close()
    }
  })
})
