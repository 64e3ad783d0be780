import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serverFolder } from '../../../src/main/core/server/folder'
import {
  listensBeyondThisMachine,
  parseListen,
  setLabNetworkAccess
} from '../../../src/main/core/server/network'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('listening beyond this machine', () => {
  it('takes addresses PostgreSQL understands and refuses anything that could reach its command line', () => {
    expect(parseListen('0.0.0.0')).toBe('0.0.0.0')
    expect(parseListen('localhost,192.168.1.20')).toBe('localhost,192.168.1.20')
    expect(parseListen('*')).toBe('*')
    for (const bad of ['0.0.0.0 -c ssl=off', "x'y", '', 'a,,b'])
      expect(() => parseListen(bad)).toThrow(/^--listen .*: give an address to listen on/)
    expect(listensBeyondThisMachine('localhost')).toBe(false)
    expect(listensBeyondThisMachine('127.0.0.1,::1')).toBe(false)
    expect(listensBeyondThisMachine('0.0.0.0')).toBe(true)
  })

  it('adds the lab network rule once, however often the server starts, and takes it out again', () => {
    dir = mkdtempSync(join(tmpdir(), 'leukolens-hba-'))
    const folder = serverFolder(dir)
    mkdirSync(folder.cluster, { recursive: true })
    const file = join(folder.cluster, 'pg_hba.conf')
    const initdb = 'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n'
    writeFileSync(file, initdb)
    setLabNetworkAccess(folder, true)
    setLabNetworkAccess(folder, true)
    const open = readFileSync(file, 'utf8')
    expect(open.match(/^host all all samenet scram-sha-256$/gm)).toHaveLength(1)
    expect(open.startsWith(initdb)).toBe(true)
    setLabNetworkAccess(folder, false)
    expect(readFileSync(file, 'utf8')).toBe(initdb)
  })
})
