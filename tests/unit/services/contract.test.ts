import { describe, expect, it } from 'vitest'
import { CALL_NAMES, CALL_SCHEMAS, ContractError, EVENT_NAMES, isCallName, validateArgument } from '../../../src/shared/contract'
import { createDispatcher } from '../../../src/main/services/dispatch'
import { Jobs } from '../../../src/main/services/jobs'
import type { ServiceContext } from '../../../src/main/services/context'

describe('the contract', () => {
  it('names every call and event once', () => {
    expect(new Set(CALL_NAMES).size).toBe(Object.keys(CALL_SCHEMAS).length)
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length)
    expect(isCallName('datasets:import')).toBe(true)
    expect(isCallName('__proto__')).toBe(false)
    expect(isCallName('toString')).toBe(false)
  })

  it('accepts a well-formed argument', () => {
    expect(() => validateArgument('datasets:import', { jobId: 'j1', folder: '/data/aria', map: 'Benign=HEM' })).not.toThrow()
    expect(() => validateArgument('app:info', undefined)).not.toThrow()
  })

  it('rejects wrong types, unknown fields, out-of-range numbers and oversized input', () => {
    expect(() => validateArgument('datasets:import', { jobId: 'j1' })).toThrow(/folder: must be a string/)
    expect(() => validateArgument('datasets:import', { jobId: 'j1', folder: '/x', evil: 1 })).toThrow(/unknown field "evil"/)
    expect(() => validateArgument('settings:set', { reviewThreshold: 1.5 })).toThrow(/≤ 1/)
    expect(() => validateArgument('settings:set', { backend: 'cpu' })).toThrow(/one of/)
    expect(() => validateArgument('quick:check', { jobId: 'j', paths: Array(65).fill('/a') })).toThrow(/more than 64/)
    expect(() => validateArgument('review:submit', { sha256: 'a'.repeat(65), label: 'ALL' })).toThrow(/longer than 64/)
    expect(() => validateArgument('app:info', { x: 1 })).toThrow(ContractError)
    expect(() => validateArgument('predictions:query', { limit: 2.5 })).toThrow(/integer/)
  })

  it('the dispatcher refuses unknown calls and bad arguments before any service runs', async () => {
    let ran = 0
    const handlers = new Proxy({}, { get: () => async () => ++ran }) as never
    const ctx = { jobs: new Jobs() } as unknown as ServiceContext
    const dispatch = createDispatcher(handlers, ctx)
    expect(await dispatch('fs:readFile', '/etc/passwd')).toMatchObject({ ok: false, error: { name: 'ContractError' } })
    expect(await dispatch('models:delete', { id: 7 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/id: must be a string/) } })
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
