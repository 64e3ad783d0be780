import { describe, expect, it } from 'vitest'
import {
  addUser,
  authenticate,
  createFirstAdmin,
  disableUser,
  listUsers,
  parseRole,
  SignInError
} from '../../src/main/core/people/users'
import { signaturesOfRecord, signatureSubject, signRecord } from '../../src/main/core/people/signatures'
import { verifyChain } from '../../src/main/core/review/chain'
import { appendReview, reviewLog } from '../../src/main/core/review/log'
import { ENGINES, useStores } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'

const CONTENT = 'd'.repeat(64)
const sample = { kind: 'sample', id: 'S-9', contentSha256: CONTENT }

describe.each(ENGINES)('users and signatures on %s', (engine) => {
  const open = useStores(engine)

  it('stores a scrypt hash with its own salt and parameters, never the password', async () => {
    const store = await open()
    await addUser(store, { name: 'Ana', role: 'reviewer', password: 'correct horse' })
    await addUser(store, { name: 'ben', role: 'reviewer', password: 'correct horse' })
    const rows = await store.k.selectFrom('users').selectAll().orderBy('id').execute()
    expect(JSON.parse(rows[0].password_params)).toEqual({
      algorithm: 'scrypt',
      N: 32768,
      r: 8,
      p: 1,
      keylen: 64
    })
    expect(rows[0].password_salt).not.toBe(rows[1].password_salt)
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash)
    expect(JSON.stringify(rows)).not.toContain('correct horse')
    await expect(
      addUser(store, { name: 'ANA', role: 'technician', password: 'another one' })
    ).rejects.toThrow('a user named Ana exists already')
    await expect(addUser(store, { name: 'cy', role: 'admin', password: 'short' })).rejects.toThrow(
      'the password for cy is too short: use at least 8 characters'
    )
    expect(() => parseRole('boss')).toThrow(
      '"boss" is not a role: use one of technician, reviewer, researcher, admin'
    )
    expect((await listUsers(store)).map((u) => `${u.name} ${u.role}`)).toEqual([
      'Ana reviewer',
      'ben reviewer'
    ])
  })

  it('signs in with the right password only, and never a disabled user', async () => {
    const store = await open()
    await addUser(store, { name: 'ana', role: 'technician', password: 'correct horse' })
    expect(await authenticate(store, 'Ana', 'correct horse')).toMatchObject({
      name: 'ana',
      role: 'technician'
    })
    await expect(authenticate(store, 'ana', 'wrong horse')).rejects.toThrow(
      'wrong user name or password for "ana": nothing was done'
    )
    await expect(authenticate(store, 'nobody', 'correct horse')).rejects.toThrow(SignInError)
    await disableUser(store, 'ana')
    await expect(authenticate(store, 'ana', 'correct horse')).rejects.toThrow(
      'ana is disabled: ask an admin; nothing was done'
    )
  })

  it('creates the first admin once: a second start cannot mint another', async () => {
    const store = await open()
    expect(await createFirstAdmin(store, 'root', 'first admin pw')).toMatchObject({ role: 'admin' })
    await expect(createFirstAdmin(store, 'other', 'second admin pw')).rejects.toThrow(/has users already/)
    expect(await listUsers(store)).toHaveLength(1)
  })

  it('refuses a signature with a wrong password (nothing written); the right one is a chained entry', async () => {
    const store = await open()
    await seedScan(store, [{ sha256: 'a'.repeat(64), path: '/c/a.png', predicted: 'ALL' }])
    await addUser(store, { name: 'ana', role: 'reviewer', password: 'correct horse' })
    await addUser(store, { name: 'tom', role: 'technician', password: 'tech password' })
    await appendReview(store, { sha256: 'a'.repeat(64), label: 'HEM', reviewer: 'ana' })
    await expect(
      signRecord(store, { ...sample, user: 'ana', password: 'wrong horse', meaning: 'approved' })
    ).rejects.toThrow('wrong user name or password for "ana": nothing was done')
    await expect(
      signRecord(store, { ...sample, user: 'tom', password: 'tech password', meaning: 'approved' })
    ).rejects.toThrow('tom is a technician: signing needs the reviewer role; nothing was signed')
    expect(await store.k.selectFrom('signatures').selectAll().execute()).toEqual([])
    expect(await reviewLog(store.k)).toHaveLength(1)

    const s = await signRecord(store, {
      ...sample,
      user: 'ana',
      password: 'correct horse',
      meaning: 'approved'
    })
    expect(s).toMatchObject({ user: 'ana', meaning: 'approved', kind: 'sample', recordId: 'S-9' })
    const entry = (await reviewLog(store.k)).find((e) => e.id === s.logEntryId)
    expect(entry).toMatchObject({
      reviewer: 'ana',
      newLabel: 'approved',
      sha256: signatureSubject('sample', 'S-9', CONTENT),
      note: `signed approved: sample S-9 (content sha256 ${CONTENT})`,
      createdAt: s.createdAt
    })
    expect(await signaturesOfRecord(store, 'sample', 'S-9')).toEqual([s])
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 2 })
    // The signature row cannot be changed afterwards.
    await expect(store.k.updateTable('signatures').set({ meaning: 'reviewed' }).execute()).rejects.toThrow(
      /signatures are a record/
    )
  })
})

describe('the first admin of a lab server', () => {
  it('is made in the new database after the start, and only once', async () => {
    const { PostgresUrl } = await import('../../src/main/core/server/url')
    const { firstAdminAfterStart } = await import('../../src/main/core/people/first-admin')
    const { postgresStore } = await import('../../src/main/core/db/postgres/store')
    const { freshPostgresDatabase } = await import('../helpers/engines')
    const database = await freshPostgresDatabase()
    try {
      const url = PostgresUrl.parse(database.url, 'the test database')
      const made: string[] = []
      await firstAdminAfterStart('hana', 'first admin pw', (u) => made.push(`${u.name} ${u.role}`))(url)
      expect(made).toEqual(['hana admin'])
      await expect(firstAdminAfterStart('other', 'second admin pw')(url)).rejects.toThrow(/has users already/)
      const store = postgresStore(database.url)
      try {
        expect((await authenticate(store, 'hana', 'first admin pw')).role).toBe('admin')
      } finally {
        await store.close()
      }
    } finally {
      await database.drop()
    }
  })
})
