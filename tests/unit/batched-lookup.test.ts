import { describe, expect, it } from 'vitest'
import { batchedLookup } from '../../src/main/core/import/batched-lookup'

describe('batched lookup', () => {
  it('asks once for the keys of one turn, then once for every key asked for while that ran', async () => {
    const asked: string[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let started!: () => void
    const running = new Promise<void>((r) => (started = r))
    const lookup = batchedLookup(async (keys) => {
      asked.push(keys)
      if (asked.length === 1) {
        started()
        await gate
      }
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.toUpperCase()]))
    })
    const first = [lookup('a'), lookup('b')]
    await running
    const rest = ['c', 'gone', 'c'].map((k) => lookup(k))
    release()
    expect(await Promise.all(first)).toEqual(['A', 'B'])
    expect(await Promise.all(rest)).toEqual(['C', undefined, 'C'])
    expect(asked).toEqual([
      ['a', 'b'],
      ['c', 'gone']
    ])
    // Idle again: the next key starts a query of its own.
    expect(await lookup('d')).toBe('D')
    expect(asked.at(-1)).toEqual(['d'])
  })

  it('fails every key of a failed query, and keeps answering later ones', async () => {
    let fail = true
    const lookup = batchedLookup(async (keys) => {
      if (fail) throw new Error('server gone')
      return new Map(keys.map((k) => [k, 1]))
    })
    await expect(Promise.all([lookup('a'), lookup('b')])).rejects.toThrow('server gone')
    fail = false
    expect(await lookup('a')).toBe(1)
  })
})
