import { describe, expect, it } from 'vitest'
import { explainDbError } from '../../src/main/core/db/errors'
import { runCli } from '../helpers/cli'

describe('a read-only data folder', () => {
  it('is said, with its path, when SQLite can only say "unable to open database file"', () => {
    const cantOpen = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' })
    const told = explainDbError(cantOpen, '/srv/leukolens/leukolens.db', { folderWritable: false }) as Error
    expect(told.message).toMatch(
      /^\/srv\/leukolens\/leukolens\.db cannot be written: its folder or the file is read-only/
    )
    expect(told.message).toContain('choose a writable data folder')
  })

  // Tests run as root, for whom chmod 555 blocks nothing; sysfs refuses root too (EPERM on mkdir), so /sys/kernel
  // is a real read-only folder here.
  it('makes `leukolens doctor` name the folder and say it is read-only', async () => {
    const r = await runCli('--data-dir', '/sys/kernel', 'doctor')
    expect(r.code).not.toBe(0)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(
      /the data folder \/sys\/kernel is read-only \(EPERM creating \/sys\/kernel\/backbones\)/
    )
    expect(r.err).not.toMatch(/unable to open database file/)
  })
})
