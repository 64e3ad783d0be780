import { describe, expect, it } from 'vitest'
import { ContractError, parseArgument } from '../../../src/shared/contract'

/** The argument validator accepts a call's own fields only: inherited names are unknown fields too. */
describe('contract argument validation: own keys only', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('refuses a field named %s', (key) => {
    // JSON.parse makes `__proto__` an own key, as a message from the renderer would.
    const arg = JSON.parse(`{"id": "m1", ${JSON.stringify(key)}: {"polluted": true}}`)
    expect(() => parseArgument('models:delete', arg)).toThrow(ContractError)
    expect(() => parseArgument('models:delete', arg)).toThrow(`unknown field "${key}"`)
  })

  it("still accepts the call's own fields", () => {
    expect(parseArgument('models:delete', { id: 'm1' })).toEqual({ id: 'm1' })
  })
})
