import { fork } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EngineClient, type EngineChild } from '../../../src/main/shell/engine-client'
import type { EngineState } from '../../../src/shared/contract'

const ENTRY = join(import.meta.dirname, 'fixtures/crashy-engine.mjs')

/** A Node child process shaped like Electron's UtilityProcess (postMessage ↔ send). */
function nodeFork(entry: string, env: Record<string, string>): EngineChild {
  const child = fork(entry, [], { env: { ...process.env, ...env }, stdio: 'ignore' })
  return {
    postMessage: (m) => void child.send(m),
    on: (event: 'message' | 'exit', listener: (x: never) => void) => child.on(event, listener as never),
    kill: () => child.kill()
  } as EngineChild
}

describe('EngineClient (engine process supervisor)', () => {
  let client: EngineClient | undefined
  afterEach(() => client?.stop())

  it('reports a crash, fails the call in flight, restarts, and serves the next call', async () => {
    const states: EngineState[] = []
    let ready: () => void = () => undefined
    const nextReady = () => new Promise<void>((r) => (ready = r))
    client = new EngineClient(
      ENTRY,
      {},
      (name, payload) => {
        if (name !== 'engine:state') return
        const s = (payload as { state: EngineState }).state
        states.push(s)
        if (s === 'ready') ready()
      },
      nodeFork,
      10
    )
    let isReady = nextReady()
    client.start()
    await isReady
    const first = await client.request({ kind: 'call', name: 'app:info', arg: undefined })
    expect(first).toMatchObject({ kind: 'reply', ok: true })
    const pid1 = (first as { result: { pid: number } }).result.pid

    isReady = nextReady()
    const crashed = await client.request({ kind: 'call', name: 'job:cancel', arg: { jobId: 'x' } })
    expect(crashed).toMatchObject({
      ok: false,
      error: { name: 'EngineCrashed', message: expect.stringMatching(/exit code 3/) }
    })
    await isReady
    expect(states).toEqual(['starting', 'ready', 'crashed', 'restarting', 'starting', 'ready'])

    const after = await client.request({ kind: 'call', name: 'app:info', arg: undefined })
    expect(after).toMatchObject({ ok: true })
    expect((after as { result: { pid: number } }).result.pid).not.toBe(pid1)
  })
})
