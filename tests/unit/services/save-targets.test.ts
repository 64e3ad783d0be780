import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SaveTargets, SaveTokenError } from '../../../src/main/services/save-targets'
import { openServiceSession, type ServiceSession } from '../../../src/main/services/session'
import {
  createHost,
  type HostMessage,
  type HostRequest,
  type HostRequestBody
} from '../../../src/main/services/host'
import { chooseSaveTarget } from '../../../src/main/shell/save-target'
import { edgeConfig } from '../../../src/main/services/config'
import { useTmpDirs } from '../../helpers/tmp'

const tmp = useTmpDirs()

describe('save targets (one-time tokens for the paths chosen in the save dialog)', () => {
  it('gives the chosen path back once, then refuses the same token', () => {
    const targets = new SaveTargets()
    const token = targets.issue('/home/u/report.html')
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(token).not.toContain('report')
    expect(targets.redeem(token)).toBe('/home/u/report.html')
    expect(() => targets.redeem(token)).toThrow(/already used once; choose where to save again/)
  })

  it('refuses a token it never issued, and a path passed as a token', () => {
    const targets = new SaveTargets()
    targets.issue('/home/u/a.csv')
    expect(() => targets.redeem('0'.repeat(32))).toThrow(SaveTokenError)
    expect(() => targets.redeem('/home/u/a.csv')).toThrow(/not chosen in the save dialog/)
  })

  it('refuses a token after it expired', () => {
    let now = 1_000
    const targets = new SaveTargets(() => now, 60_000)
    const token = targets.issue('/home/u/a.csv')
    now += 60_001
    expect(() => targets.redeem(token)).toThrow(/chosen more than 1 minutes ago and has expired/)
  })

  it('issues tokens for absolute paths only', () => {
    expect(() => new SaveTargets().issue('a.csv')).toThrow(/absolute path/)
  })
})

describe('export calls at the desktop boundary', () => {
  let session: ServiceSession | undefined
  afterEach(() => session?.close())

  function open(root: string, chosen: string | null): ServiceSession {
    session = openServiceSession({
      edge: edgeConfig({ dataDir: root }, {}, join(root, '.default')),
      version: 'test',
      dialogs: { open: async () => [], save: async () => chosen }
    })
    return session
  }

  it('refuses a path the window names, and writes only where the save dialog chose, once', async () => {
    const root = tmp()
    const chosen = join(root, 'audit.csv')
    const s = open(root, chosen)
    const named = join(root, 'named-by-the-window.csv')
    for (const [name, arg] of [
      ['review:export', { file: named }],
      ['predictions:export', { filter: {}, file: named }],
      ['report:write', { scanId: 1, file: named }],
      ['models:export', { id: 'm1', file: named }]
    ] as const) {
      const r = await s.dispatch(name, arg)
      expect(r.ok, name).toBe(false)
    }
    expect(existsSync(named)).toBe(false)

    const target = await s.call('dialog:save', { defaultName: 'audit.csv', ext: 'csv' })
    expect(target).toEqual({ saveToken: expect.stringMatching(/^[0-9a-f]{32}$/) })
    expect(JSON.stringify(target)).not.toContain(root)
    expect(await s.call('review:export', { saveToken: target!.saveToken })).toBe(chosen)
    expect(readFileSync(chosen, 'utf8')).toMatch(/entry,created_at/)

    const again = await s.dispatch('review:export', { saveToken: target!.saveToken })
    expect(again).toEqual({
      ok: false,
      error: {
        name: 'SaveTokenError',
        message: 'This save location was already used once; choose where to save again.'
      }
    })
    const madeUp = await s.dispatch('report:write', { scanId: 1, saveToken: 'f'.repeat(32) })
    expect(madeUp.ok || madeUp.error.message).toMatch(/not chosen in the save dialog/)
  })

  it('gives no token when the dialog is cancelled', async () => {
    const s = open(tmp(), null)
    expect(await s.call('dialog:save', { defaultName: 'a.csv', ext: 'csv' })).toBeNull()
  })

  it("main's save dialog: the engine keeps the path, the window gets a token it can spend once", async () => {
    const root = tmp()
    const s = open(root, null)
    // The engine process in-process: main's requests reach the same host the engine process runs.
    const pending = new Map<number, (m: HostMessage) => void>()
    const host = createHost(s, (m) => {
      if ('id' in m) pending.get(m.id)?.(m)
    })
    let next = 0
    const engine = {
      request: (body: HostRequestBody) =>
        new Promise<HostMessage>((resolve) => {
          const id = ++next
          pending.set(id, resolve)
          void host({ ...body, id } as HostRequest)
        })
    }
    const chosen = join(root, 'log.csv')
    const reply = await chooseSaveTarget(async () => chosen, engine)
    expect(reply).toEqual({ ok: true, result: { saveToken: expect.stringMatching(/^[0-9a-f]{32}$/) } })
    expect(JSON.stringify(reply)).not.toContain(root)
    const { saveToken } = (reply as { result: { saveToken: string } }).result
    const call = (arg: unknown) => engine.request({ kind: 'call', name: 'review:export', arg })
    expect(await call({ saveToken })).toMatchObject({ ok: true, result: chosen })
    expect(existsSync(chosen)).toBe(true)
    expect(await call({ saveToken })).toMatchObject({ ok: false, error: { name: 'SaveTokenError' } })
    expect(await chooseSaveTarget(async () => null, engine)).toEqual({ ok: true, result: null })
  })
})
