import { describe, expect, it } from 'vitest'
import { addUser } from '../../../src/main/core/people/users'
import { verifyChain } from '../../../src/main/core/review/chain'
import { reviewLog } from '../../../src/main/core/review/log'
import {
  offerCredentials,
  requireRole,
  signAs,
  signaturesAs,
  storeView
} from '../../../src/main/services/people'
import { submitReview } from '../../../src/main/services/review'
import { updateSettings } from '../../../src/main/services/settings'
import { ENGINES, useStores } from '../../helpers/engines'
import { seedScan } from '../../helpers/review-seed'
import { serviceHarness, type ServiceHarness } from '../../helpers/services'
import { useTmpDirs } from '../../helpers/tmp'

const tmp = useTmpDirs()
const SHA = 'a'.repeat(64)
const CONTENT = 'd'.repeat(64)

describe.each(ENGINES)('people in the service layer on %s', (engine) => {
  const open = useStores(engine)

  /** The real services over a fresh data folder, their store the engine's (SQLite: the folder's own file). */
  async function services(): Promise<ServiceHarness> {
    const h = serviceHarness(tmp())
    if (engine === 'postgres') h.ctx.store = await open()
    await seedScan(h.ctx.store, [{ sha256: SHA, path: '/cells/a.png', predicted: 'ALL' }])
    return h
  }

  it('without users, a workstation reviews as before; a shared database asks who works', async () => {
    const h = await services()
    try {
      updateSettings(h.ctx, { reviewer: 'Dr Ana' })
      if (engine === 'sqlite') {
        expect(await requireRole(h.ctx, 'review')).toBeUndefined()
        expect(await submitReview(h.ctx, { sha256: SHA, label: 'HEM' })).toMatchObject({ reviewer: 'Dr Ana' })
      } else {
        await expect(submitReview(h.ctx, { sha256: SHA, label: 'HEM' })).rejects.toThrow(
          'sign in to review: name yourself with --user NAME or LEUKOLENS_USER'
        )
        expect(await reviewLog(h.ctx.store.k)).toEqual([])
      }
      expect(await storeView(h.ctx)).toMatchObject({
        engine,
        signInRequired: engine === 'postgres',
        person: null
      })
    } finally {
      h.close()
    }
  })

  it('a signed-in technician reviews under their own name and may not sign; a reviewer signs', async () => {
    const h = await services()
    try {
      await addUser(h.ctx.store, { name: 'tom', role: 'technician', password: 'tech password' })
      await addUser(h.ctx.store, { name: 'ana', role: 'reviewer', password: 'ana password' })
      // A wrong password is found when a call first needs the person, and nothing is done.
      offerCredentials(h.ctx, { name: 'tom', password: async () => 'not it' })
      await expect(submitReview(h.ctx, { sha256: SHA, label: 'HEM' })).rejects.toThrow(
        'wrong user name or password for "tom": nothing was done'
      )
      offerCredentials(h.ctx, { name: 'tom', password: async () => 'tech password' })
      expect(await submitReview(h.ctx, { sha256: SHA, label: 'HEM' })).toMatchObject({ reviewer: 'tom' })
      const sign = { kind: 'sample', recordId: 'S-9', meaning: 'approved' as const, contentSha256: CONTENT }
      await expect(signAs(h.ctx, { ...sign, password: 'tech password' })).rejects.toThrow(
        'tom is a technician: to sign needs the reviewer role; nothing was done'
      )
      offerCredentials(h.ctx, { name: 'ana', password: async () => 'ana password' })
      await expect(signAs(h.ctx, { ...sign, password: 'wrong again' })).rejects.toThrow(
        /wrong user name or password/
      )
      const s = await signAs(h.ctx, { ...sign, password: 'ana password' })
      expect(s).toMatchObject({ person: 'ana', role: 'reviewer', meaning: 'approved', recordId: 'S-9' })
      expect(await signaturesAs(h.ctx, 'sample', 'S-9')).toEqual([s])
      expect((await reviewLog(h.ctx.store.k)).map((e) => `${e.reviewer} ${e.newLabel}`)).toEqual([
        'tom HEM',
        'ana approved'
      ])
      expect(await verifyChain(h.ctx.store)).toMatchObject({ ok: true, entries: 2 })
    } finally {
      h.close()
    }
  })
})
