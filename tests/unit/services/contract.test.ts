import { describe, expect, it } from 'vitest'
import { ContractError, isCallName, parseArgument } from '../../../src/shared/contract'
import { createDispatcher } from '../../../src/main/services/dispatch'
import { Jobs } from '../../../src/main/services/jobs'
import type { ServiceContext } from '../../../src/main/services/context'

describe('the contract', () => {
  it('knows its own call names and no inherited ones', () => {
    expect(isCallName('datasets:import')).toBe(true)
    expect(isCallName('__proto__')).toBe(false)
    expect(isCallName('toString')).toBe(false)
  })

  it('accepts a well-formed argument and returns the checked copy', () => {
    const arg = { jobId: 'j1', folder: '/data/aria', map: 'Benign=HEM' }
    const checked = parseArgument('datasets:import', arg)
    expect(checked).toEqual(arg)
    expect(checked).not.toBe(arg)
    expect(parseArgument('app:info', undefined)).toBeUndefined()
    expect(parseArgument('app:info', null)).toBeUndefined()
  })

  it('accepts own keys only: constructor, __proto__ and prototype-supplied fields are refused', () => {
    expect(() => parseArgument('models:delete', JSON.parse('{"id":"m1","constructor":1}'))).toThrow(
      /unknown field "constructor"/
    )
    expect(() => parseArgument('models:delete', JSON.parse('{"id":"m1","__proto__":{"x":1}}'))).toThrow(
      /unknown field "__proto__"/
    )
    expect(() => parseArgument('predictions:query', { toString: 'x' })).toThrow(/unknown field "toString"/)
    expect(() => parseArgument('models:delete', Object.create({ id: 'm1' }))).toThrow(
      /models:delete: must be plain data/
    )
    expect(() =>
      parseArgument('training:start', { jobId: 'j', options: Object.create({ dataset: 'a', backbone: 'b' }) })
    ).toThrow(/\.options: must be plain data/)
  })

  it('rejects wrong types, unknown fields, out-of-range numbers and oversized input', () => {
    expect(() => parseArgument('datasets:import', { jobId: 'j1' })).toThrow(
      /datasets:import\.folder: must be a string/
    )
    expect(() => parseArgument('datasets:import', { jobId: 'j1', folder: '/x', evil: 1 })).toThrow(
      /unknown field "evil"/
    )
    expect(() => parseArgument('settings:set', { reviewThreshold: 1.5 })).toThrow(/≤ 1/)
    expect(() => parseArgument('settings:set', { backend: 'cpu' })).toThrow(/one of/)
    expect(() => parseArgument('quick:check', { jobId: 'j', paths: Array(65).fill('/a') })).toThrow(
      /more than 64/
    )
    expect(() => parseArgument('review:submit', { sha256: 'a'.repeat(65), label: 'ALL' })).toThrow(
      /longer than 64/
    )
    expect(() => parseArgument('app:info', { x: 1 })).toThrow(ContractError)
    expect(() => parseArgument('predictions:query', { limit: 2.5 })).toThrow(/integer/)
    expect(() => parseArgument('predictions:query', { sort: 'random' })).toThrow(
      /sort: must be one of confidence-asc/
    )
    expect(() =>
      parseArgument('training:start', { jobId: 'j', options: { dataset: 'a', backbone: 'b', epochs: 0 } })
    ).toThrow(/options\.epochs: must be ≥ 1/)
    expect(() => parseArgument('models:import', { file: '/m.keras', classes: ['ALL', 'H\0EM'] })).toThrow(
      /classes\[1\]: contains a NUL character/
    )
    expect(() => parseArgument('datasets:delete', { name: 'a' + '\0' })).toThrow(/NUL/)
  })

  it('the dispatcher refuses unknown calls and bad arguments before any service runs', async () => {
    let ran = 0
    const handlers = new Proxy({}, { get: () => async () => ++ran }) as never
    const ctx = { jobs: new Jobs() } as unknown as ServiceContext
    const dispatch = createDispatcher(handlers, ctx)
    expect(await dispatch('fs:readFile', '/etc/passwd')).toMatchObject({
      ok: false,
      error: { name: 'ContractError' }
    })
    expect(await dispatch('models:delete', { id: 7 })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/id: must be a string/) }
    })
    expect(ran).toBe(0)
    expect(await dispatch('models:delete', { id: '7' })).toEqual({ ok: true, result: 1 })
  })
})

describe('Jobs', () => {
  it('cancels a running job through its signal and refuses a duplicate id', async () => {
    const jobs = new Jobs()
    let seen: AbortSignal | undefined
    const p = jobs.run('a', async (signal) => {
      seen = signal
      expect(() => jobs.start('a')).toThrow(/already running/)
      expect(jobs.cancel('a')).toBe(true)
      return signal.aborted
    })
    expect(await p).toBe(true)
    expect(seen?.aborted).toBe(true)
    expect(jobs.cancel('a')).toBe(false)
    expect(jobs.size).toBe(0)
  })
})
