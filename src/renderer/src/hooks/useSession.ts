import { createContext, useCallback, useContext, useEffect, useState } from 'react'
import type { StoreView } from '../../../shared/calls/people'
import { call, errorText } from '../api'

export interface Session {
  /** Undefined until the engine answered who is signed in. */
  store: StoreView | undefined
  /** Why the engine could not say (the shared database unreachable, say). */
  error: string | undefined
  /** Resolves with the refusal sentence, or null when signed in. */
  signIn(name: string, password: string): Promise<string | null>
  signOut(): Promise<void>
  /** Asks again who works here (after the engine could not say). */
  retry(): void
}

/**
 * Who works in this window: the store the engine uses and the person signed in to it. With the workstation's own
 * file nobody signs in (`signInRequired` false); with a shared database the app shows the sign-in screen until
 * someone has.
 */
export function useSessionState(): Session {
  const [store, setStore] = useState<StoreView | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    call('session:who').then(
      (s) => {
        setStore(s)
        setError(undefined)
      },
      (err: unknown) => setError(errorText(err))
    )
  }, [asked])
  const retry = useCallback(() => setAsked((n) => n + 1), [])
  const signIn = useCallback(async (name: string, password: string) => {
    try {
      setStore(await call('session:signIn', { name, password }))
      return null
    } catch (err) {
      return errorText(err)
    }
  }, [])
  const signOut = useCallback(async () => {
    try {
      setStore(await call('session:signOut'))
    } catch (err) {
      setError(errorText(err))
    }
  }, [])
  return { store, error, signIn, signOut, retry }
}

/** Whether the window shows the sign-in screen instead of the app. */
export function mustSignIn(store: StoreView | undefined): boolean {
  return store !== undefined && store.signInRequired && store.person === null
}

export const SessionContext = createContext<Session>({
  store: undefined,
  error: undefined,
  signIn: async () => 'no session',
  signOut: async () => undefined,
  retry: () => undefined
})

/** The session of the window (App provides it). */
export function useSession(): Session {
  return useContext(SessionContext)
}
