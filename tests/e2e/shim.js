/* global window, fetch, EventSource, URLSearchParams */
// Test transport shim — served ONLY by tests/e2e/server.ts, never part of the app build. It implements the
// same `window.leukolens` contract as the Electron preload, over HTTP (calls) and Server-Sent Events (events).
;(() => {
  const listeners = new Map()
  const source = new EventSource('/api/events')
  source.onmessage = (m) => {
    const { name, payload } = JSON.parse(m.data)
    for (const l of listeners.get(name) ?? []) l(payload)
  }
  window.leukolens = Object.freeze({
    async call(name, arg) {
      const res = await fetch('/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, arg })
      })
      const reply = await res.json()
      if (reply.ok) return reply.result
      const err = new Error(reply.error.message)
      err.name = reply.error.name
      throw err
    },
    on(name, listener) {
      if (!listeners.has(name)) listeners.set(name, new Set())
      listeners.get(name).add(listener)
      return () => listeners.get(name).delete(listener)
    },
    imageUrl(path, size) {
      const q = new URLSearchParams({ p: path })
      if (size) q.set('s', String(size))
      return `/img?${q}`
    },
    // A plain browser page cannot know a dropped file's path.
    pathForFile() {
      return ''
    }
  })
})()
