/**
 * What a service keeps between calls for the life of one session (a model loaded for Grad-CAM, the sizes of fields
 * already read), instead of in module variables that outlive the session, mix data folders and are never released:
 * `close()` (at `session.close()`) disposes everything.
 */
export class SessionState {
  private readonly entries = new Map<string, { value: unknown; dispose?: () => void }>()

  get<T>(key: string): T | undefined {
    return this.entries.get(key)?.value as T | undefined
  }

  /** Keeps `value` under `key`, disposing what was there before. */
  set<T>(key: string, value: T, dispose?: () => void): T {
    this.delete(key)
    this.entries.set(key, { value, dispose })
    return value
  }

  delete(key: string): void {
    const e = this.entries.get(key)
    this.entries.delete(key)
    e?.dispose?.()
  }

  close(): void {
    for (const key of [...this.entries.keys()]) this.delete(key)
  }
}

/** A map that forgets its oldest entries past `limit` (insertion order; a hit moves an entry to the newest). */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>()
  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K)
  }

  get size(): number {
    return this.map.size
  }
}
