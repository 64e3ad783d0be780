import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { postgresStore } from '../../src/main/core/db/postgres/store'
import { sqliteStore, type Engine } from '../../src/main/core/db/store'
import { dataDir } from '../../src/main/core/paths'
import { runCliInput } from '../helpers/cli'
import { ENGINES, freshPostgresDatabase } from '../helpers/engines'
import { seedScan } from '../helpers/review-seed'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const SHA = 'e'.repeat(64)
const CONTENT = 'd'.repeat(64)

/** A data folder whose records live in the engine's store (its own SQLite file, or a new shared database). */
async function storeWithOneCell(
  engine: Engine
): Promise<{ root: string; base: string[]; end(): Promise<void> }> {
  const dirs = dataDir(tmp())
  const cell = [{ sha256: SHA, path: '/cells/a.png', predicted: 'ALL' }]
  if (engine === 'sqlite') {
    const db = openDatabase(dirs.db)
    await seedScan(sqliteStore(db), cell)
    db.close()
    return { root: dirs.root, base: ['--data-dir', dirs.root], end: async () => undefined }
  }
  const database = await freshPostgresDatabase()
  const store = postgresStore(database.url)
  await seedScan(store, cell)
  await store.close()
  return {
    root: dirs.root,
    base: ['--data-dir', dirs.root, '--database', database.url],
    end: () => database.drop()
  }
}

describe.each(ENGINES)('people at the command line on %s', (engine) => {
  it('adds users with piped passwords, signs in, reviews by name, and signs with the password again', async () => {
    const lab = await storeWithOneCell(engine)
    const cli = (input: string | undefined, env: Record<string, string | undefined>, ...argv: string[]) =>
      runCliInput(
        input,
        { LEUKOLENS_USER: undefined, LEUKOLENS_PASSWORD: undefined, ...env },
        ...lab.base,
        ...argv
      )
    const as = (user: string, password: string) => ({ LEUKOLENS_USER: user, LEUKOLENS_PASSWORD: password })

    expect((await cli(undefined, {}, 'users', 'list')).out).toMatch(/^No users/)
    const first = await cli('tech password\n', {}, 'users', 'add', 'tom', '--role', 'technician')
    expect(first.code).not.toBe(0)
    expect(first.err).toContain('the first user must be an admin')
    expect((await cli('root password\n', {}, 'users', 'add', 'root', '--role', 'admin')).out).toContain(
      'Added root (admin)'
    )
    // Now users exist: only a signed-in admin adds more, and a wrong password is one sentence.
    const anonymous = await cli('ana password\n', {}, 'users', 'add', 'ana', '--role', 'reviewer')
    expect(anonymous.code).not.toBe(0)
    expect(anonymous.err).toMatch(/sign in to manage users/)
    const wrong = await cli(
      'ana password\n',
      as('root', 'not it'),
      'users',
      'add',
      'ana',
      '--role',
      'reviewer'
    )
    expect(wrong.code).toBe(1)
    expect(wrong.err.trim()).toBe('leukolens: wrong user name or password for "root": nothing was done')
    expect(
      (await cli('ana password\n', as('root', 'root password'), 'users', 'add', 'ana', '--role', 'reviewer'))
        .code
    ).toBe(0)
    expect(
      (
        await cli(
          'tech password\n',
          as('root', 'root password'),
          'users',
          'add',
          'tom',
          '--role',
          'technician'
        )
      ).code
    ).toBe(0)
    const list = await cli(undefined, as('root', 'root password'), '--json', 'users', 'list')
    expect(JSON.parse(list.out).map((u: { name: string; role: string }) => `${u.name} ${u.role}`)).toEqual([
      'root admin',
      'ana reviewer',
      'tom technician'
    ])

    // A review names the signed-in user, whatever reviewer name is configured.
    const reviewed = await cli(
      undefined,
      { ...as('tom', 'tech password'), LEUKOLENS_REVIEWER: 'someone else' },
      'review',
      SHA,
      '--label',
      'HEM'
    )
    expect(reviewed.out).toMatch(/ALL → HEM by tom/)
    // Ana saw the cell before tom's decision: she is told of it, and nothing is stored.
    const late = await cli(
      undefined,
      as('ana', 'ana password'),
      'review',
      SHA,
      '--label',
      'ALL',
      '--seen',
      'none'
    )
    expect(late.code).toBe(1)
    expect(late.err).toMatch(
      /^leukolens: tom recorded HEM for this image at \S+ \(entry #1\), after the decision you saw: yours was not stored/
    )

    // Signing: a technician may not; a wrong password is refused and writes nothing; the right one is chained.
    const sign = (who: Record<string, string>) =>
      cli(
        undefined,
        who,
        'sign',
        '--kind',
        'sample',
        '--id',
        'S-9',
        '--meaning',
        'approved',
        '--sha256',
        CONTENT
      )
    expect((await sign(as('tom', 'tech password'))).err).toMatch(
      /tom is a technician: to sign needs the reviewer role/
    )
    const refused = await sign(as('ana', 'wrong'))
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('wrong user name or password for "ana"')
    const signed = await sign(as('ana', 'ana password'))
    expect(signed.code, signed.err).toBe(0)
    expect(signed.out).toMatch(/^Signed sample S-9 as approved by ana \(reviewer\) at /)
    const log = JSON.parse((await cli(undefined, {}, '--json', 'review', 'log')).out) as {
      reviewer: string
      newLabel: string
    }[]
    expect(log.map((e) => `${e.reviewer} ${e.newLabel}`)).toEqual(['tom HEM', 'ana approved'])
    const verify = await cli(undefined, {}, 'review', 'verify')
    expect(verify.out).toMatch(/^Audit log intact: 2 entries/)

    // A disabled user cannot sign in any more.
    expect((await cli(undefined, as('root', 'root password'), 'users', 'disable', 'tom')).out).toContain(
      'Disabled tom'
    )
    expect((await cli(undefined, as('tom', 'tech password'), 'review', SHA, '--label', 'ALL')).err).toContain(
      'tom is disabled'
    )
    await lab.end()
  })
})
