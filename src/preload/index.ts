/**
 * The preload exposes exactly the contract as `window.leukolens`: `call`, `on`, `imageUrl`. No raw ipcRenderer,
 * no channel the page can choose: every call travels on IPC_CALL and main checks its name and argument against
 * the contract's schemas; a listener only ever receives the event it named.
 * Built as CommonJS (a sandboxed preload cannot be an ES module).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EventName, LeukolensApi } from '../shared/contract'
import { IMAGE_SCHEME, IPC_CALL, IPC_EVENT, type WireError } from '../shared/ipc'

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError }

const api: LeukolensApi = {
  async call(name, ...arg) {
    const reply = (await ipcRenderer.invoke(IPC_CALL, name, arg[0])) as Reply
    if (reply.ok) return reply.result as never
    const err = new Error(reply.error.message)
    err.name = reply.error.name
    throw err
  },
  on(name, listener) {
    const handler = (_e: IpcRendererEvent, event: EventName, payload: unknown): void => {
      if (event === name) (listener as (p: unknown) => void)(payload)
    }
    ipcRenderer.on(IPC_EVENT, handler)
    return () => void ipcRenderer.removeListener(IPC_EVENT, handler)
  },
  imageUrl(path, size) {
    const q = new URLSearchParams({ p: path })
    if (size) q.set('s', String(size))
    return `${IMAGE_SCHEME}://img/?${q.toString()}`
  },
  pathForFile(file) {
    // Sandboxed pages have no File.path; Electron's webUtils gives the path of a file the user dropped.
    return webUtils.getPathForFile(file)
  }
}

contextBridge.exposeInMainWorld('leukolens', api)
