// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { StoreView } from '../../../src/shared/calls/people'

const calls: string[] = []
let who: () => StoreView
const SHARED: StoreView = {
  engine: 'postgres',
  place: 'postgres://lab@server/leukolens',
  signInRequired: true,
  person: null
}

let App: () => React.JSX.Element
beforeAll(async () => {
  vi.stubGlobal('matchMedia', (q: string) => ({
    matches: false,
    media: q,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {}
  }))
  vi.stubGlobal('leukolens', {
    call: async (name: string, arg: { name?: string; password?: string }) => {
      calls.push(name)
      if (name === 'session:who') return who()
      if (name === 'session:signIn') {
        if (arg.password !== 'right') throw new Error('wrong name or password')
        return { ...SHARED, person: { name: arg.name, role: 'reviewer' } }
      }
      if (name === 'session:signOut') return SHARED
      if (name === 'settings:get') return { theme: 'dark' }
      // Every screen call fails as a shared database with nobody signed in would answer.
      throw new Error('sign in first')
    },
    on: () => () => {},
    imageUrl: (p: string) => p,
    pathForFile: () => ''
  })
  ;({ App } = await import('../../../src/renderer/src/App'))
})
beforeEach(() => void (calls.length = 0))
afterEach(cleanup)

describe('the window and who works in it', () => {
  it('shows only the sign-in screen on a shared database, asking for nothing else, then the app', async () => {
    who = () => SHARED
    render(<App />)
    await screen.findByRole('button', { name: 'Sign in' })
    expect(screen.queryByRole('navigation', { name: 'screens' })).toBeNull()
    // Only who works here, and this workstation's theme: no screen's data before signing in.
    await waitFor(() => expect(calls).toEqual(['session:who', 'settings:get']))
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'rita' } })
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect((await screen.findByRole('alert')).textContent).toBe('wrong name or password')
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'right' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await screen.findByRole('navigation', { name: 'screens' })
    expect(screen.getByLabelText('signed in').textContent).toMatch(/rita.*reviewer/)
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await screen.findByRole('button', { name: 'Sign in' })
  })

  it('shows the app at once on the workstation’s own file, with nobody named', async () => {
    who = () => ({ engine: 'sqlite', place: '/data/leukolens.db', signInRequired: false, person: null })
    render(<App />)
    await screen.findByRole('navigation', { name: 'screens' })
    expect(screen.queryByLabelText('signed in')).toBeNull()
  })

  it('says in one line when the engine cannot say who works here, and asks again', async () => {
    let n = 0
    who = () => {
      if (++n === 1) throw new Error('the lab database at postgres://lab@server cannot be reached')
      return SHARED
    }
    render(<App />)
    expect((await screen.findByRole('alert')).textContent).toContain('cannot be reached')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await screen.findByRole('button', { name: 'Sign in' })
    await waitFor(() => expect(calls.filter((c) => c === 'session:who')).toHaveLength(2))
  })
})
