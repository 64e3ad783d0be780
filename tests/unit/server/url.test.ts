import { describe, expect, it } from 'vitest'
import { PostgresUrl } from '../../../src/main/core/server/url'

describe('PostgresUrl', () => {
  const url = PostgresUrl.parse('postgres://lab:s3cret@db.lab:5433/leukolens', '--database')

  it('keeps the password for connecting and masks it wherever the URL is shown', () => {
    expect(url.href).toBe('postgres://lab:s3cret@db.lab:5433/leukolens')
    expect(url.masked).toBe('postgres://lab:***@db.lab:5433/leukolens')
    expect(`${url}`).toBe(url.masked)
    expect(JSON.stringify({ url })).toBe('{"url":"postgres://lab:***@db.lab:5433/leukolens"}')
    expect([url.host, url.port, url.database]).toEqual(['db.lab', 5433, 'leukolens'])
  })

  it('refuses other URLs in one sentence that never repeats the value', () => {
    const refused = (text: string) => {
      try {
        PostgresUrl.parse(text, 'LEUKOLENS_DATABASE_URL')
      } catch (err) {
        expect((err as Error).name).toBe('ConfigError')
        return (err as Error).message
      }
      throw new Error(`accepted ${text}`)
    }
    expect(refused('mysql://u:hunter2@h/db')).toBe(
      'LEUKOLENS_DATABASE_URL is a mysql:// URL; only PostgreSQL ones work (postgres://user:password@host:5432/leukolens)'
    )
    expect(refused('hunter2@somewhere')).toMatch(/^LEUKOLENS_DATABASE_URL is not a URL: /)
    expect(refused('postgres://u:p@h:5432/')).toMatch(/names no database/)
    for (const text of ['mysql://u:hunter2@h/db', 'hunter2@somewhere'])
      expect(refused(text)).not.toContain('hunter2')
  })

  it('builds the lab server URL with odd characters in the password encoded, and swaps the database', () => {
    const lab = PostgresUrl.of({
      user: 'leukolens',
      password: 'a/b@c:d',
      host: 'localhost',
      port: 5432,
      database: 'leukolens'
    })
    expect(decodeURIComponent(new URL(lab.href).password)).toBe('a/b@c:d')
    expect(lab.withDatabase('postgres').database).toBe('postgres')
    expect(PostgresUrl.of({ user: 'u', password: 'p', host: '::1', port: 1, database: 'd' }).host).toBe(
      '[::1]'
    )
  })
})
