import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { freshPostgresDatabase, testPostgresUrl } from '../support/postgres'

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

const databases = async (): Promise<string[]> =>
  (await query<{ datname: string }>(`${testPostgresUrl()}/postgres`, 'select datname from pg_database')).map(
    (r) => r.datname
  )

describe("the tests' PostgreSQL", () => {
  it('gives each test an empty database of its own, and drops it even with a connection still open', async () => {
    const a = await freshPostgresDatabase()
    const b = await freshPostgresDatabase()
    expect(a.name).not.toBe(b.name)
    await query(a.url, 'create table t (x int); insert into t values (1)')
    // b does not see a's table: separate databases, not schemas of one.
    const tables = await query<{ n: string }>(
      b.url,
      "select count(*) as n from information_schema.tables where table_schema = 'public'"
    )
    expect(Number(tables[0].n)).toBe(0)
    const open = new pg.Client({ connectionString: a.url })
    await open.connect()
    open.on('error', () => undefined) // the forced drop ends this session
    expect(await databases()).toEqual(expect.arrayContaining([a.name, b.name]))
    await a.drop()
    await b.drop()
    await b.drop()
    expect(await databases()).not.toContain(a.name)
    expect(await databases()).not.toContain(b.name)
    await open.end().catch(() => undefined)
  })

  it('copies a template database when asked (a schema prepared once, copied per test)', async () => {
    const template = await freshPostgresDatabase()
    await query(template.url, 'create table cells (id int primary key); insert into cells values (7)')
    const copy = await freshPostgresDatabase({ template: template.name })
    try {
      expect(await query(copy.url, 'select id from cells')).toEqual([{ id: 7 }])
    } finally {
      await copy.drop()
      await template.drop()
    }
  })

  it('hands its URL to the processes tests start, through the environment', () => {
    expect(process.env.LEUKOLENS_TEST_POSTGRES_URL).toBe(testPostgresUrl())
  })
})
