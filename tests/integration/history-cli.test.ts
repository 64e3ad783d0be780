import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/core/db/database'
import { sqliteStore } from '../../src/main/core/db/store'
import { dataDir } from '../../src/main/core/paths'
import { COUNT_AHEAD } from '../../src/main/core/scan/history'
import { runCli } from '../helpers/cli'
import { seedHistory } from '../helpers/history-seed'

describe('history on the command line: how many match, in words', () => {
  const root = mkdtempSync(join(tmpdir(), 'leukolens-history-cli-'))
  let items = 0
  beforeAll(async () => {
    const db = openDatabase(dataDir(root).db)
    items = (await seedHistory(sqliteStore(db), COUNT_AHEAD + 100)).items
    db.close()
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('says "more than" where the count stopped past --limit, and the exact number with --count', async () => {
    const cut = await runCli('--data-dir', root, 'history', '--limit', '3')
    expect(cut.code, cut.err).toBe(0)
    expect(cut.out).toContain(
      `3 shown; more than ${COUNT_AHEAD.toLocaleString('en-US')} match (--count counts them all)`
    )
    const counted = await runCli('--data-dir', root, 'history', '--limit', '3', '--count')
    expect(counted.out).toContain(`3 of ${items.toLocaleString('en-US')} results (--limit)`)
    // Without --limit every match is listed and counted as listed; --json stays the rows.
    const scan = await runCli('--data-dir', root, 'history', '--scan', '2')
    expect(scan.out).toMatch(/\n\d+ results\n/)
    const json = await runCli('--data-dir', root, '--json', 'history', '--limit', '3')
    expect(JSON.parse(json.out)).toHaveLength(3)
  })
})
