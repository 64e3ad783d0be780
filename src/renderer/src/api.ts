import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type {
  CallName,
  CallRequest,
  CallResponse,
  EventName,
  Events,
  LeukolensApi
} from '../../shared/contract'
import type { Progress } from '../../shared/types/progress'

/** The contract as the preload (or the end-to-end test shim) exposes it. Nothing else reaches the engine. */
export const api: LeukolensApi = window.leukolens

type Args<K extends CallName> = CallRequest<K> extends void ? [] : [CallRequest<K>]

export function call<K extends CallName>(name: K, ...arg: Args<K>): Promise<CallResponse<K>> {
  return api.call(name, ...(arg as never))
}

let jobCounter = 0
/** A job id unique in this window: a counter plus the load time (no randomness needed, none wanted). */
export function newJobId(kind: string): string {
  jobCounter += 1
  return `${kind}-${Date.now().toString(36)}-${jobCounter}`
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export interface Loaded<T> {
  data: T | undefined
  error: string | undefined
  loading: boolean
  reload: () => void
}

/**
 * Calls once (and again on `reload` or when the argument or `key` changes); keeps the last data while
 * reloading. `arg` null means "not yet" (nothing selected): no call is made.
 */
export function useCall<K extends CallName>(
  name: K,
  arg: CallRequest<K> | undefined | null,
  key = ''
): Loaded<CallResponse<K>> {
  const [tick, setTick] = useState(0)
  // The argument is compared by value (a new object literal each render must not refetch).
  const argKey = arg === undefined ? undefined : JSON.stringify(arg)
  const request = `${name}|${argKey}|${key}|${tick}`
  const [state, setState] = useState<{ request?: string; data?: CallResponse<K>; error?: string }>({})
  useEffect(() => {
    const a = argKey === undefined ? undefined : (JSON.parse(argKey) as CallRequest<K> | null)
    if (a === null) return
    let live = true
    ;(a === undefined
      ? api.call(name as never)
      : (api.call as (n: K, x: unknown) => Promise<CallResponse<K>>)(name, a)
    ).then(
      (data) => live && setState({ request, data: data as CallResponse<K> }),
      (err: unknown) => live && setState((s) => ({ request, data: s.data, error: errorText(err) }))
    )
    return () => {
      live = false
    }
  }, [name, argKey, request])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  if (argKey === 'null') return { data: undefined, error: undefined, loading: false, reload }
  return { data: state.data, error: state.error, loading: state.request !== request, reload }
}

/** Subscribes to a push event for the component's lifetime. */
export function useEvent<K extends EventName>(name: K, listener: (payload: Events[K]) => void): void {
  const ref = useRef(listener)
  useLayoutEffect(() => {
    ref.current = listener
  })
  useEffect(() => api.on(name, (p) => ref.current(p)), [name])
}

/**
 * A long call (import, training, scan, quick check) under a fresh job id: its progress events, its error, and
 * cancel. `run(work)` resolves with the call's result, or undefined when it failed (the error is kept).
 */
export function useJob(kind: string) {
  const [jobId, setJobId] = useState<string | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEvent('job:progress', (p) => p.jobId === jobId && setProgress(p.progress))
  const run = async <T>(work: (jobId: string) => Promise<T>): Promise<T | undefined> => {
    const id = newJobId(kind)
    setJobId(id)
    setError(null)
    setProgress(null)
    try {
      return await work(id)
    } catch (err) {
      setError(errorText(err))
      return undefined
    } finally {
      setJobId(null)
      setProgress(null)
    }
  }
  const cancel = () => {
    if (jobId) void call('job:cancel', { jobId })
  }
  return { jobId, running: jobId !== null, progress, error, setError, run, cancel }
}
