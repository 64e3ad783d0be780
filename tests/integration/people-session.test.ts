import { afterEach, describe, expect, it } from 'vitest'
import { postgresStore } from '../../src/main/core/db/store'
import { freshPostgresDatabase } from '../helpers/engines'
import { serviceHarness, type ServiceHarness } from '../helpers/services'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const open: ServiceHarness[] = []
afterEach(() => {
  while (open.length) open.pop()!.close()
})
const harness = () => {
  const h = serviceHarness(tmp())
  open.push(h)
  return h
}

describe('who works in a session', () => {
  it('on the workstation’s own file: nobody signs in and every call answers, as before', async () => {
    const h = harness()
    expect(await h.call('session:who')).toEqual({
      engine: 'sqlite',
      place: h.dirs.db,
      signInRequired: false,
      person: null
    })
    await expect(h.call('settings:get')).resolves.toBeTruthy()
    await expect(h.call('session:signIn', { name: 'ana', password: 'x' })).rejects.toThrow(
      /nobody signs in to this workstation's own database .* the reviewer name in Settings is used/
    )
    await expect(
      h.call('signature:sign', { kind: 'sample', recordId: '1:s', meaning: 'reviewed', password: 'x' })
    ).rejects.toThrow(/electronic signatures need the lab’s shared database/)
  })

  it('on a shared database: only the session calls answer until someone signs in', async () => {
    const h = harness()
    const database = await freshPostgresDatabase()
    const sqlite = h.ctx.store
    h.ctx.store = postgresStore(database.url)
    try {
      const who = await h.call('session:who')
      expect(who).toMatchObject({ engine: 'postgres', signInRequired: true, person: null })
      expect(who.place).not.toContain('password')
      for (const refused of [h.call('settings:get'), h.call('scans:list'), h.call('queue:scans')])
        await expect(refused).rejects.toThrow(/^sign in first: postgres:\/\/.* is a shared database$/)
      await expect(h.call('session:signOut')).resolves.toMatchObject({ person: null })
    } finally {
      await h.ctx.store.close()
      h.ctx.store = sqlite
      await database.drop()
    }
  })
})
