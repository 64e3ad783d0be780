import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { removeStaleStaging, stagingOwner } from '../../src/main/core/stale-staging'
import { openServiceSession } from '../../src/main/services/session'
import { edgeConfig } from '../../src/main/services/config'
import { useTmpDirs } from '../helpers/tmp'

const tmp = useTmpDirs()
const DAY = 24 * 3600 * 1000

function staging(dir: string, name: string, ageMs: number): string {
  const p = join(dir, name)
  mkdirSync(p, { recursive: true })
  writeFileSync(join(p, 'weights.bin'), 'x')
  const t = (Date.now() - ageMs) / 1000
  utimesSync(p, t, t)
  return p
}

describe('staging left in data/tmp by killed operations', () => {
  it('removes entries older than a day, keeps younger ones and the named output folders', () => {
    const dir = tmp()
    staging(dir, 'backbone-x-123-456', 3 * DAY)
    staging(dir, 'model-abc', 2 * DAY)
    staging(dir, 'check-fresh', 60_000)
    staging(dir, 'explain', 5 * DAY)
    expect(removeStaleStaging(dir, { keep: ['explain'] }).sort()).toEqual(['backbone-x-123-456', 'model-abc'])
    expect(existsSync(join(dir, 'check-fresh'))).toBe(true)
    expect(existsSync(join(dir, 'explain'))).toBe(true)
  })

  it("removes at once what a process that is gone left under its pid (a killed import's check-<pid>-…)", () => {
    const dir = tmp()
    const dead = 2 ** 22 + 777 // above Linux's default pid_max: no process has it
    staging(dir, `check-${dead}-AbC123`, 60_000)
    staging(dir, `check-${process.pid}-XyZ`, 60_000)
    staging(dir, `leukolens-manual.db.${dead}.tmp`, 60_000)
    expect(stagingOwner(`check-${dead}-AbC123`)).toBe(dead)
    expect(removeStaleStaging(dir).sort()).toEqual([
      `check-${dead}-AbC123`,
      `leukolens-manual.db.${dead}.tmp`
    ])
    expect(existsSync(join(dir, `check-${process.pid}-XyZ`))).toBe(true)
  })

  it('is done when a session (the app, a command) opens the data folder', () => {
    const root = tmp()
    const old = staging(join(root, 'tmp'), 'legacy-densenet-AbC', 2 * DAY)
    const s = openServiceSession({ edge: edgeConfig({ dataDir: root }, {}, root), version: 'test' })
    s.close()
    expect(existsSync(old)).toBe(false)
  })
})

describe('staging of a process that is gone', () => {
  it('is removed after an hour, not a day; a running process keeps its own', () => {
    const dir = tmp()
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8'
    }).stdout
    const at = Date.now()
    staging(dir, `backbone-x-${gone}-${at}`, 2 * 3600 * 1000)
    staging(dir, `backbone-y-${gone}-${at}`, 10 * 60 * 1000)
    staging(dir, `backbone-z-${process.ppid}-${at}`, 2 * 3600 * 1000)
    expect(removeStaleStaging(dir)).toEqual([`backbone-x-${gone}-${at}`])
    expect(existsSync(join(dir, `backbone-y-${gone}-${at}`))).toBe(true)
    expect(existsSync(join(dir, `backbone-z-${process.ppid}-${at}`))).toBe(true)
  })
})
