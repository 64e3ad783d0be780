import { describe, expect, it } from 'vitest'
import { DatabaseUnreachableError, explainPostgresError } from '../../../src/main/core/db/postgres/errors'
import { scanFailure } from '../../../src/main/core/scan/failure'

const place = 'postgres://leukolens:***@lab-server:5432/leukolens'
const lost = () => new Error('Client has encountered a connection error and is not queryable')

describe('a lost shared database, in one sentence', () => {
  it("names the server once for the driver's own words", () => {
    const e = explainPostgresError(lost(), place)
    expect(e).toBeInstanceOf(DatabaseUnreachableError)
    expect(e.message).toMatch(
      /^The shared database at postgres:\/\/leukolens:\*\*\*@lab-server:5432\/leukolens cannot be reached \(Client has/
    )
  })

  it("leaves a scan's stop alone: it already names the server and says what it kept", () => {
    const stopped = scanFailure(
      explainPostgresError(lost(), place),
      '/data/leukolens.db',
      4,
      '/lab/incoming'
    ) as Error
    expect(stopped.message).toMatch(/^scan 4 of \/lab\/incoming stopped: the shared database at postgres:/)
    const shown = explainPostgresError(stopped, place)
    expect(shown).toBe(stopped)
    expect(shown.message.match(/the shared database at/gi)).toHaveLength(1)
  })
})
