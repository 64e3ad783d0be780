import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ariaSubset } from '../helpers/aria'
import { useTmpDirs } from '../helpers/tmp'
import { serviceHarness } from '../helpers/services'
import type { Events } from '../../src/shared/contract'

const tmp = useTmpDirs()

describe('datasets:import cancel (service layer, contract-checked)', () => {
  it('job:cancel during the reading stops the import and stores nothing; the same folder then imports in full', async () => {
    const h = serviceHarness(join(tmp(), 'data'))
    try {
      const folder = ariaSubset(join(tmp(), 'aria'), ['Benign', 'Early'], 40)
      let cancelled: boolean | undefined
      // cancel at the first progress event, as the Datasets screen's Cancel button does (job:cancel call)
      h.onEvent((name, payload) => {
        const p = payload as Events['job:progress']
        if (name === 'job:progress' && p.jobId === 'imp-1' && cancelled === undefined) {
          cancelled = false
          void h.call('job:cancel', { jobId: 'imp-1' }).then((ok) => (cancelled = ok))
        }
      })
      await expect(
        h.call('datasets:import', { jobId: 'imp-1', folder, name: 'aria', map: 'Benign=HEM,Early=ALL' })
      ).rejects.toThrow(`import of ${folder} cancelled: nothing was stored`)
      expect(cancelled).toBe(true)
      const progress = h.events
        .filter((e) => e.name === 'job:progress')
        .map((e) => (e.payload as Events['job:progress']).progress)
      expect(progress.at(-1)!.done).toBeLessThan(80) // it stopped before reading every file
      expect(await h.call('datasets:list')).toEqual([])
      expect(h.db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 0 })
      expect(h.ctx.jobs.size).toBe(0)
      expect(await h.call('job:cancel', { jobId: 'imp-1' })).toBe(false) // nothing left to cancel

      const done = await h.call('datasets:import', {
        jobId: 'imp-2',
        folder,
        name: 'aria',
        map: 'Benign=HEM,Early=ALL'
      })
      expect(done.added).toBe(80)
      expect((await h.call('datasets:list')).map((d) => d.name)).toEqual(['aria'])
    } finally {
      h.close()
    }
  }, 120_000)
})
