import { describe, expect, it } from 'vitest'
import { BoundedMap, SessionState } from '../../../src/main/services/session-state'
import { openServiceSession } from '../../../src/main/services/session'
import { edgeConfig } from '../../../src/main/services/config'
import { useTmpDirs } from '../../helpers/tmp'

const tmp = useTmpDirs()

/** State services keep between calls lives in the session and is released with it. */
describe('session state', () => {
  it('disposes a replaced entry at once, and every entry when the session closes', () => {
    const root = tmp()
    const session = openServiceSession({ edge: edgeConfig({ dataDir: root }, {}, root), version: 'test' })
    const disposed: string[] = []
    session.ctx.state.set('model', 'a', () => disposed.push('a'))
    session.ctx.state.set('model', 'b', () => disposed.push('b'))
    session.ctx.state.set('sizes', new Map(), () => disposed.push('sizes'))
    expect(disposed).toEqual(['a'])
    expect(session.ctx.state.get('model')).toBe('b')
    session.close()
    expect(disposed).toEqual(['a', 'b', 'sizes'])
    expect(session.ctx.state.get('model')).toBeUndefined()
  })

  it('a bounded map keeps the most recently used entries only', () => {
    const m = new BoundedMap<string, number>(2)
    m.set('a', 1)
    m.set('b', 2)
    expect(m.get('a')).toBe(1) // a is now the newest
    m.set('c', 3)
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([1, undefined, 3, 2])
    const s = new SessionState()
    expect(s.get('x')).toBeUndefined()
  })
})
